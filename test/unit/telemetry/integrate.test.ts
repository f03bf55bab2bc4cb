import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuEnergyFromRapl, energyFigure, gpuEnergyFromCounter, gpuEnergyFromPower } from '../../../electron/engine/telemetry/energy';
import { integrateTrapezoid, type TimedValue } from '../../../electron/engine/telemetry/integrate';

function trace(fromMs: number, toMs: number, stepMs: number, watts: (tMs: number) => number): TimedValue[] {
  const points: TimedValue[] = [];
  for (let t = fromMs; t <= toMs + 1e-9; t += stepMs) points.push({ tMs: t, value: watts(t) });
  return points;
}

test('a linear power ramp integrates exactly, window edges interpolated between samples', () => {
  // P(t) = 100 + 0.2·t W (t in ms) over [130, 1870] ms: 100 W × 1.74 s + 0.1 × (1870² − 130²) W·ms / 1000 = 174 + 348 J.
  const ramp = trace(0, 2000, 100, (t) => 100 + 0.2 * t);
  const expected = 522;
  const joules = integrateTrapezoid(ramp, 130, 1870);
  assert.ok(joules !== null && Math.abs(joules - expected) < 1e-9, `${joules} vs ${expected}`);
});

test('a 100 W + 50 W sine over whole periods gives 100 W × time, within the trapezoid error at 10 ms sampling', () => {
  const sine = trace(0, 3000, 10, (t) => 100 + 50 * Math.sin((2 * Math.PI * t) / 1000));
  const joules = integrateTrapezoid(sine, 0, 3000);
  assert.ok(joules !== null && Math.abs(joules - 300) < 0.01, String(joules));
  // Half a period adds (50 W)·(1 s)/π of the positive lobe: ∫0^0.5 50 sin(2πt) dt = 50/π J.
  const half = integrateTrapezoid(sine, 0, 500);
  assert.ok(half !== null && Math.abs(half - (50 + 50 / Math.PI)) < 0.01, String(half));
});

test('outside the samples the edge value is held; fewer than two samples is no figure', () => {
  const two = [{ tMs: 100, value: 10 }, { tMs: 200, value: 20 }];
  // [0,100] ms held at 10 W, [100,200] ramp 10→20 W, [200,300] held at 20 W: 1 + 1.5 + 2 = 4.5 J
  assert.equal(integrateTrapezoid(two, 0, 300), 4.5);
  assert.equal(integrateTrapezoid([{ tMs: 0, value: 5 }], 0, 100), null);
  assert.equal(integrateTrapezoid(two, 200, 200), null);
});

test('GPU energy per inference: integral / inferences, with the method and interval stated', () => {
  const flat = trace(0, 1000, 100, () => 300);
  const e = gpuEnergyFromPower(flat, 0, 1000, 1500, 100, 'nvidia-smi');
  assert.equal(e.available, true);
  if (!e.available) return;
  assert.ok(Math.abs(e.joules - 300) < 1e-9);
  assert.ok(Math.abs(e.joulesPerInference - 0.2) < 1e-12);
  assert.ok(Math.abs(e.inferencesPerJoule - 5) < 1e-9);
  assert.match(e.method, /^nvidia-smi integrated over the 1000 ms timed window \(trapezoid, a reading every 100 ms\)/);
  assert.match(e.method, /idle power included, not subtracted/);
  const none = gpuEnergyFromPower([{ tMs: 500, value: 300 }], 0, 1000, 10, 100, 'nvidia-smi');
  assert.equal(none.available, false);
  if (!none.available) assert.match(none.reason, /fewer than 2 power readings around the 1000 ms timed window \(nvidia-smi every 100 ms\)/);
});

test('RAPL energy: counter delta across a wrap, scaled from the reads\' span to the window', () => {
  const pkg = { name: 'package-0', dir: '/x', maxEnergyRangeUj: 262_143_328_850 };
  // 50 J between reads 1000 ms apart, wrapping; the window is the middle 800 ms → 40 J.
  const a = { tMs: 0, values: { rapl0: pkg.maxEnergyRangeUj - 20_000_000 } };
  const b = { tMs: 1000, values: { rapl0: 30_000_000 } };
  const e = cpuEnergyFromRapl(a, b, [pkg], 100, 900, 400, 100);
  assert.equal(e.available, true);
  if (e.available) {
    assert.ok(Math.abs(e.joules - 40) < 1e-9, String(e.joules));
    assert.ok(Math.abs(e.joulesPerInference - 0.1) < 1e-12);
    assert.match(e.method, /RAPL package-0 energy counter/);
  }
  assert.equal(energyFigure(0, 10, 'm', 'counter').available, false);
});

test('GPU energy from a counter: the bracketing readings\' difference scaled to the window; a reset counter gives way to power', () => {
  // A counter rising 400 J/s read every 100 ms from t = 0; the window is 250..1250 ms: 400 J exactly.
  const counter = Array.from({ length: 16 }, (_, i) => ({ tMs: i * 100, value: 1000 + 0.4 * i * 100 }));
  const e = gpuEnergyFromCounter(counter, 250, 1250, 200, 100, 'test counter');
  assert.equal(e?.available, true);
  if (e?.available) {
    assert.ok(Math.abs(e.joules - 400) < 1e-9, String(e.joules));
    assert.equal(e.basis, 'counter');
    assert.equal(e.joulesPerInference, 2);
    assert.match(e.method, /^test counter over 1100 ms of readings \(about every 100 ms\) around the 1000 ms timed window, scaled to it; the driver's own accumulation/);
  }
  // The last reading inside the window is enough when none came after it (a slow tool), scaled up to the window.
  assert.ok(Math.abs((gpuEnergyFromCounter(counter.slice(0, 10), 250, 1250, 200, 100, 'c') as { joules: number }).joules - 400) < 1e-9);
  assert.equal(gpuEnergyFromCounter(counter.slice(0, 6), 250, 1250, 200, 100, 'c'), null, 'readings over 300 ms of a 1000 ms window');
  assert.equal(gpuEnergyFromCounter([{ tMs: 0, value: 5000 }, { tMs: 2000, value: 10 }], 250, 1250, 1, 100, 'c'), null, 'a counter that went backwards');
  assert.equal(gpuEnergyFromCounter([{ tMs: 600, value: 5 }], 250, 1250, 1, 100, 'c'), null, 'one reading brackets nothing');
  const power = gpuEnergyFromPower([{ tMs: 0, value: 300 }, { tMs: 500, value: 300 }, { tMs: 1000, value: 300 }], 0, 1000, 10, 100, 'nvidia-smi');
  assert.equal(power.available && power.basis, 'power-integral');
});
