import { CONCURRENCY_MODES, DEFAULT_CONCURRENCY_LEVELS, DEFAULT_SCENARIO_SETTINGS, DEFAULT_SERVER_SLO_MS } from '../../../common/defaults';
import { isBatchSweep } from '../../../common/plan';
import type { EngineEvent } from '../../contract/events';
import type { ProviderId } from '../../contract/hardware';
import type { BenchOptions, Precision } from '../../contract/run';
import type { ScenarioResult } from '../../contract/scenario';
import type { PreparedVariant } from './prepare-variants';
import type { PointContext } from './run-point';
import { runConcurrencyScenario } from './scenario-concurrency';
import { runServerScenario } from './scenario-server';

/** Defaults of the scenarios' settings, where the options do not carry them. */
export const DEFAULT_SERVER_OPTIONS = { sloMs: DEFAULT_SERVER_SLO_MS, targetQps: null, ...DEFAULT_SCENARIO_SETTINGS };
export const DEFAULT_CONCURRENCY_OPTIONS = { levels: [...DEFAULT_CONCURRENCY_LEVELS], modes: CONCURRENCY_MODES, levelMs: DEFAULT_SCENARIO_SETTINGS.levelMs, targetQps: null };

/** latency and throughput (its alias) run the batch sweep; server and concurrency run instead of it. */
export function sweepsBatches(options: BenchOptions): boolean {
  return isBatchSweep(options.scenario);
}

export type RunScenariosArgs = {
  runId: string;
  options: BenchOptions;
  providers: ProviderId[];
  contexts: Map<Precision, PointContext>;
  variants: Map<Precision, PreparedVariant>;
  batchable: boolean;
  emit: (event: EngineEvent) => void;
  signal: AbortSignal;
};

/** Runs the server or concurrency scenario per provider × precision (threads: onnxruntime's default), one event each. */
export async function runScenarios({ runId, options, providers, contexts, variants, batchable, emit, signal }: RunScenariosArgs): Promise<void> {
  for (const provider of providers) {
    for (const precision of options.precisions) {
      if (signal.aborted) return;
      const ctx = contexts.get(precision);
      let result: ScenarioResult;
      if (!ctx) {
        const error = variants.get(precision)?.info.error ?? { code: 'internal' as const, message: `no ${precision} model` };
        const failed = { provider, precision, method: '', startedAt: new Date().toISOString(), error: { ...error, message: `could not make the ${precision} model: ${error.message}` } };
        result = options.scenario === 'server'
          ? { ...failed, kind: 'server', options: options.server ?? DEFAULT_SERVER_OPTIONS, serviceMs: {}, capacityQps: 0, levels: [], bestQps: null }
          : { ...failed, kind: 'concurrency', options: options.concurrency ?? { ...DEFAULT_CONCURRENCY_OPTIONS, modes: [...DEFAULT_CONCURRENCY_OPTIONS.modes] }, threadpoolSize: 0, levels: [], usl: [], little: [] };
      } else if (options.scenario === 'server') {
        result = await runServerScenario(ctx, { provider, precision }, options.server ?? DEFAULT_SERVER_OPTIONS, batchable);
      } else {
        result = await runConcurrencyScenario(ctx, { provider, precision }, options.concurrency ?? { ...DEFAULT_CONCURRENCY_OPTIONS, modes: [...DEFAULT_CONCURRENCY_OPTIONS.modes] });
      }
      if (signal.aborted) return;
      emit({ type: 'scenario-finished', runId, result });
    }
  }
}
