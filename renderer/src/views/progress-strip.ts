import { button, h, replace } from '../dom';
import type { Store } from '../store';
import { toErrorInfo } from '../api/errors';
import { formatDuration, formatPercent } from '../view-models/format';
import { etaMs, fractionDone, scenarioTotal } from '../view-models/live-run';
import { errorBox, setText } from './widgets';

/** The run's progress, visible from every view: point i of n, what it is doing, a bar, the ETA, and Cancel. */
export function mountProgressStrip(root: HTMLElement, store: Store): void {
  const bar = h('progress', { attrs: { max: '1', value: '0', 'data-testid': 'progress' } });
  const text = h('span', { class: 'progress-text' });
  const eta = h('span', { class: 'eta' });
  const error = h('div');
  const cancel = button('Cancel', () => {
    const run = store.live;
    if (!run) return;
    cancel.disabled = true;
    replace(text, 'Cancelling: the point in flight is dropped, finished points are kept…');
    store.api.call('cancelRun', { runId: run.runId }).catch((e: unknown) => {
      cancel.disabled = false;
      replace(error, errorBox(toErrorInfo(e)));
    });
  });
  const view = button('View results', () => {
    store.openedRunId = null;
    store.show('results');
  }, 'link');
  replace(root, h('div', { class: 'progress-row' }, text, bar, eta, cancel, view), error);

  let frame = 0;
  const render = () => {
    frame = 0;
    const run = store.live;
    root.hidden = run === null;
    if (!run) return;
    const done = run.points.length;
    const total = run.plan.length;
    if (bar.value !== fractionDone(run)) bar.value = fractionDone(run);
    bar.setAttribute('aria-valuetext', `${done} of ${total} points`);
    let failed = 0;
    for (const p of run.points) if (p.verdict === 'failed') failed++;
    const failedText = failed ? `, ${failed} failed` : '';
    if (cancel.hidden !== (run.status !== 'running')) cancel.hidden = run.status !== 'running';
    if (run.status !== 'running') cancel.disabled = false;
    if (run.status === 'running') {
      const c = run.current;
      const scenarios = scenarioTotal(run);
      const doing = scenarios > 0 ? `${run.started?.options.scenario ?? ''} scenario, ${run.scenarios.length} of ${scenarios} provider × precision done` : c ? `point ${c.index + 1} of ${total}: ${c.precision.toUpperCase()} on ${c.provider}, batch ${c.batch}${c.threads ? `, ${c.threads} threads` : ''} — ${run.phase ?? 'starting'}${run.phase === 'timing' ? ` (${run.iterations} iterations${run.ciRelative === null ? '' : `, CI ±${formatPercent(run.ciRelative, 1)}`})` : ''}` : total ? 'preparing the next point…' : 'preparing the run (converting precisions if needed)…';
      setText(text, scenarios > 0 ? `Running the ${doing}` : total === 0 ? `Starting · ${doing}` : `Running ${done}/${total} done${failedText} · ${doing}`);
      setText(eta, done ? `about ${formatDuration(etaMs(run, Date.now()))} left` : 'estimating time left…');
    } else {
      const word = { complete: 'Run complete', cancelled: 'Run cancelled', crashed: 'Engine crashed', interrupted: 'Run interrupted', running: '' }[run.status];
      const measuredText = scenarioTotal(run) > 0 ? `${run.scenarios.length} of ${scenarioTotal(run)} scenario results` : `${done} of ${total} points measured${failedText}`;
      setText(text, `${word}: ${measuredText}.${run.status === 'cancelled' ? ' Finished points are kept.' : ''}`);
      setText(eta, '');
      replace(error, run.endError ? errorBox(run.endError) : null);
    }
  };
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(render);
  };
  store.on('live', schedule);
  store.on('live-point', schedule);
  store.on('live-progress', schedule);
  setInterval(() => store.live?.status === 'running' && schedule(), 1000);
  render();
}
