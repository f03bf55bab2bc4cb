import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatTally, fuzzModels, unclearReason } from '../../fuzz/fuzz-models';
import { mutateModel, Rng } from '../../fuzz/mutate-model';
import { mlpModel } from '../../fixtures/tiny-models';

test('mutations are replayable from their seed', () => {
  const a = mutateModel(mlpModel(), new Rng(42));
  const b = mutateModel(mlpModel(), new Rng(42));
  assert.equal(a.kind, b.kind);
  assert.deepEqual(Buffer.from(a.bytes), Buffer.from(b.bytes));
});

test('the clarity check catches what a user should never read', () => {
  assert.equal(unclearReason('model.onnx: the file is truncated (12 bytes, it ends inside a field); re-download or re-export the model'), null);
  assert.match(unclearReason("Cannot read properties of undefined (reading 'dims')") ?? '', /undefined/);
  assert.match(unclearReason('boom\n    at foo (/x/y.js:1:2)') ?? '', /more than one line/);
  assert.match(unclearReason('bad [object Object]') ?? '', /object Object/);
  assert.equal(unclearReason(''), 'no message');
});

test('150 seeded mutations through inspect, convert and bench in the worker: each a result or a clear error, the parent alive', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-fuzz-'));
  try {
    const report = await fuzzModels({ cases: 150, seed: 20261122, dir });
    for (const line of formatTally(report)) t.diagnostic(line);
    assert.equal(report.cases.length, 150);
    assert.deepEqual(
      report.unclear.map(({ case: c, outcome }) => `case ${c.index} (${c.mutation}) ${outcome.stage}: ${outcome.message}`),
      [],
    );
    // The corpus reaches past the decoder: some cases load and run, some are refused by the checks.
    const count = (stage: string, kind: string) => report.cases.filter((c) => c.outcomes.some((o) => o.stage === stage && o.kind === kind)).length;
    assert.ok(count('inspect', 'ok') > 30, `inspect ok ${count('inspect', 'ok')}`);
    assert.ok(count('inspect', 'error') > 30, `inspect refused ${count('inspect', 'error')}`);
    assert.ok(count('bench', 'ok') > 10, `bench ran ${count('bench', 'ok')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
