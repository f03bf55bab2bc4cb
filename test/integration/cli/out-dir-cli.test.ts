import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { runRecordSchema } from '../../../electron/contract/run';
import { writeSmallMlp } from '../../fixtures/fault-models';
import { runCli, startCli, waitFor } from './run-cli';

const LINUX = process.platform !== 'linux' && 'procfs is Linux';


test('bench --out on procfs: one line naming the folder, exit 2, at once (no stack, no hang)', { skip: LINUX }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const model = writeSmallMlp(dir);
  for (const out of ['/proc', '/proc/newdir']) {
    const started = Date.now();
    const { code, stderr } = await runCli(['bench', model, '--batch', '1', '--ep', 'cpu', '--out', out, '--quiet']);
    assert.equal(code, 2, stderr);
    assert.equal(stderr, `infermeter: --out ${out}: /proc is on the proc pseudo-filesystem, which keeps no files; give a folder on a disk\n`);
    assert.ok(Date.now() - started < 30_000);
  }
});

test('convert -o into procfs is refused the same way (exit 2)', { skip: LINUX }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const { code, stderr } = await runCli(['convert', writeSmallMlp(dir), '--to', 'fp16', '-o', '/proc/newdir/m.onnx']);
  assert.equal(code, 2, stderr);
  assert.equal(stderr, 'infermeter: -o /proc/newdir: /proc is on the proc pseudo-filesystem, which keeps no files; give a folder on a disk\n');
});

test('a write that fails mid-run stops the run with one clear line (exit 2); the points written before are kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const out = join(dir, 'out');
  const args = ['bench', writeSmallMlp(dir), '--batch', '1,2,4,8', '--ep', 'cpu', '--out', out, '--target-ci', '0.000001', '--min-time-ms', '0', '--max-time-ms', '700', '--warmup-ms', '0', '--no-ort-profile', '--quiet'];
  const { result } = startCli(args);
  const jsonl = await waitFor('the run log', () => (existsSync(out) ? readdirSync(out).find((f) => f.endsWith('.jsonl')) : undefined));
  const log = join(out, jsonl);
  await waitFor('a finished point', () => (/"point-finished"/.test(readFileSync(log, 'utf8')) ? true : undefined));
  // The log's place taken by a folder: the next append fails (EISDIR), as a full or vanished disk would.
  renameSync(log, `${log}.kept`);
  // An append landing between the rename and mkdir recreates the file: keep its lines and take the place again.
  for (;;) {
    try {
      mkdirSync(log);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      appendFileSync(`${log}.kept`, readFileSync(log));
      unlinkSync(log);
    }
  }
  const { code, stderr } = await result;

  assert.equal(code, 2, stderr);
  assert.ok(!/\n\s+at /.test(stderr), 'no stack trace');
  assert.match(stderr, /infermeter: .*out: writing the run files failed \(EISDIR on .*\.jsonl\); the run was stopped, \d finished points? kept in /);
  const record = runRecordSchema.parse(JSON.parse(readFileSync(log.replace(/\.jsonl$/, '.json'), 'utf8')));
  assert.equal(record.status, 'interrupted');
  assert.ok(record.points.length >= 1 && record.points.every((p) => p.verdict !== 'failed'), `kept ${record.points.length} points`);
  const rows = parse(readFileSync(log.replace(/\.jsonl$/, '.csv'), 'utf8'), { columns: true }) as unknown[];
  assert.equal(rows.length, record.points.length);
  // Every point in the kept log is in the snapshot.
  const logged = (readFileSync(`${log}.kept`, 'utf8').match(/"point-finished"/g) ?? []).length;
  assert.ok(record.points.length >= logged);
});
