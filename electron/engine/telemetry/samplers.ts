// Two ways to sample during a point: a program that prints one reading per line on its own clock (nvidia-smi -lms),
// and a read polled on an unref'd timer. Each reading is stamped with performance.now() when it arrives.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface Timed<T> {
  tMs: number;
  reading: T;
}

export interface Sampler<T> {
  readonly readings: Array<Timed<T>>;
  /** Why sampling failed (the program is missing, exited, printed no readings), or null. */
  error(): string | null;
  stop(): void;
}

/** Runs `file args` and parses each stdout line; lines the parser refuses are kept as the error when nothing parses. */
export function startLineSampler<T>(file: string, args: string[], parse: (line: string) => T | null): Sampler<T> {
  const readings: Array<Timed<T>> = [];
  let failure: string | null = null;
  let lastRefused = '';
  let stopped = false;
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  let buffer = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const tMs = performance.now();
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (line.length === 0) continue;
      const reading = parse(line);
      if (reading === null) lastRefused = line;
      else readings.push({ tMs, reading });
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  child.on('error', (error) => {
    failure = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `${file} not found on PATH` : `${file}: ${error.message}`;
  });
  child.on('exit', (code, signal) => {
    if (stopped || failure) return;
    const said = (stderr.trim() || lastRefused).split('\n').pop() ?? '';
    failure = `${file} exited (${signal ?? `code ${code}`})${said ? `: ${said}` : ''}`;
  });
  // Ending with us even if stop() is never reached (a crash in the point).
  child.unref();
  (child.stdout as unknown as { unref?: () => void }).unref?.();
  (child.stderr as unknown as { unref?: () => void }).unref?.();
  return {
    readings,
    error: () => failure ?? (readings.length === 0 && lastRefused ? `${file} printed no reading: ${lastRefused}` : null),
    stop: () => {
      if (stopped) return;
      stopped = true;
      child.kill('SIGTERM');
    },
  };
}

/** Calls `read` now and then every `intervalMs` (never overlapping itself) until stopped; a read that throws is the error. */
export function startPolling<T>(read: () => T | Promise<T>, intervalMs: number): Sampler<T> {
  const readings: Array<Timed<T>> = [];
  let failure: string | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      const reading = await read();
      readings.push({ tMs: performance.now(), reading });
    } catch (error) {
      failure = error instanceof Error ? error.message : String(error);
    }
    if (!stopped && failure === null) {
      timer = setTimeout(() => void tick(), intervalMs);
      timer.unref();
    }
  };
  void tick();
  return {
    readings,
    error: () => failure,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
