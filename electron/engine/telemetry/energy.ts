// Energy over a point's timed window, per inference (one sample of the batch), with how it was had.
import type { Energy, NotAvailable } from '../../contract/telemetry';
import { integrateTrapezoid, type TimedValue } from './integrate';
import { counterDelta, type RaplPackage } from './rapl';
import type { Sample } from './series';

type Basis = 'counter' | 'power-integral';

export function energyFigure(joules: number, inferences: number, method: string, basis: Basis): Energy {
  if (!(joules > 0) || !(inferences > 0)) return { available: false, reason: `no energy figure: ${joules.toFixed(3)} J over ${inferences} inferences (${method})` };
  return { available: true, joules, inferences, joulesPerInference: joules / inferences, inferencesPerJoule: inferences / joules, method, basis };
}

/** The counter's readings must span at least this share of the window (a slow tool may read only a few times). */
const MIN_COUNTER_COVERAGE = 0.5;

/**
 * GPU energy from the driver's cumulative counter (`energy`: joules at each reading, about every `intervalMs`): the
 * difference between the readings nearest the window's edges (outside it where there are some, else the first and
 * last inside), scaled from their span to the window's. Null when they span less than half the window or the counter
 * went backwards (a driver reload resets it): the caller integrates power then.
 */
export function gpuEnergyFromCounter(energy: readonly TimedValue[], fromMs: number, toMs: number, inferences: number, intervalMs: number, counter: string): Energy | null {
  const inside = energy.filter((e) => e.tMs > fromMs && e.tMs < toMs);
  const before = [...energy].reverse().find((e) => e.tMs <= fromMs) ?? inside[0];
  const after = energy.find((e) => e.tMs >= toMs) ?? inside[inside.length - 1];
  if (!before || !after || after.value < before.value) return null;
  const span = after.tMs - before.tMs;
  if (!(span >= MIN_COUNTER_COVERAGE * (toMs - fromMs))) return null;
  const joules = (after.value - before.value) * ((toMs - fromMs) / span);
  const method =
    `${counter} over ${Math.round(span)} ms of readings (about every ${intervalMs} ms) around the ${Math.round(toMs - fromMs)} ms timed window, scaled to it; ` +
    'the driver\'s own accumulation, not sampled power; idle power included, not subtracted; the whole board, other work on it included';
  return energyFigure(joules, inferences, method, 'counter');
}

/**
 * GPU energy: board power integrated over the window (trapezoid), from readings taken every `intervalMs`; `reading`
 * names them for the method (the tool and field, and whether each is an average).
 */
export function gpuEnergyFromPower(power: readonly TimedValue[], fromMs: number, toMs: number, inferences: number, intervalMs: number, reading: string): Energy | NotAvailable {
  // The readings just outside the window bound it at the edges.
  const near = power.filter((p) => p.tMs >= fromMs - intervalMs && p.tMs <= toMs + intervalMs);
  const joules = integrateTrapezoid(near, fromMs, toMs);
  if (joules === null) return { available: false, reason: `fewer than 2 power readings around the ${Math.round(toMs - fromMs)} ms timed window (${reading} every ${intervalMs} ms)` };
  const method =
    `${reading} integrated over the ${Math.round(toMs - fromMs)} ms timed window (trapezoid, a reading every ${intervalMs} ms); ` +
    'idle power included, not subtracted; the whole board, other work on it included';
  return energyFigure(joules, inferences, method, 'power-integral');
}

/**
 * CPU package energy from two RAPL reads `a` and `b` that bracket the window (read every `intervalMs`): the counters'
 * delta, scaled from the reads' span to the window's.
 */
export function cpuEnergyFromRapl(a: Sample, b: Sample, packages: readonly RaplPackage[], fromMs: number, toMs: number, inferences: number, intervalMs: number): Energy | NotAvailable {
  if (!(b.tMs > a.tMs)) return { available: false, reason: `fewer than 2 RAPL reads around the ${Math.round(toMs - fromMs)} ms timed window (read every ${intervalMs} ms)` };
  let uj = 0;
  packages.forEach((p, i) => {
    const before = a.values[`rapl${i}`];
    const after = b.values[`rapl${i}`];
    if (typeof before === 'number' && typeof after === 'number') uj += counterDelta(before, after, p.maxEnergyRangeUj);
  });
  const joules = (uj / 1e6) * ((toMs - fromMs) / (b.tMs - a.tMs));
  const names = packages.map((p) => p.name).join(' + ');
  const method =
    `RAPL ${names} energy counter over ${Math.round(b.tMs - a.tMs)} ms of reads (every ${intervalMs} ms) around the ${Math.round(toMs - fromMs)} ms timed window, scaled to it; ` +
    'whole package: idle power and other processes included, not subtracted; DRAM not counted';
  return energyFigure(joules, inferences, method, 'counter');
}
