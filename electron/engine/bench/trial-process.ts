// Runs a trial in a fresh process of its own (trial-child.ts). Fresh sessions in one process agree with each other
// more than fresh processes do (an MLP at batch 1: trials within ±4%, repeats of the run 39% apart), so the trials a
// point's interval is taken over must each get what a process decides once: memory placement, thread pinning, the
// allocator's state. Events of the trial pass through (the host's deadlines hold each trial as before); a trial
// process that dies becomes a failed point, and a cancel kills it.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import type { FailedPoint, PlanPoint, StoppingRule } from '../../contract/run';
import { EngineError } from '../errors';
import { failedPoint } from './failed-point';
import { runTrial, type PointContext, type Trial } from './run-point';
import type { TrialNumber, TrialReply, TrialRequest } from './trial-protocol';

export const TRIAL_CHILD_PATH = join(__dirname, 'trial-child.js');
const STDERR_TAIL_BYTES = 2048;

/**
 * Whether this process can start a plain Node process: not inside Electron (its utility process runs the engine
 * there, and the app's fuses turn off running its binary as Node), where trials fall back to a fresh session.
 */
export function canForkTrials(): boolean {
  return process.versions['electron'] === undefined;
}

const live = new Set<{ kill(signal: NodeJS.Signals): boolean }>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}

/** One trial in a fresh process; a failure is a failed point, a cancel is thrown as in runTrial. */
export function runTrialInProcess(ctx: PointContext, point: PlanPoint, stopping: StoppingRule, trial: TrialNumber, childPath = TRIAL_CHILD_PATH): Promise<Trial | FailedPoint> {
  if (ctx.signal.aborted) return Promise.reject(new EngineError('cancelled', 'Measurement cancelled before a trial.'));
  const startedAt = new Date().toISOString();
  // Announced here, before the process starts, so that the host sees the point in flight from the first moment
  // (a worker dying while a trial process starts died on this point); the child's own announcement is not relayed.
  ctx.emit({ type: 'point-started', runId: ctx.runId, point, trial: { number: trial.number, of: trial.of } });
  const child = fork(childPath, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
  live.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
  });
  return new Promise<Trial | FailedPoint>((resolve, reject) => {
    let result: Trial | FailedPoint | undefined;
    const onAbort = () => child.kill('SIGKILL');
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    child.on('error', () => undefined);
    child.on('message', (reply: TrialReply) => {
      if (reply.kind === 'event') {
        if (reply.event.type !== 'point-started') ctx.emit(reply.event);
      }
      else if (reply.kind === 'trial') result = { ...reply.trial, isolation: 'process' };
      else result = reply.point;
    });
    child.on('exit', (code, signal) => {
      live.delete(child);
      ctx.signal.removeEventListener('abort', onAbort);
      if (ctx.signal.aborted) reject(new EngineError('cancelled', 'Measurement cancelled during a trial.'));
      else if (result) resolve(result);
      else {
        const how = signal === null ? `exited with code ${code}` : `was killed by ${signal}`;
        const said = lastLine(stderr);
        resolve(failedPoint(point, startedAt, 'crashed', { code: 'internal', message: `the trial process ${how}${said ? `: ${said}` : ''}` }));
      }
    });
    const request: TrialRequest = { runId: ctx.runId, info: ctx.info, sessionSource: ctx.sessionSource, options: ctx.options, settings: ctx.settings, point, stopping, trial };
    child.send(request, (error) => {
      if (error) child.kill('SIGKILL');
    });
  });
}

/** How a point's trials are run: in fresh processes when it has several (and a process can be started), else in-process. */
export function trialRunner(trials: number): typeof runTrial {
  return trials > 1 && canForkTrials() ? runTrialInProcess : runTrial;
}
