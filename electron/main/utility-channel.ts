import { utilityProcess } from 'electron';
import { ENGINE_WORKER_PATH, engineWorkerEnv, type WorkerChannel } from '../host/worker-channel';

const STDERR_TAIL_BYTES = 4096;

/**
 * The engine worker as an Electron utilityProcess: a Node process under the app's own binary, so the
 * RunAsNode fuse can stay off. A native crash in onnxruntime ends this process only.
 */
export function forkUtilityWorker(workerPath = ENGINE_WORKER_PATH): WorkerChannel {
  const child = utilityProcess.fork(workerPath, [], { stdio: ['ignore', 'ignore', 'pipe'], serviceName: 'infermeter-engine', env: engineWorkerEnv() });
  let tail = '';
  let exited = false;
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    if (process.env['INFERMETER_DEBUG']) process.stderr.write(chunk);
  });
  child.on('exit', () => {
    exited = true;
  });
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => {
      if (!exited) child.postMessage(message);
    },
    onMessage: (listener) => void child.on('message', (message: unknown) => listener(message)),
    // A utility process reports only its exit code; a signal death shows as a non-zero code.
    onExit: (listener) => void child.on('exit', (code) => listener(code, null)),
    stderrTail: () => tail,
    kill: () => void child.kill(),
  };
}
