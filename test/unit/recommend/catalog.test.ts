import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineError } from '../../../electron/engine/errors';
import { loadCatalog, shippedDataDir } from '../../../electron/engine/recommend/catalog';

const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
function userFile(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}
function rejects(pricesFile: string, pattern: RegExp): void {
  assert.throws(() => loadCatalog({ pricesFile }), (e: unknown) => {
    assert.ok(e instanceof EngineError, String(e));
    assert.equal(e.code, 'bad-input');
    assert.ok(e.message.startsWith(`--prices ${pricesFile}: `), e.message);
    assert.match(e.message, pattern);
    return true;
  });
}

test('the shipped catalog loads, keeps sources and notes, and every reference resolves', () => {
  const c = loadCatalog();
  assert.ok(c.instances.length >= 20);
  assert.ok(c.instances.every((x) => x.source.length > 0));
  assert.ok(c.accelerators.get('nvidia-a10g')?.note?.includes('null'));
  assert.equal(c.accelerators.get('nvidia-a10g')?.peak_tflops.fp16, null);
  assert.equal(c.files.length, 2);
});

test('a user file overrides by id (only the fields given), adds instances and applies a discount', () => {
  const extra = {
    provider: 'onprem', id: 'my-t4-box', vcpus: 8, memory_gb: 32, accelerator_id: 'nvidia-t4', accelerator_count: 2, price_on_demand_usd_hr: 0.3,
    price_spot_usd_hr: null, region: 'basement', price_date: '2026-11-01', source: 'our invoice', note: 'amortised over 3 years',
  };
  const c = loadCatalog({ pricesFile: userFile('ok.json', { reserved_discount: 0.4, instances: [{ id: 'g4dn.xlarge', price_on_demand_usd_hr: 0.4, reserved_discount: 0.5 }, extra] }) });
  const g4 = c.instances.find((x) => x.id === 'g4dn.xlarge');
  assert.equal(g4?.price_on_demand_usd_hr, 0.4);
  assert.equal(g4?.price_spot_usd_hr, 0.1869); // untouched fields stay
  assert.equal(g4?.reserved_discount, 0.5);
  assert.equal(c.instances.find((x) => x.id === 'c5.xlarge')?.reserved_discount, 0.4);
  assert.equal(c.instances.find((x) => x.id === 'my-t4-box')?.accelerator_count, 2);
  assert.equal(c.files.length, 3);
});

test('a bare array of instances is accepted', () => {
  const c = loadCatalog({ pricesFile: userFile('arr.json', [{ id: 'c5.xlarge', price_spot_usd_hr: null }]) });
  assert.equal(c.instances.find((x) => x.id === 'c5.xlarge')?.price_spot_usd_hr, null);
});

test('validation errors name the file and the first bad field', () => {
  rejects(userFile('bad-type.json', { instances: [{ id: 'c5.xlarge', price_on_demand_usd_hr: '0.17' }] }), /instances\.0\.price_on_demand_usd_hr: /);
  rejects(userFile('negative.json', { instances: [{ id: 'c5.xlarge' }, { id: 'c6i.xlarge', price_on_demand_usd_hr: -1 }] }), /instances\.1\.price_on_demand_usd_hr/);
  rejects(userFile('incomplete.json', { instances: [{ id: 'new-box', price_on_demand_usd_hr: 1 }] }), /instances\.0\.\w+/);
  rejects(userFile('typo.json', { instances: [{ id: 'c5.xlarge', price_ondemand: 1 }] }), /instances\.0.*price_ondemand/);
  rejects(userFile('noid.json', { instances: [{ price_on_demand_usd_hr: 1 }] }), /instances\.0\.id/);
  rejects(userFile('bad-acc.json', { accelerators: [{ id: 'nvidia-t4', memory_bandwidth_gbs: 'fast' }] }), /accelerators\.0\.memory_bandwidth_gbs/);
  rejects(userFile('discount.json', { reserved_discount: 2 }), /reserved_discount/);
  rejects(userFile('unknown-ref.json', { instances: [{ id: 'g4dn.xlarge', accelerator_id: 'nvidia-t5' }] }), /accelerator_id: "nvidia-t5".*not in accelerators/);
  rejects(userFile('not-json.json', '{ instances: '), /not valid JSON/);
  rejects(join(dir, 'absent.json'), /cannot read \(ENOENT\)/);
});

test('a broken shipped catalog names its own file', () => {
  const copy = mkdtempSync(join(tmpdir(), 'infermeter-'));
  cpSync(shippedDataDir(), copy, { recursive: true });
  writeFileSync(join(copy, 'accelerators.json'), JSON.stringify([{ id: 'x' }]));
  assert.throws(() => loadCatalog({ dataDir: copy }), (e: unknown) => e instanceof EngineError && e.message.startsWith(`${join(copy, 'accelerators.json')}: 0.vendor`));
});
