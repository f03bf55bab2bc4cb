import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..', '..', '..');
export const CLI = join(REPO_ROOT, 'bin', 'infermeter.js');

export type CliResult = { code: number | null; stdout: string; stderr: string };

/** The run history the CLI keeps its runs in (bench without --out, and a copy of each --out run): one per test process, never the user's. */
export const TEST_DATA_DIR = process.env['INFERMETER_DATA_DIR'] ?? mkdtempSync(join(tmpdir(), 'infermeter-cli-data-'));

/** Runs the real `infermeter` command (the bin entry over the compiled CLI) in a child process. */
export function startCli(args: string[], env: Record<string, string> = {}): { child: ChildProcess; result: Promise<CliResult> } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, INFERMETER_DATA_DIR: TEST_DATA_DIR, ...env, INFERMETER_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const result = new Promise<CliResult>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, result };
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return startCli(args, env).result;
}

/** Quick stopping flags so a test sweep takes seconds, not minutes. */
export const QUICK = ['--warmup', '2', '--warmup-ms', '0', '--min-iterations', '10', '--min-time-ms', '50', '--max-time-ms', '400', '--quiet'];

/** Polls `probe` every `pollMs` until it gives a value, or fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000, pollMs = 50): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
