import { execFile } from 'node:child_process';

export type TextResult = { ok: true; stdout: string; stderr: string } | { ok: false; stdout: string; stderr: string; error: string };

/**
 * Runs a program (no shell) and collects its output. Never rejects: a missing program, a non-zero exit
 * or a timeout come back as `ok: false` with the reason, so hardware detection degrades instead of failing.
 */
export function runText(file: string, args: string[], timeoutMs = 5000): Promise<TextResult> {
  return new Promise((resolve) => {
    try {
      execFile(file, args, { timeout: timeoutMs, maxBuffer: 8 * 1024 * 1024, windowsHide: true, encoding: 'utf8' }, (error, stdout, stderr) => {
        if (error) resolve({ ok: false, stdout: String(stdout ?? ''), stderr: String(stderr ?? ''), error: error.message });
        else resolve({ ok: true, stdout: String(stdout), stderr: String(stderr) });
      });
    } catch (error) {
      resolve({ ok: false, stdout: '', stderr: '', error: error instanceof Error ? error.message : String(error) });
    }
  });
}

/** Resolves to `fallback` when `promise` rejects or takes longer than `timeoutMs`. */
export async function settleWithin<T>(promise: Promise<T>, timeoutMs: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([promise.catch(() => fallback), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
