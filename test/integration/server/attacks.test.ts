import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import WebSocket from 'ws';
import { checkReportSchema } from '../../../electron/contract/check';
import { modelInfoSchema } from '../../../electron/contract/model';
import type { BenchOptions } from '../../../electron/contract/run';
import { AppService } from '../../../electron/host/app-service';
import { startServer, type RunningServer } from '../../../electron/server/server';
import { npy } from '../../fixtures/reference-data';
import { TestClient } from './ws-client';

// Browser mode under attack: each test is one attack from a client holding the token (or not), and asserts the
// refusal and that nothing outside the allowed folder was read or written. Token, Host and Origin refusals of the
// ordinary server are in server.test.ts; the non-loopback warning in serve-cli.test.ts.

const root = mkdtempSync(join(tmpdir(), 'infermeter-'));
process.env['INFERMETER_DATA_DIR'] = join(root, 'data');
process.env['INFERMETER_CACHE_DIR'] = join(root, 'cache');
const allowed = join(root, 'allowed');
const outside = join(root, 'outside');
mkdirSync(allowed);
mkdirSync(outside);
mkdirSync(join(root, 'renderer'));
writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html><title>ui</title>');
writeFileSync(join(allowed, 'junk.onnx'), 'not a model');
symlinkSync(outside, join(allowed, 'escape')); // a folder inside that leads outside
symlinkSync(join(root, 'nowhere'), join(allowed, 'dangling.onnx'));

const RUN_STARTS = 3;
const options: Omit<BenchOptions, 'modelPath'> = {
  batches: [1], providers: ['cpu'], threads: [null], precisions: ['fp32'], dims: {}, shapes: {}, intRanges: {},
  maxLatencyMs: null, seed: 1, profileOrt: false,
  stopping: { warmupIterations: 1, warmupMs: 0, minIterations: 5, minTimeMs: 10, maxTimeMs: 100, targetRelativeCi: 0.05, maxIterations: 1000 },
};

let service: AppService;
let server: RunningServer;
let client: TestClient;
let wsUrl: string;
let outsideModel: string;

before(async () => {
  service = new AppService();
  server = await startServer({ staticDir: join(root, 'renderer'), service, allowedDirs: [allowed], runStartsPerMinute: RUN_STARTS, maxConnections: 3, maxMessageBytes: 64 * 1024 });
  wsUrl = `ws://127.0.0.1:${server.port}/ws?token=${server.token}`;
  client = await TestClient.connect(wsUrl);
  // A real model, outside the allowed folder: the built-in tiny MLP, copied next to it.
  const info = modelInfoSchema.parse(await client.call('inspectModel', { model: 'builtin:mlp:tiny' }));
  outsideModel = join(outside, 'mlp.onnx');
  copyFileSync(info.path, outsideModel);
});

after(async () => {
  client.close();
  await server.close();
  service.close();
  rmSync(root, { recursive: true, force: true });
});

/** A float32 .npy of `shape`, every element `value`. */
function npyFloat32(shape: number[], value: number): Uint8Array {
  return npy('<f4', shape, new Uint8Array(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(value).buffer));
}

async function refusal(method: string, params: unknown): Promise<string> {
  const outcome = await client.raw(method, params);
  assert.equal(outcome.ok, false, `${method} ${JSON.stringify(params)} was not refused`);
  if (outcome.ok) return '';
  assert.equal(outcome.error.code, 'bad-input');
  return outcome.error.message;
}

test('model paths outside the allowed folders are refused: absolute, .., through a symlink, a dangling link', async () => {
  const attempts = [outsideModel, join(allowed, '..', 'outside', 'mlp.onnx'), join(allowed, 'escape', 'mlp.onnx'), '/etc/passwd', `${allowed}/../../../../etc/passwd`];
  for (const model of attempts) {
    assert.match(await refusal('inspectModel', { model }), /^inspectModel: model .*: outside the folders this server may use \(.*allowed\); restart infermeter serve with --allow-dir FOLDER/, model);
    assert.match(await refusal('startRun', { model, options }), /^startRun: model .*outside the folders/, model);
    assert.match(await refusal('convertModel', { model, to: 'fp16', outPath: join(allowed, 'out.onnx') }), /^convertModel: model .*outside the folders/, model);
  }
  assert.match(await refusal('inspectModel', { model: join(allowed, 'escape', 'mlp.onnx') }), /\(really .*outside[\\/]mlp\.onnx\)/);
  assert.match(await refusal('inspectModel', { model: join(allowed, 'dangling.onnx') }), /^inspectModel: model .*dangling\.onnx: a symbolic link to a path that does not exist$/);
  assert.equal(existsSync(join(allowed, 'out.onnx')), false);
});

test('a model inside the allowed folder is inspected, by a plain path and through a symlink that stays inside', async () => {
  copyFileSync(outsideModel, join(allowed, 'mlp.onnx'));
  symlinkSync(join(allowed, 'mlp.onnx'), join(allowed, 'link.onnx'));
  const direct = modelInfoSchema.parse(await client.call('inspectModel', { model: join(allowed, 'mlp.onnx') }));
  const linked = modelInfoSchema.parse(await client.call('inspectModel', { model: join(allowed, 'link.onnx') }));
  assert.equal(linked.path, direct.path, 'the checked real path is the one opened');
  assert.equal(linked.sha256, direct.sha256);
});

test('conversion output and input folders outside the allowed folders are refused, and nothing is written there', async () => {
  const model = join(allowed, 'mlp.onnx');
  const outs = [join(outside, 'fp16.onnx'), join(allowed, '..', 'outside', 'fp16.onnx'), join(allowed, 'escape', 'fp16.onnx'), join(allowed, 'escape', 'new', 'dir', 'fp16.onnx'), join(allowed, 'dangling.onnx'), '/tmp/infermeter-owned.onnx'];
  for (const outPath of outs) {
    const message = await refusal('convertModel', { model, to: 'fp16', outPath });
    assert.match(message, /^convertModel: outPath .*(outside the folders this server may use|symbolic link to a path that does not exist)/, outPath);
  }
  assert.match(await refusal('convertModel', { model, to: 'int8-static', outPath: join(allowed, 'q.onnx'), calibration: { kind: 'folder', path: outside } }), /^convertModel: calibration folder .*outside the folders/);
  assert.match(await refusal('convertModel', { model, to: 'fp16', outPath: join(allowed, 'h.onnx'), accuracyInputs: join(allowed, 'escape') }), /^convertModel: accuracyInputs .*outside the folders/);
  assert.deepEqual(readdirSync(outside), ['mlp.onnx'], 'nothing was written outside');
  assert.equal(existsSync('/tmp/infermeter-owned.onnx'), false);
  // Inside, the same conversion goes through.
  const report = (await client.call('convertModel', { model, to: 'fp16', outPath: join(allowed, 'out', 'fp16.onnx'), accuracySamples: 0 })) as { outputPath: string };
  assert.equal(report.outputPath, join(allowed, 'out', 'fp16.onnx'));
  assert.ok(existsSync(report.outputPath));
});

test('reference data folders outside the allowed folders are refused for check, convert and a run; inside, the check runs', async () => {
  copyFileSync(outsideModel, join(allowed, 'mlp.onnx'));
  const model = join(allowed, 'mlp.onnx');
  const check = { model, providers: ['cpu'], precisions: ['fp32'], tolerance: { rtol: 1e-3, atol: 1e-7 } };
  for (const dataDir of [outside, join(allowed, 'escape'), join(allowed, '..', 'outside')])
    assert.match(await refusal('checkModel', { ...check, dataDir }), /^checkModel: dataDir .*outside the folders this server may use/, dataDir);
  assert.match(await refusal('checkModel', { ...check, model: outsideModel, dataDir: allowed }), /^checkModel: model .*outside the folders/);
  assert.match(await refusal('convertModel', { model, to: 'fp16', outPath: join(allowed, 'r.onnx'), referenceData: join(allowed, 'escape') }), /^convertModel: referenceData .*outside the folders/);
  assert.match(await refusal('startRun', { model, options: { ...options, referenceData: outside } }), /^startRun: options\.referenceData .*outside the folders/);
  // Inside: a data folder whose input is the model's and whose reference output is wrong everywhere fails the check, with the table.
  const set = join(allowed, 'data', 'test_data_set_0');
  mkdirSync(set, { recursive: true });
  const info = modelInfoSchema.parse(await client.call('inspectModel', { model }));
  const input = info.inputs[0];
  const output = info.outputs[0];
  assert.ok(input && output);
  const dims = (shape: Array<number | string | null>) => shape.map((d) => (typeof d === 'number' ? d : 1));
  writeFileSync(join(set, 'input_0.npy'), npyFloat32(dims(input.shape), 0.5));
  writeFileSync(join(set, 'output_0.npy'), npyFloat32(dims(output.shape), 1e6));
  const report = checkReportSchema.parse(await client.call('checkModel', { ...check, dataDir: join(allowed, 'data') }));
  assert.deepEqual([report.pass, report.rows.length, report.rows[0]?.outputs[0]?.output], [false, 1, output.name]);
});

test(`rapid-fire run starts: ${RUN_STARTS} a minute go through, the rest are refused as rate-limited`, async () => {
  const outcomes = await Promise.all(Array.from({ length: RUN_STARTS + 5 }, () => client.raw('startRun', { model: join(allowed, 'junk.onnx'), options })));
  const started = outcomes.filter((o) => o.ok);
  const limited = outcomes.filter((o) => !o.ok && /^rate-limited: at most 3 run starts per 60 s on this server; try again in \d+ s$/.test(o.error.message));
  assert.equal(started.length, RUN_STARTS);
  assert.equal(limited.length, 5);
  // A refused path does not spend a start, and the limit holds for a second connection too.
  const other = await TestClient.connect(wsUrl);
  const again = await other.raw('startRun', { model: 'builtin:mlp:tiny', options });
  assert.match(!again.ok ? again.error.message : '', /^rate-limited/);
  other.close();
  // The starts that went through ended as runs the engine refused (junk.onnx is not a model), each reported.
  for (const o of started) {
    const runId = o.ok ? (o.result as { runId: string }).runId : '';
    await client.waitFor((e) => e.type === 'engine-crashed' && e.runId === runId);
  }
});

test('an oversize WebSocket message closes that connection (1009) and the server serves the next one', async () => {
  const socket = new WebSocket(wsUrl);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  socket.send(JSON.stringify({ kind: 'call', id: 1, method: 'importRun', params: { fileName: 'big.json', content: 'x'.repeat(100 * 1024) } }));
  assert.equal(await closed, 1009);
  const next = await TestClient.connect(wsUrl);
  assert.deepEqual(await next.call('listBuiltins', {}).then((b) => Array.isArray(b)), true);
  next.close();
});

test('connections beyond the cap are refused with 503 until one closes', async () => {
  const extra = [await TestClient.connect(wsUrl), await TestClient.connect(wsUrl)]; // with `client`, 3 open
  await assert.rejects(TestClient.connect(wsUrl), /HTTP 503/);
  extra[0]!.close();
  for (let i = 0; ; i++) {
    // the server counts a connection until its socket has closed
    const retry = await TestClient.connect(wsUrl).catch(() => null);
    if (retry) {
      retry.close();
      break;
    }
    assert.ok(i < 50, 'a slot came free after a connection closed');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  extra[1]!.close();
});

function get(path: string, headers: Record<string, string>, method = 'GET'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers, method }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

test('HTTP without the right token, from a rebinding Host or a foreign Origin, or not a GET, is refused', async () => {
  const t = server.token;
  const host = `127.0.0.1:${server.port}`;
  const cases: Array<[string, Record<string, string>, number, string?]> = [
    ['/', { Host: host }, 403],
    ['/index.html', { Host: host }, 403],
    [`/?token=${t.slice(0, -1)}`, { Host: host }, 403],
    [`/?token=${t.toUpperCase()}`, { Host: host }, 403],
    ['/', { Host: host, Cookie: `infermeter_token=${t}x` }, 403],
    ['/', { Host: host, Cookie: `other_token=${t}` }, 403],
    [`/?token=${t}`, { Host: `evil.example:${server.port}` }, 403],
    [`/?token=${t}`, { Host: `127.0.0.1.evil.example:${server.port}` }, 403],
    [`/?token=${t}`, { Host: '127.0.0.1' }, 403],
    [`/?token=${t}`, { Host: host, Origin: 'http://evil.example' }, 403],
    [`/?token=${t}`, { Host: host, Origin: 'null' }, 403],
    [`/?token=${t}`, { Host: host, Origin: `https://127.0.0.1:${server.port}` }, 403],
    [`/?token=${t}`, { Host: host }, 405, 'POST'],
    [`/?token=${t}`, { Host: host }, 405, 'DELETE'],
    [`/%2e%2e/outside/mlp.onnx?token=${t}`, { Host: host }, 404],
    [`/?token=${t}`, { Host: host }, 200],
  ];
  for (const [path, headers, status, method] of cases) assert.equal(await get(path, headers, method), status, `${method ?? 'GET'} ${path} ${JSON.stringify(headers)}`);
});
