import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, ScatterController, Title, Tooltip,
  type Plugin,
} from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, ScatterController, Title, Tooltip);

const dark = window.matchMedia('(prefers-color-scheme: dark)');

/** Colors that read on both backgrounds (Okabe–Ito, colour-blind safe), brighter variants in the dark theme. */
const LIGHT = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#7a6a00', '#000000'];
const DARK = ['#56B4E9', '#FF8A4C', '#2BD4A0', '#F09AD0', '#F5C242', '#9AD7FF', '#E0D060', '#FFFFFF'];

/** The theme toggle's choice: follow the OS (auto), or light or dark whatever it says. Kept in localStorage. */
export type ThemeChoice = 'auto' | 'light' | 'dark';
const THEME_KEY = 'infermeter.theme';
const themeListeners = new Set<() => void>();

export function themeChoice(): ThemeChoice {
  const v = document.documentElement.dataset['theme'];
  return v === 'light' || v === 'dark' ? v : 'auto';
}

/** Applies a choice to the page (the CSS reads data-theme) and to the charts, and remembers it. */
export function setThemeChoice(choice: ThemeChoice, remember = true): void {
  if (choice === 'auto') delete document.documentElement.dataset['theme'];
  else document.documentElement.dataset['theme'] = choice;
  if (remember) {
    try {
      window.localStorage.setItem(THEME_KEY, choice);
    } catch {
      // storage off: the choice lasts for this page only
    }
  }
  applyChartDefaults();
  for (const l of themeListeners) l();
}

export function restoreThemeChoice(): void {
  let saved: string | null = null;
  try {
    saved = window.localStorage.getItem(THEME_KEY);
  } catch {
    saved = null;
  }
  if (saved === 'light' || saved === 'dark') setThemeChoice(saved, false);
}

export function isDark(): boolean {
  const choice = themeChoice();
  return choice === 'auto' ? dark.matches : choice === 'dark';
}

export function paletteColor(i: number): string {
  const p = isDark() ? DARK : LIGHT;
  return p[i % p.length] ?? '#888';
}

export function themeColors(): { text: string; grid: string; background: string } {
  return isDark() ? { text: '#d8dde4', grid: 'rgba(255,255,255,0.12)', background: '#1b1e23' } : { text: '#1f2328', grid: 'rgba(0,0,0,0.1)', background: '#ffffff' };
}

export function applyChartDefaults(): void {
  const t = themeColors();
  Chart.defaults.color = t.text;
  Chart.defaults.borderColor = t.grid;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
}

/** Paints the background, so an exported PNG is readable outside the page (a canvas is transparent). */
export const backgroundPlugin: Plugin = {
  id: 'infermeter-background',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = themeColors().background;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** Re-themes every chart on the page when the OS switches between light and dark, or the toggle does. */
export function onThemeChange(listener: () => void): void {
  themeListeners.add(listener);
  dark.addEventListener('change', () => {
    if (themeChoice() !== 'auto') return;
    applyChartDefaults();
    listener();
  });
}

/**
 * Draws one throwaway line chart (log₂ x axis, like the results') and one bar chart off-screen while the app is idle,
 * so Chart.js's first-use costs (compiling its code paths, measuring fonts) are paid before a run streams in rather
 * than in the frame that builds the first results chart.
 */
export function warmUpCharts(): void {
  const idle = window.requestIdleCallback ?? ((f: () => void) => window.setTimeout(f, 200));
  const box = document.createElement('div');
  box.style.cssText = 'position:fixed;left:-10000px;top:0;width:480px;height:320px;';
  const canvas = document.createElement('canvas');
  box.appendChild(canvas);
  const points = [1, 2, 4, 8].map((x) => ({ x, y: x * 10 }));
  // Two idle callbacks, one chart each: the warm-up must not become the long task it is there to prevent.
  idle(() => {
    document.body.appendChild(box);
    new Chart(canvas, {
      type: 'line',
      data: { datasets: [{ label: 'warm-up', data: points }, { label: 'warm-up p99', data: points, borderDash: [6, 4] }] },
      options: { parsing: false, plugins: { legend: { position: 'bottom' }, title: { display: true, text: 'warm-up' } }, scales: { x: { type: 'logarithmic' }, y: { type: 'linear' } } },
    }).destroy();
    idle(() => {
      new Chart(canvas, { type: 'bar', data: { labels: ['a', 'b'], datasets: [{ label: 'warm-up', data: [1, 2] }] } }).destroy();
      box.remove();
    });
  });
}
