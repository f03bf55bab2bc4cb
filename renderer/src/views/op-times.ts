import type { ModelInfo } from '../../../electron/contract/model';
import type { PointResult } from '../../../electron/contract/run';
import { h, replace, table } from '../dom';
import type { Store } from '../store';
import { formatMs, formatPercent } from '../view-models/format';
import { profiledPoint, topOpRows } from '../view-models/op-times';
import { groupLabel } from '../view-models/series';

/**
 * Top operators by time, from onnxruntime's profiler pass of the newest run of this model (the live one, else the
 * history's, matched by the model's hash); a sentence saying how to get them where no run has them.
 */
export function renderOpTimes(store: Store, info: ModelInfo, into: HTMLElement): void {
  const show = (points: readonly PointResult[], runId: string): boolean => {
    const point = profiledPoint(points);
    if (!point) return false;
    replace(
      into,
      h('h3', null, 'Top operators by time'),
      h('p', { class: 'muted' }, `onnxruntime's profiler, ${groupLabel(point.precision, point.provider, point.threads, point.device)} at batch ${point.batch} in run ${runId}: kernel time per run by op type.`),
      table(['op', 'time per run', 'share of kernel time', 'nodes'], topOpRows(point).map((r) => [h('code', null, r.op), formatMs(r.meanMs), formatPercent(r.share), r.nodes])),
    );
    return true;
  };
  const none = () => replace(into, h('p', { class: 'muted' }, 'Top operators by time appear here once this model has been run with onnxruntime\'s profiler on (the Run tab\'s default).'));
  const live = store.live;
  if (live?.started?.model.sha256 === info.sha256 && show(live.points, live.runId)) return;
  none();
  store.api.call('listRuns', {}).then(
    (runs) => {
      const newest = runs.filter((r) => r.modelSha256 === info.sha256).sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
      if (!newest) return;
      store.api.call('getRun', { runId: newest.id }).then(
        (record) => void show(record.points, record.id),
        () => undefined,
      );
    },
    () => undefined,
  );
}
