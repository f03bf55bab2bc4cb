// The engine worker: the only process that loads models into onnxruntime. A native crash here kills this
// process alone; the host reports it and keeps every result already received.
import { resolve } from 'node:path';
import { engineMethods, type EngineMethod, type ParamsOf, type ResultOf } from '../contract/api';
import type { EngineEvent } from '../contract/events';
import { runBench } from '../engine/bench/run-bench';
import { checkModel } from '../engine/check/check-model';
import { convertModel } from '../engine/convert/convert-model';
import { recommendRun } from '../engine/recommend/recommend-in-worker';
import { badInput, toErrorInfo } from '../engine/errors';
import { detectHardware } from '../engine/hardware/detect-hardware';
import { prepareForBench } from '../engine/model/prepare-model';
import { onPhase } from '../engine/phase';
import { resolveModelArgument } from '../../models/catalog';
import { workerPort } from './worker-port';
import { hostToWorkerSchema, type WorkerToHost } from './worker-protocol';

const port = workerPort();
const runs = new Map<string, AbortController>();

function send(message: WorkerToHost): void {
  port.post(message);
}

function emit(event: EngineEvent): void {
  send({ kind: 'event', event });
}

type Handlers = { [M in EngineMethod]: (params: ParamsOf<M>) => Promise<ResultOf<M>> };

const handlers: Handlers = {
  detectHardware: (params) => detectHardware(params),
  resolveModel: async ({ model, cacheDir }) => ({ path: resolve(await resolveModelArgument(model, cacheDir === undefined ? {} : { dir: cacheDir })) }),
  // Prepared as for a run, so a freed flatten Reshape is reported only once verified.
  inspectModel: async (params) => {
    const prepared = await prepareForBench(params.path);
    await prepared.cleanup();
    return prepared.info;
  },
  startRun: async ({ runId, options, resumeFrom, carried }) => {
    if (runs.size > 0) throw badInput('a run is already going in this engine');
    const controller = new AbortController();
    runs.set(runId, controller);
    try {
      const status = await runBench({ runId, options, resumeFrom, carried, emit, signal: controller.signal });
      return { runId, status };
    } finally {
      runs.delete(runId);
    }
  },
  cancelRun: async ({ runId }) => {
    const controller = runs.get(runId);
    controller?.abort();
    return { cancelled: controller !== undefined };
  },
  convertModel: ({ sourcePath, ...options }) => convertModel(sourcePath, options),
  checkModel: ({ modelPath, ...options }) => checkModel(modelPath, options),
  recommend: (params) => recommendRun(params),
};

// The only sender is the host that forked this worker (engine-host.ts, typed against the contract): its params
// were checked where they came in (the app's IPC guard or WebSocket server, the CLI's flag parser), so they are
// not parsed again here. What is kept is the envelope and an own-method lookup, which cost nothing and keep a
// stray message on the channel (a wrong build of the host) from calling an inherited property.
async function dispatch(method: EngineMethod, params: unknown): Promise<unknown> {
  const handler = handlers[method] as (params: unknown) => Promise<unknown>;
  return handler(params);
}

port.onMessage((raw: unknown) => {
  const request = hostToWorkerSchema.safeParse(raw);
  if (!request.success) return;
  const { id, method } = request.data;
  if (!Object.prototype.hasOwnProperty.call(engineMethods, method)) {
    send({ kind: 'response', id, ok: false, error: { code: 'internal', message: `unknown method ${method}` } });
    return;
  }
  dispatch(method as EngineMethod, request.data.params).then(
    (result) => send({ kind: 'response', id, ok: true, result }),
    (error: unknown) => send({ kind: 'response', id, ok: false, error: toErrorInfo(error) }),
  );
});

// Ctrl-C in a terminal signals the whole process group: the host decides what a Ctrl-C means (finish the point
// in flight, then stop), so the worker must not die of it.
process.on('SIGINT', () => undefined);
// The host going away (even by kill -9) closes the IPC channel: nothing is left to report to.
process.on('disconnect', () => process.exit(0));
onPhase((phase) => send({ kind: 'phase', phase }));
send({ kind: 'ready' });
