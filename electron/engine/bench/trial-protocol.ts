// What the engine worker and a trial process (trial-child.ts) say to each other.
import type { EngineEvent } from '../../contract/events';
import type { ModelInfo } from '../../contract/model';
import type { BenchOptions, FailedPoint, PlanPoint, SessionSettings, StoppingRule } from '../../contract/run';
import type { Trial } from './run-point';

export type TrialNumber = { number: number; of: number; round: number; remeasured: boolean };

export interface TrialRequest {
  runId: string;
  info: ModelInfo;
  sessionSource: string | Uint8Array;
  options: BenchOptions;
  settings: SessionSettings;
  point: PlanPoint;
  stopping: StoppingRule;
  trial: TrialNumber;
}

export type TrialReply = { kind: 'event'; event: EngineEvent } | { kind: 'trial'; trial: Trial } | { kind: 'failed'; point: FailedPoint };
