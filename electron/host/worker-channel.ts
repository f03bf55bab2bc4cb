import { fork } from 'node:child_process';
import { join } from 'node:path';
import { killChildren } from './child-processes';

/** What a host needs of the process its engine runs in: child_process here, Electron's utilityProcess in the app. */
export interface WorkerChannel {
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** The last few KiB the worker wrote to stderr (onnxruntime logs natively there), for crash reports. */
  stderrTail(): string;
  kill(): void;
}

const STDERR_TAIL_BYTES = 4096;

export const ENGINE_WORKER_PATH = join(__dirname, 'engine-worker.js');

/**
 * The engine worker's environment: CUDA numbers GPUs fastest first by default, nvidia-smi by PCI bus. In PCI order
 * `--device N` is the GPU nvidia-smi lists as N, the one the hardware listing shows and the telemetry samples
 * (`nvidia-smi -i N`), also on a box with two different GPUs. A CUDA_DEVICE_ORDER the user set is kept.
 */
export function engineWorkerEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { CUDA_DEVICE_ORDER: 'PCI_BUS_ID', ...env };
}

export function forkEngineWorker(workerPath = ENGINE_WORKER_PATH): WorkerChannel {
  const child = fork(workerPath, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced', env: engineWorkerEnv() });
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    if (process.env['INFERMETER_DEBUG']) process.stderr.write(chunk);
  });
  // A worker that died (or was killed) between the connected check and the write fails the send with EPIPE; its exit
  // event reports the death, so neither the failed write nor a spawn error may become an uncaught exception.
  child.on('error', () => undefined);
  return {
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message as object, (error) => void error);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', listener),
    stderrTail: () => tail,
    // Its trial processes first: read from /proc while the worker still lists them.
    kill: () => {
      killChildren(child.pid);
      child.kill('SIGKILL');
    },
  };
}
