import type { AppEvent, BuiltinSummaryInfo, InfermeterApi } from '../../electron/contract/app-api';
import type { ErrorInfo } from '../../electron/contract/errors';
import type { HardwareReport } from '../../electron/contract/hardware';
import type { ModelInfo } from '../../electron/contract/model';
import type { RecommendationFile } from '../../electron/contract/recommend';
import { toErrorInfo } from './api/errors';
import { applyEvent, newLiveRun, type LiveRun } from './view-models/live-run';
import { defaultRunForm, type RunForm } from './view-models/run-form';
import { parseSettings, serializeSettings, SETTINGS_KEY } from './view-models/saved-settings';

function readStorage(): string | null {
  try {
    return window.localStorage.getItem(SETTINGS_KEY);
  } catch {
    return null;
  }
}

export type ViewName = 'machine' | 'model' | 'run' | 'results' | 'recommend' | 'history';

/** What the model view chose, which the run view sends with startRun. */
export interface ModelChoice {
  spec: string;
  info: ModelInfo | null;
  dims: Record<string, number>;
  intRanges: Record<string, [number, number]>;
  /** Full shapes by input name (the CLI's --shape); the batch dim in one is still swept. */
  shapes: Record<string, number[]>;
  /** A reference data folder checked in the model view: runs started from the Run tab carry it (bench --data). */
  referenceData?: string;
}

type Topic = 'hardware' | 'model' | 'live' | 'live-point' | 'live-progress' | 'view' | 'history';

/** The app's shared state and the one subscription to the API's events. Views subscribe to topics. */
export class Store {
  hardware: HardwareReport | null = null;
  hardwareError: ErrorInfo | null = null;
  hardwareLoading: Promise<void> | null = null;
  builtins: BuiltinSummaryInfo[] | null = null;
  model: ModelChoice = { spec: 'builtin:mlp:tiny', info: null, dims: {}, intRanges: {}, shapes: {} };
  live: LiveRun | null = null;
  /** The latency SLO set on the run view: the results view names the best batch that meets it. */
  sloMs: number | null = null;
  runForm: RunForm = defaultRunForm();
  /** A model path to inspect when the model view mounts (File > Open Model…, a dropped file). */
  pendingModelPath: string | null = null;
  view: ViewName = 'machine';
  /** The run the results view shows when it is not the live one (opened from the history). */
  openedRunId: string | null = null;
  /** The last recommendation computed per run: shown again on return, and part of the run's HTML report. */
  readonly recommendations = new Map<string, RecommendationFile>();
  private readonly listeners = new Map<Topic, Set<() => void>>();

  constructor(readonly api: InfermeterApi) {
    api.subscribe((event) => this.onEvent(event));
    const saved = parseSettings(readStorage());
    if (saved) {
      this.runForm = saved.form;
      if (saved.model) this.model = { ...saved.model, info: null };
      const slo = Number(saved.form.sloMsText);
      this.sloMs = saved.form.sloMsText.trim() !== '' && slo > 0 ? slo : null;
    }
  }

  /** Keeps the run settings and model choice for the next session; views call it after every edit. */
  saveSettings(): void {
    try {
      window.localStorage.setItem(SETTINGS_KEY, serializeSettings(this.runForm, this.model));
    } catch {
      // Storage disabled or full: the settings simply are not remembered.
    }
  }

  on(topic: Topic, listener: () => void): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  emit(topic: Topic): void {
    for (const l of this.listeners.get(topic) ?? []) l();
  }

  show(view: ViewName): void {
    this.view = view;
    this.emit('view');
  }

  /** Detects hardware once (probing providers); later callers share the same promise unless forced. */
  loadHardware(force = false): Promise<void> {
    if (this.hardwareLoading && !force) return this.hardwareLoading;
    this.hardwareError = null;
    this.hardwareLoading = this.api.call('detectHardware', { probeProviders: true }).then(
      (report) => {
        this.hardware = report;
        this.emit('hardware');
      },
      (error: unknown) => {
        this.hardwareError = toErrorInfo(error);
        this.hardwareLoading = null;
        this.emit('hardware');
      },
    );
    this.emit('hardware');
    return this.hardwareLoading;
  }

  /** A run started here or elsewhere (another window) becomes the live run when its first event arrives. */
  private onEvent(event: AppEvent): void {
    if (event.type === 'history-changed') {
      this.emit('history');
      return;
    }
    if (event.type === 'run-started' && this.live?.runId !== event.runId) {
      this.live = newLiveRun(event.runId, Date.now());
      this.openedRunId = null;
    }
    if (!this.live) return;
    const change = applyEvent(this.live, event);
    if (change === 'point') this.emit('live-point');
    else if (change === 'progress') this.emit('live-progress');
    else if (change === 'status') this.emit('live');
  }
}
