import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../../fixtures/builder-config';

// The README is the user's manual: every `npm run X` it names must exist, and every script it names must run the
// file it says (a missing script is `Missing script: "X"` for whoever follows the README).

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const scripts = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

/** Script names the README tells users to run. */
export function namedScripts(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(/\bnpm run ([A-Za-z0-9:_-]+)/g)) names.add(m[1] as string);
  for (const m of text.matchAll(/\bnpm (test|start)\b/g)) names.add(m[1] as string);
  return [...names].sort();
}

test('every npm script the README names exists in package.json', () => {
  const named = namedScripts(readme);
  assert.ok(named.includes('fuzz') && named.includes('soak:kill') && named.includes('test'), `the README names ${named.join(', ')}`);
  assert.deepEqual(named.filter((name) => scripts[name] === undefined), []);
});

test('the README-named robustness scripts run the compiled scripts they document', () => {
  assert.match(scripts['fuzz'] ?? '', /node dist\/scripts\/fuzz-models\.js/);
  assert.match(scripts['soak:kill'] ?? '', /node dist\/scripts\/soak-kill\.js/);
});

test('the README-name scanner finds names in code spans and prose, and nothing else', () => {
  assert.deepEqual(namedScripts('run `npm run fuzz -- --cases 5`, then npm test; `npm run bench:models`; not npmrun x'), ['bench:models', 'fuzz', 'test']);
});
