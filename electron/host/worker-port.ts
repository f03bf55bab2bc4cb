/**
 * How the engine worker talks to its host. Under Electron's utilityProcess the channel is `process.parentPort`
 * (messages arrive wrapped as `{ data }`); under child_process.fork it is `process.send` / `process.on('message')`.
 * Read structurally so the host never imports Electron.
 */
export interface WorkerPort {
  readonly kind: 'parent-port' | 'node-ipc';
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
}

interface ParentPortLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}

function isParentPort(value: unknown): value is ParentPortLike {
  if (typeof value !== 'object' || value === null) return false;
  return typeof Reflect.get(value, 'postMessage') === 'function' && typeof Reflect.get(value, 'on') === 'function';
}

export function workerPort(proc: NodeJS.Process = process): WorkerPort {
  const parentPort: unknown = Reflect.get(proc, 'parentPort');
  if (isParentPort(parentPort)) {
    return {
      kind: 'parent-port',
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) => void parentPort.on('message', (event) => listener(event.data)),
    };
  }
  return {
    kind: 'node-ipc',
    post: (message) => void proc.send?.(message),
    onMessage: (listener) => void proc.on('message', listener),
  };
}
