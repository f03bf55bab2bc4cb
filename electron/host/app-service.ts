import { resolve } from 'node:path';
import { appMethods, type AppEvent, type AppMethod, type AppParams, type AppResult, type BuiltinSummaryInfo } from '../contract/app-api';
import type { ErrorInfo } from '../contract/errors';
import type { CallReply } from '../contract/rpc';
import { badInput, toErrorInfo } from '../engine/errors';
import { recommendationToCsv } from '../engine/results/recommendation-csv';
import { recommendationFilePaths, writeRecommendationFiles } from '../engine/results/recommendation-files';
import { runToCsv } from '../engine/results/run-csv';
import { RunHistory } from '../engine/results/run-history';
import { listBuiltins, parseBuiltinArgument, type BuiltinSummary, type CacheLocation } from '../../models/catalog';
import { EngineHost } from './engine-host';
import { ProgressCoalescer } from './progress-coalescer';
import { recommendInWorker, type EngineLender } from './recommend-call';
import { resolveDeadlines, type Deadlines } from './point-watchdog';
import { callWithDeadlines } from './task-deadline';
import type { EngineMethod, ParamsOf, ResultOf } from '../contract/api';
import { checkCall } from '../contract/methods';
import { startRecordedRun, type RecordedRun } from './recorded-run';

/** What `handle` answers: the result, or the error as plain data (the wire's `result` message). */
export type CallOutcome = CallReply;
export type AppEventListener = (event: AppEvent) => void;

export interface AppServiceOptions {
  /** The run history folder (default: runs/ in the user's data directory). */
  historyDir?: string;
  /** Where built-in models are built and cached (default: the user's cache directory). */
  cache?: CacheLocation;
  /** Starts an engine host (default: a forked worker); the Electron shell passes its utilityProcess one. */
  startHost?: () => EngineHost;
  /** Per-point deadlines (default: resolveDeadlines, which reads INFERMETER_SESSION_TIMEOUT_MS / _POINT_TIMEOUT_MS). */
  deadlines?: Partial<Deadlines>;
}

type Handlers = { [M in AppMethod]: (params: AppParams<M>) => Promise<AppResult<M>> };

/** What a boundary adds to the contract for a call whose params parsed (browser mode: allowed folders, rate). */
export type Vetted = { ok: true; params: unknown } | { ok: false; error: ErrorInfo };
export type CallVetting = (method: AppMethod, params: unknown) => Vetted;

function builtinSummary(model: BuiltinSummary): BuiltinSummaryInfo {
  const size = (s: BuiltinSummary['base']) => ({
    params: s.params,
    flopsPerSample: s.flopsPerSample,
    cached: s.cached,
    inputs: s.inputs.map((i) => ({ name: i.name, elemType: i.elemType, shape: i.shape, description: i.description })),
  });
  return { name: model.name, description: model.description, sizes: [...model.sizes], base: size(model.base), tiny: size(model.tiny) };
}

/**
 * The app's API (contract/app-api.ts) over one engine host, shared by the Electron main process and the
 * browser-mode server. Runs are recorded in the history as they go; events are forwarded to every subscriber,
 * progress coalesced; the host is started again when its worker has died. Knows nothing of Electron or HTTP.
 */
export class AppService {
  readonly history: RunHistory;
  private host: EngineHost | null = null;
  private readonly listeners = new Set<AppEventListener>();
  private readonly active = new Map<string, RecordedRun>();
  private readonly coalescer = new ProgressCoalescer((event) => this.emit(event));
  private readonly handlers: Handlers;

  constructor(private readonly options: AppServiceOptions = {}) {
    this.history = new RunHistory(options.historyDir);
    this.handlers = {
      detectHardware: (p) => this.engine().call('detectHardware', p),
      listBuiltins: async () => listBuiltins(this.options.cache).map(builtinSummary),
      inspectModel: async (p) => this.bounded('inspectModel', { path: await this.modelPath(p.model) }, `inspect of ${p.model}`),
      startRun: (p) => this.startRun(p),
      cancelRun: async (p) => {
        const run = this.active.get(p.runId);
        if (!run) return { cancelled: false };
        await run.cancel();
        return { cancelled: true };
      },
      convertModel: async ({ model, ...rest }) => this.bounded('convertModel', { ...rest, sourcePath: await this.modelPath(model) }, `convert of ${model}`),
      checkModel: async ({ model, ...rest }) => this.bounded('checkModel', { ...rest, modelPath: await this.modelPath(model) }, `the check of ${model}`),
      listRuns: async () => this.history.listRuns(new Set(this.active.keys())),
      getRun: async (p) => this.history.getRun(p.runId, new Set(this.active.keys())),
      exportRun: async (p) => this.exportRun(p),
      importRun: async (p) => {
        const summary = this.history.importRun(p.fileName, p.content);
        this.emit({ type: 'history-changed' });
        return summary;
      },
      annotateRun: async (p) => {
        const summary = this.history.annotate(p.runId, p.tags, p.note, new Set(this.active.keys()));
        this.emit({ type: 'history-changed' });
        return summary;
      },
      recommend: (p) => this.recommend(p),
      exportRecommendation: async ({ recommendation, format }) => {
        const paths = recommendationFilePaths('', recommendation.runId);
        return format === 'csv'
          ? { fileName: paths.csv, content: recommendationToCsv(recommendation) }
          : { fileName: paths.json, content: `${JSON.stringify(recommendation, null, 1)}\n` };
      },
    };
  }

  subscribe(listener: AppEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  call<M extends AppMethod>(method: M, params: AppParams<M>): Promise<AppResult<M>> {
    return (this.handlers[method] as (p: AppParams<M>) => Promise<AppResult<M>>)(params);
  }

  /**
   * One call from an untrusted side in this process (browser mode's WebSocket server, which passes its VET): the
   * method and params checked against the contract, once, here. The Electron IPC checks in its guard and calls
   * `reply` instead.
   */
  async handle(method: string, params: unknown, vet?: CallVetting): Promise<CallOutcome> {
    const call = checkCall(appMethods, method, params);
    if (!call.ok && call.unknownMethod) return { ok: false, error: badInput(`unknown method '${method}': use one of ${Object.keys(appMethods).join(', ')}`).toInfo() };
    if (!call.ok) return { ok: false, error: badInput(`${method}: bad parameters (${call.issue.path || 'params'}: ${call.issue.message})`).toInfo() };
    const vetted = vet ? vet(call.method, call.params) : { ok: true as const, params: call.params };
    return vetted.ok ? this.reply(call.method, vetted.params) : { ok: false, error: vetted.error };
  }

  /** A call checked at its boundary (params as parsed, not parsed again): the result checked against the contract. */
  async reply(method: AppMethod, params: unknown): Promise<CallOutcome> {
    try {
      const result = await this.call(method, params as AppParams<typeof method>);
      const checked = appMethods[method].result.safeParse(result);
      if (!checked.success) return { ok: false, error: { code: 'internal', message: `${method}: the answer is off the contract (${checked.error.issues[0]?.message ?? 'invalid'})` } };
      return { ok: true, result: checked.data };
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) };
    }
  }

  /** Ends the engine worker (a run in flight is lost, its finished points stay on disk). */
  close(): void {
    this.coalescer.close();
    this.host?.close();
    this.host = null;
  }

  private engine(): EngineHost {
    if (this.host?.alive) return this.host;
    const host = (this.options.startHost ?? EngineHost.start)();
    this.host = host;
    return host;
  }

  /** A call that loads or runs a model, under the deadlines (past one the worker is stopped; the next call gets a fresh one). */
  private bounded<M extends EngineMethod>(method: M, params: ParamsOf<M>, label: string): Promise<ResultOf<M>> {
    return callWithDeadlines(this.engine(), method, params, resolveDeadlines(null, this.options.deadlines), label);
  }

  /** A file path as given; a built-in model is built (if not cached) in the engine worker, never in this process. */
  private async modelPath(model: string): Promise<string> {
    if (parseBuiltinArgument(model) === null) return resolve(model);
    const cacheDir = this.options.cache?.dir;
    const built = await this.bounded('resolveModel', { model, ...(cacheDir === undefined ? {} : { cacheDir }) }, `the build of ${model}`);
    return built.path;
  }

  /**
   * Returns as soon as the run is started. A run that fails before the engine announces it (the engine refused the
   * model or the options) ends with an engine-crashed event carrying that error, and is in the history with it.
   */
  private async startRun({ model, options }: AppParams<'startRun'>): Promise<AppResult<'startRun'>> {
    const modelPath = await this.modelPath(model);
    // Events reach subscribers through the recorded run, which resumes in a fresh worker (skipping the point the
    // last one died on) and so shows one run, not each worker's view of it.
    const recovery = { restart: () => this.engine(), deadlines: this.options.deadlines };
    const run = startRecordedRun(this.engine(), { ...options, modelPath }, this.history.dir, (event) => this.coalescer.push(event), recovery);
    this.active.set(run.runId, run);
    // A run refused before it started has already recorded (and sent) its engine-crashed event with the reason.
    run.done
      .catch(() => null)
      .finally(() => {
        this.active.delete(run.runId);
        this.emit({ type: 'history-changed' });
      })
      .catch(() => undefined);
    return { runId: run.runId };
  }

  /** Computed in the engine as the CLI's is (it measures this machine's rates once), then saved beside the run in the history. */
  private async recommend({ runId, otherRunIds, ...request }: AppParams<'recommend'>): Promise<AppResult<'recommend'>> {
    const run = this.history.getRun(runId);
    const otherRuns = otherRunIds.filter((id) => id !== runId).map((id) => this.history.getRun(id));
    const runFiles = [run, ...otherRuns].map((r) => this.history.locate(r.id)?.path ?? r.id);
    const params = { ...request, run, otherRuns, runFiles, precision: null, provider: null, qpsFrom: 'flag' as const, refreshRates: false };
    const lend: EngineLender = (use) => use(this.engine());
    const { recommendation: rec } = await recommendInWorker(lend, params, resolveDeadlines(null, this.options.deadlines), `the recommendation for run ${runId}`);
    if (!rec) throw badInput(`run ${runId}: no measured point of the batch sweep to recommend from (server and concurrency scenarios answer their own question)`);
    writeRecommendationFiles(this.history.dir, rec, rec.inputs, 'history folder');
    return rec;
  }

  private async exportRun({ runId, format }: AppParams<'exportRun'>): Promise<AppResult<'exportRun'>> {
    const record = this.history.getRun(runId, new Set(this.active.keys()));
    if (format === 'csv') return { fileName: `${record.id}.csv`, content: runToCsv(record) };
    // Byte for byte what RunFiles writes beside the CSV.
    return { fileName: `${record.id}.json`, content: `${JSON.stringify(record, null, 1)}\n` };
  }

  private emit(event: AppEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A subscriber's bug must not stop the others or the run.
        process.emitWarning(`infermeter: an event listener threw: ${String(error)}`);
      }
    }
  }
}
