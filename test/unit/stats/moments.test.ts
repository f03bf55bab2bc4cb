import { test } from 'node:test';
import assert from 'node:assert/strict';
import { meanAndVariance, RunningMoments } from '../../../electron/engine/stats/moments';
import { confidenceHalfWidth, studentT975 } from '../../../electron/engine/stats/student-t';

const close = (actual: number, expected: number, tol: number): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} != ${expected} (±${tol})`);

test('meanAndVariance: mean and sample variance (n - 1) of 1..10', () => {
  const { n, mean, variance } = meanAndVariance(Float64Array.from([4, 1, 3, 2, 10, 5, 7, 6, 9, 8]));
  assert.equal(n, 10);
  close(mean, 5.5, 1e-12);
  close(variance, 110 / 12, 1e-12); // n(n+1)/12 for 1..n
});

test('meanAndVariance keeps precision on a large offset (where sum-of-squares fails)', () => {
  // var([4, 7, 13, 16], ddof=1) = 30; adding 1e9 must not change it.
  const { mean, variance } = meanAndVariance(Float64Array.from([4, 7, 13, 16].map((x) => x + 1e9)));
  close(mean, 1e9 + 10, 1e-6);
  close(variance, 30, 1e-6);
});

test('variance is NaN below two samples, mean NaN for none', () => {
  assert.ok(Number.isNaN(meanAndVariance(Float64Array.from([3])).variance));
  assert.equal(meanAndVariance(Float64Array.from([3])).mean, 3);
  assert.ok(Number.isNaN(meanAndVariance(new Float64Array(0)).mean));
});

test('RunningMoments matches the one-shot result at every prefix', () => {
  const xs = [2.5, 3.1, 2.9, 10, 3.0, 2.8];
  const running = new RunningMoments();
  xs.forEach((x, i) => {
    running.push(x);
    const whole = meanAndVariance(Float64Array.from(xs.slice(0, i + 1)));
    assert.equal(running.n, i + 1);
    close(running.mean, whole.mean, 1e-12);
    if (i > 0) close(running.variance, whole.variance, 1e-12);
  });
});

test('studentT975 matches published two-sided 95% critical values', () => {
  close(studentT975(1), 12.706, 5e-4);
  close(studentT975(2), 4.303, 5e-4);
  close(studentT975(10), 2.228, 5e-4);
  close(studentT975(30), 2.042, 5e-4);
  close(studentT975(31), 2.039513, 1e-6); // first value from the expansion
  close(studentT975(40), 2.021075, 1e-6);
  close(studentT975(100), 1.984, 5e-4);
  close(studentT975(100), 1.983972, 1e-6);
  close(studentT975(1e6), 1.96, 1e-3);
  assert.equal(studentT975(0), Number.POSITIVE_INFINITY);
});

test('studentT975 decreases with df towards the normal quantile', () => {
  let previous = Number.POSITIVE_INFINITY;
  for (let df = 1; df <= 500; df++) {
    const t = studentT975(df);
    assert.ok(t < previous && t > 1.959963984, `df ${df}: ${t}`);
    previous = t;
  }
});

test('confidenceHalfWidth = t(n-1)·s/√n', () => {
  // 1..10: s = 3.0276503540974917, t(9) = 2.262157 -> 2.165850589668169 (scipy).
  close(confidenceHalfWidth(3.0276503540974917, 10), 2.165850589668169, 1e-6);
  assert.equal(confidenceHalfWidth(1, 1), Number.POSITIVE_INFINITY);
});
