import { Chart, type TooltipItem } from 'chart.js';
import { dollars, logTickLabel, type CostBars } from '../view-models/recommendation';
import { backgroundPlugin, paletteColor, themeColors } from './theme';

/** Diagonal hatching over a light fill: projected bars must not read as measured ones, in colour or in greyscale. */
function hatch(color: string): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const ctx = tile.getContext('2d');
  if (!ctx) return color;
  ctx.fillStyle = themeColors().background;
  ctx.fillRect(0, 0, 8, 8);
  ctx.strokeStyle = color;
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(0, 8);
  ctx.lineTo(8, 0);
  ctx.moveTo(-2, 2);
  ctx.lineTo(2, -2);
  ctx.moveTo(6, 10);
  ctx.lineTo(10, 6);
  ctx.stroke();
  return ctx.createPattern(tile, 'repeat') ?? color;
}

/**
 * Cost of serving the target per 1M requests (on demand, pessimistic end) by instance: measured bars solid,
 * projected hatched; a legend entry only for a series that has bars; every bar labelled; log-axis labels thinned.
 */
export function costChart(canvas: HTMLCanvasElement, bars: CostBars, qps: number, title?: string): Chart<'bar', Array<number | null>, string> {
  const color = paletteColor(0);
  const values = [...bars.measured, ...bars.projected].filter((v): v is number => v !== null && v > 0);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const datasets = [
    ...(bars.hasMeasured ? [{ label: 'MEASURED', data: bars.measured, backgroundColor: color, borderColor: color, borderWidth: 1 }] : []),
    ...(bars.hasProjected ? [{ label: 'PROJECTED (pessimistic end of its range)', data: bars.projected, backgroundColor: hatch(color), borderColor: color, borderWidth: 1 }] : []),
  ];
  return new Chart<'bar', Array<number | null>, string>(canvas, {
    type: 'bar',
    data: { labels: bars.labels, datasets },
    plugins: [backgroundPlugin],
    options: {
      indexAxis: 'y',
      maintainAspectRatio: false,
      datasets: { bar: { grouped: false } },
      plugins: {
        title: { display: true, text: title ?? `Cost of serving ${qps.toLocaleString('en-US')} QPS, USD per 1M requests served, on demand (lower is better)` },
        legend: { display: datasets.length > 0 },
        tooltip: { callbacks: { label: (item: TooltipItem<'bar'>) => `${item.dataset.label ?? ''}: ${dollars(item.raw as number)} per 1M served` } },
      },
      scales: {
        x: {
          type: 'logarithmic',
          title: { display: true, text: 'USD per 1M requests served (log scale)' },
          ticks: { maxRotation: 0, callback: (value) => logTickLabel(Number(value), min, max) },
        },
        y: { ticks: { autoSkip: false } },
      },
    },
  });
}
