import { Chart, type TooltipItem } from 'chart.js';
import { dollars, type CostBars } from '../view-models/recommendation';
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

/** Cost per 1M inferences (on demand) by instance: measured bars solid, projected bars hatched, a legend for both. */
export function costChart(canvas: HTMLCanvasElement, bars: CostBars): Chart<'bar', Array<number | null>, string> {
  const color = paletteColor(0);
  return new Chart<'bar', Array<number | null>, string>(canvas, {
    type: 'bar',
    data: {
      labels: bars.labels,
      datasets: [
        { label: 'measured', data: bars.measured, backgroundColor: color, borderColor: color, borderWidth: 1 },
        { label: 'PROJECTED (roofline estimate)', data: bars.projected, backgroundColor: hatch(color), borderColor: color, borderWidth: 1 },
      ],
    },
    plugins: [backgroundPlugin],
    options: {
      indexAxis: 'y',
      datasets: { bar: { grouped: false } },
      plugins: {
        title: { display: true, text: 'Cost per 1M inferences, on demand (lower is better)' },
        legend: { display: true },
        tooltip: { callbacks: { label: (item: TooltipItem<'bar'>) => `${item.dataset.label ?? ''}: ${dollars(item.raw as number)} per 1M` } },
      },
      scales: { x: { type: 'logarithmic', title: { display: true, text: 'USD per 1M inferences (log scale)' } } },
    },
  });
}
