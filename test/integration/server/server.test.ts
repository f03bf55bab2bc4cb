import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { builtinSummarySchema, runSummarySchema, type RunSummary } from '../../../electron/contract/app-api';
import { hardwareReportSchema } from '../../../electron/contract/hardware';
import { modelInfoSchema } from '../../../electron/contract/model';
import { runRecordSchema, type BenchOptions } from '../../../electron/contract/run';
import { runToCsv } from '../../../electron/engine/results/run-csv';
import { AppService } from '../../../electron/host/app-service';
import { PROGRESS_INTERVAL_MS } from '../../../electron/host/progress-coalescer';
import { startServer, type RunningServer } from '../../../electron/server/server';
import { NOT_BUILT_PAGE } from '../../../electron/server/static-files';
import { TestClient } from './ws-client';

const root = mkdtempSync(join(tmpdir(), 'infermeter-'));
process.env['INFERMETER_DATA_DIR'] = join(root, 'data');
process.env['INFERMETER_CACHE_DIR'] = join(root, 'cache');
const staticDir = join(root, 'renderer');
mkdirSync(join(staticDir, 'assets'), { recursive: true });
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>ui</title><script src="./assets/app.js"></script>');
writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log("ui")');
writeFileSync(join(root, 'secret.txt'), 'secret');

const options: Omit<BenchOptions, 'modelPath'> = {
  batches: [1, 2], providers: ['cpu'], threads: [null], precisions: ['fp32'], dims: {}, shapes: {}, intRanges: {},
  maxLatencyMs: null, seed: 1, profileOrt: false,
  stopping: { warmupIterations: 2, warmupMs: 0, minIterations: 10, minTimeMs: 50, maxTimeMs: 300, targetRelativeCi: 0.01, maxIterations: 100000 },
};

let service: AppService;
let server: RunningServer;
let client: TestClient;
let wsUrl: string;

before(async () => {
  service = new AppService();
  server = await startServer({ staticDir, service });
  wsUrl = `ws://127.0.0.1:${server.port}/ws?token=${server.token}`;
  client = await TestClient.connect(wsUrl);
});

after(async () => {
  client.close();
  await server.close();
  service.close();
  rmSync(root, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string; cookie: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body, cookie: String(res.headers['set-cookie'] ?? '') }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the URL carries a 32-character token; pages and assets need it, by query or by cookie', async () => {
  assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
  const page = await get(`/?token=${server.token}`);
  assert.equal(page.status, 200);
  assert.match(page.type, /^text\/html/);
  assert.match(page.body, /<title>ui<\/title>/);
  const cookie = page.cookie.split(';')[0]!;
  const asset = await get('/assets/app.js', { Cookie: cookie });
  assert.equal(asset.status, 200);
  assert.match(asset.type, /^text\/javascript/);
  assert.equal(asset.body, 'console.log("ui")');
  assert.equal((await get('/assets/app.js')).status, 403);
  assert.equal((await get('/?token=wrong')).status, 403);
  assert.equal((await get(`/?token=${server.token}x`)).status, 403);
  assert.equal((await get(`/nothing.js?token=${server.token}`)).status, 404);
});

test('no path outside the renderer folder is served', async () => {
  for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt']) {
    const res = await get(`${path}?token=${server.token}`);
    assert.equal(res.status, 404, path);
    assert.doesNotMatch(res.body, /secret/);
  }
});

test('a foreign Host or Origin is refused (DNS rebinding), on HTTP and on the WebSocket', async () => {
  assert.equal((await get(`/?token=${server.token}`, { Host: `evil.example:${server.port}` })).status, 403);
  assert.equal((await get(`/?token=${server.token}`, { Host: `localhost:${server.port}` })).status, 200);
  assert.equal((await get(`/?token=${server.token}`, { Origin: 'http://evil.example' })).status, 403);
  await assert.rejects(TestClient.connect(wsUrl, { headers: { Host: `evil.example:${server.port}` } }), /HTTP 403/);
  await assert.rejects(TestClient.connect(wsUrl, { origin: 'http://evil.example' }), /HTTP 403/);
  await assert.rejects(TestClient.connect(`ws://127.0.0.1:${server.port}/ws?token=wrong`), /HTTP 403/);
  await assert.rejects(TestClient.connect(`ws://127.0.0.1:${server.port}/ws`), /HTTP 403/);
  const sameOrigin = await TestClient.connect(wsUrl, { origin: `http://127.0.0.1:${server.port}` });
  sameOrigin.close();
});

test('off-contract messages are answered with errors and the connection lives on', async () => {
  client.send('not json');
  client.send(JSON.stringify({ kind: 'call', id: 7 }));
  const unknown = await client.raw('rm -rf', {});
  assert.equal(unknown.ok, false);
  assert.match(!unknown.ok ? unknown.error.message : '', /unknown method 'rm -rf'/);
  const badParams = await client.raw('getRun', { runId: 5 });
  assert.match(!badParams.ok ? badParams.error.message : '', /^getRun: bad parameters \(runId: /);
  const offContract = client.results.filter((r) => !r.ok && /off-contract message/.test(r.error.message));
  assert.deepEqual(offContract.map((r) => r.id).sort(), [-1, 7]);
  const missing = await client.raw('getRun', { runId: 'no-such-run' });
  assert.deepEqual(!missing.ok && missing.error.code, 'bad-input');
});

test('hardware, built-ins and a built-in model inspected over the WebSocket', async () => {
  const hw = hardwareReportSchema.parse(await client.call('detectHardware', { probeProviders: false }));
  assert.ok(hw.cpu.logicalCores > 0);
  const builtins = (await client.call('listBuiltins', {})) as unknown[];
  const mlp = builtins.map((b) => builtinSummarySchema.parse(b)).find((b) => b.name === 'mlp');
  assert.ok(mlp && mlp.tiny.params > 0 && mlp.tiny.params < mlp.base.params);
  const info = modelInfoSchema.parse(await client.call('inspectModel', { model: 'builtin:mlp:tiny' }));
  assert.ok(info.path.startsWith(join(root, 'cache')));
  assert.equal(info.parameterCount, mlp.tiny.params);
});

test('a run streams its events, lands in the history, exports as the CLI writes it and imports back', async () => {
  const started = Date.now();
  const { runId } = (await client.call('startRun', { model: 'builtin:mlp:tiny', options })) as { runId: string };
  await client.waitFor((e) => e.type === 'run-finished' && e.runId === runId);
  const elapsedMs = Date.now() - started;
  await client.waitFor((e) => e.type === 'history-changed');
  const types = client.events.filter((e) => e.type !== 'history-changed' && e.runId === runId && e.type !== 'progress' && e.type !== 'point-started').map((e) => e.type);
  assert.deepEqual(types, ['run-requested', 'run-started', 'point-finished', 'point-finished', 'run-finished']);
  const progress = client.events.filter((e) => e.type === 'progress');
  // Coalesced: at most one progress event per run every PROGRESS_INTERVAL_MS, however long the trials took.
  assert.ok(progress.length <= elapsedMs / PROGRESS_INTERVAL_MS + 10, `${progress.length} progress events in ${elapsedMs} ms`);

  const runs = ((await client.call('listRuns', {})) as unknown[]).map((r) => runSummarySchema.parse(r));
  const listed = runs.find((r) => r.id === runId);
  assert.ok(listed);
  assert.equal(listed.status, 'complete');
  assert.equal(listed.origin, 'local');
  assert.equal(listed.points, 2);
  const record = runRecordSchema.parse(await client.call('getRun', { runId }));
  // The history ranks valid points only: an unstable point's throughput is not a run's best.
  const valid = record.points.flatMap((p) => (p.verdict === 'valid' ? [p.stats.throughput] : []));
  const best = valid.length ? Math.max(...valid) : null;
  assert.equal(listed.bestThroughput, best);

  const csv = (await client.call('exportRun', { runId, format: 'csv' })) as { fileName: string; content: string };
  assert.equal(csv.fileName, `${runId}.csv`);
  assert.equal(csv.content, runToCsv(record));
  const runsDir = join(root, 'data', 'runs');
  assert.equal(csv.content, readFileSync(join(runsDir, `${runId}.csv`), 'utf8'));
  const json = (await client.call('exportRun', { runId, format: 'json' })) as { fileName: string; content: string };
  assert.equal(json.content, readFileSync(join(runsDir, `${runId}.json`), 'utf8'));

  const before = client.events.filter((e) => e.type === 'history-changed').length;
  const fromCsv = runSummarySchema.parse(await client.call('importRun', { fileName: csv.fileName, content: csv.content }));
  const fromJson = runSummarySchema.parse(await client.call('importRun', { fileName: json.fileName, content: json.content }));
  assert.equal(client.events.filter((e) => e.type === 'history-changed').length, before + 2);
  const after: RunSummary[] = ((await client.call('listRuns', {})) as unknown[]).map((r) => runSummarySchema.parse(r));
  for (const imported of [fromCsv, fromJson]) {
    const row = after.find((r) => r.id === imported.id);
    assert.equal(row?.origin, 'imported');
    assert.equal(row?.bestThroughput, best);
    assert.equal(row?.machine, listed.machine);
  }
  const csvAgain = (await client.call('exportRun', { runId: fromCsv.id, format: 'csv' })) as { content: string };
  assert.equal(csvAgain.content, csv.content.replaceAll(runId, fromCsv.id));
});

test('without a built renderer the page says how to build it, behind the token', async () => {
  const bare = await startServer({ staticDir: join(root, 'missing'), service });
  try {
    const page = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      request(`http://127.0.0.1:${bare.port}/?token=${bare.token}`, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }).on('error', reject).end();
    });
    assert.equal(page.status, 200);
    assert.equal(page.body, NOT_BUILT_PAGE);
    assert.match(page.body, /npm run build/);
  } finally {
    await bare.close();
  }
});
