// Entry point of a trial process (trial-process.ts): measures one trial of one point in a fresh process, so that
// what a process decides once (memory placement, thread pinning, allocator state) differs between trials as it does
// between repeats of a run. Reports its events and its trial over IPC, then exits.
import type { EngineEvent } from '../../contract/events';
import { runTrial, type PointContext } from './run-point';
import type { TrialRequest, TrialReply } from './trial-protocol';

const controller = new AbortController();

function send(message: TrialReply): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected) resolve();
    else process.send?.(message, undefined, {}, () => resolve());
  });
}

async function measure(request: TrialRequest): Promise<void> {
  const emit = (event: EngineEvent) => void send({ kind: 'event', event });
  const ctx: PointContext = { runId: request.runId, info: request.info, sessionSource: request.sessionSource, options: request.options, settings: request.settings, emit, signal: controller.signal };
  const result = await runTrial(ctx, request.point, request.stopping, request.trial);
  await send('measured' in result ? { kind: 'trial', trial: result } : { kind: 'failed', point: result });
}

process.once('message', (request: TrialRequest) => {
  measure(request).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
});
// The engine worker going away (even by kill -9) closes the channel: nothing is left to measure for.
process.on('disconnect', () => {
  controller.abort();
  process.exit(0);
});
// Ctrl-C reaches the whole process group; the engine worker decides what it means.
process.on('SIGINT', () => undefined);
