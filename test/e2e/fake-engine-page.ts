/**
 * Page-side script for the streaming benchmark: a stand-in `window.infermeter` (the preload's place) whose
 * startRun streams N synthetic points as `point-finished` events, a few per macrotask, the way IPC delivers a
 * fast sweep. Kept as a string: it runs in the page, and the root tsconfig has no DOM types.
 */
export function fakeEngineScript(points: number, perTask: number): string {
  return `(() => {
  const listeners = new Set();
  const emit = (e) => listeners.forEach((l) => l(e));
  const precisions = ['fp32', 'int8'], providers = ['cpu', 'webgpu'];
  const plan = [];
  for (let i = 0; plan.length < ${points}; i++) {
    const batch = (i % 50) + 1, threads = (Math.floor(i / 50) % 10) + 1;
    const precision = precisions[Math.floor(i / 500) % 2], provider = providers[Math.floor(i / 1000) % 2];
    plan.push({ index: plan.length, provider, precision, batch, threads });
  }
  const point = (p) => {
    const mean = 0.5 + p.batch * 0.05 * (p.precision === 'int8' ? 0.6 : 1) / p.threads;
    const samplesMs = Array.from({ length: 100 }, (_, k) => mean * (0.9 + ((k * 37) % 20) / 100));
    return { ...p, verdict: 'valid', criterion: 'ci', warnings: [], inputShapes: {}, startedAt: new Date().toISOString(),
      stats: { iterations: 100, totalTimeMs: mean * 100, meanMs: mean, stdevMs: mean * 0.05, minMs: mean * 0.9, p50Ms: mean, p90Ms: mean * 1.05, p95Ms: mean * 1.07, p99Ms: mean * 1.1, maxMs: mean * 1.2, ciHalfWidthMs: mean * 0.01, ciRelative: 0.01, throughput: p.batch * 1000 / mean, converged: true, outliers: 0 },
      samplesMs, sessionCreateMs: 1, firstInferenceMs: 1, peakRssBytes: 1e8, gpuMemoryBytes: null, ortProfile: null, threadsUsed: p.threads, clockResolutionMs: 1e-6 };
  };
  const hardware = { os: { hostname: 'bench', distro: 'synthetic', platform: 'linux', arch: 'x64', release: '', kernel: '' }, cpu: { model: 'synthetic CPU' }, software: { onnxruntime: 'n/a' }, providers: [] };
  window.__stream = { requested: 0, start: 0, end: 0 };
  window.infermeter = {
    subscribe(l) { listeners.add(l); return () => listeners.delete(l); },
    async call(method) {
      if (method !== 'startRun') throw Object.assign(new Error(method + ' is not part of the benchmark'), { code: 'internal' });
      window.__stream.requested = performance.now();
      setTimeout(() => {
        window.__stream.start = performance.now();
        emit({ type: 'run-started', runId: 'bench', startedAt: new Date().toISOString(), plan, variants: [{ precision: 'fp32', conversion: null, error: null }], model: { path: 'synthetic.onnx' }, hardware, session: {}, options: {} });
        let i = 0;
        const chunk = () => {
          for (let k = 0; k < ${perTask} && i < plan.length; k++, i++) emit({ type: 'point-finished', runId: 'bench', point: point(plan[i]) });
          if (i < plan.length) setTimeout(chunk, 0);
          else { emit({ type: 'run-finished', runId: 'bench', finishedAt: new Date().toISOString() }); window.__stream.end = performance.now(); }
        };
        chunk();
      }, 0);
      return { runId: 'bench' };
    },
  };
  window.__longTasks = [];
  // Start and duration: the bench counts only the tasks from the run's start on (not the app's own start-up).
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration }); }).observe({ type: 'longtask', buffered: true });
  window.__maxFrameGap = 0;
  let last = 0;
  const frame = (t) => { if (last && window.__stream.start) window.__maxFrameGap = Math.max(window.__maxFrameGap, t - last); last = t; requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
})();`;
}
