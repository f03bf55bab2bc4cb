import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TokenBucket } from '../../../electron/server/rate-limit';

test('a token bucket allows its capacity at once, then refills at capacity per period', () => {
  let now = 0;
  const bucket = new TokenBucket(3, 60_000, () => now);
  assert.deepEqual([bucket.take(), bucket.take(), bucket.take(), bucket.take()], [true, true, true, false]);
  assert.equal(bucket.waitMs(), 20_000);
  now = 19_999;
  assert.equal(bucket.take(), false);
  now = 20_000;
  assert.equal(bucket.take(), true);
  now = 10 * 60_000; // a long pause refills to capacity, not beyond
  assert.deepEqual([bucket.take(), bucket.take(), bucket.take(), bucket.take()], [true, true, true, false]);
  assert.throws(() => new TokenBucket(0, 1000), RangeError);
});
