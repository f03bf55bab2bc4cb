/**
 * Hash routes, so a reload (browser mode) or a link reopens what was on screen: `#/results/<run-id>`,
 * `#/compare/<id>,<id>…`, `#/recommend/<run-id>`, or a view by name (`#/history`). Run ids are file-name safe
 * (letters, digits, '.', '-', '_'), so they need no escaping; anything else in the hash is ignored.
 */
export type Route =
  | { view: 'machine' | 'model' | 'run' | 'history' | 'results' | 'recommend'; runId?: undefined; compare?: undefined }
  | { view: 'results' | 'recommend'; runId: string; compare?: undefined }
  | { view: 'history'; compare: string[]; runId?: undefined };

const VIEWS = new Set(['machine', 'model', 'run', 'results', 'recommend', 'history']);
const RUN_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}$/;

export function parseRoute(hash: string): Route | null {
  const [view = '', arg = ''] = hash.replace(/^#\/?/, '').split('/');
  if (view === 'compare') {
    const ids = arg.split(',').filter((id) => RUN_ID.test(id));
    return ids.length >= 2 ? { view: 'history', compare: ids } : { view: 'history' };
  }
  if (!VIEWS.has(view)) return null;
  if ((view === 'results' || view === 'recommend') && RUN_ID.test(arg)) return { view, runId: arg };
  return { view } as Route;
}

export function routeHash(route: Route): string {
  if (route.compare) return `#/compare/${route.compare.join(',')}`;
  if (route.runId) return `#/${route.view}/${route.runId}`;
  return `#/${route.view}`;
}
