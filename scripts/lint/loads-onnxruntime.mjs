// Which source files load onnxruntime-node when imported: those that import it for a value (not `import type`),
// and, transitively, those that import such a file for a value. The CLI and the hosts must not (layers.mjs): a
// model runs in the engine worker only, and loading the native binding costs the CLI its start-up and its memory.
import fs from 'node:fs';
import path from 'node:path';

export const ORT = 'onnxruntime-node';

// import … from 'x' / export … from 'x' / import 'x' / import('x') / require('x'); `import type` / `export type`
// and imports whose every binding is `type`-qualified load nothing.
const STATIC = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;
const DYNAMIC = /\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g;

function typeOnly(keywordType, clause) {
  if (keywordType) return true;
  const braces = clause.match(/^\{([^}]*)\}$/s);
  if (!braces) return false;
  const names = braces[1].split(',').map((s) => s.trim()).filter(Boolean);
  return names.length > 0 && names.every((n) => n.startsWith('type '));
}

/** The specifiers FILE imports for a value, in source order. */
export function valueImports(source) {
  const out = [];
  for (const m of source.matchAll(STATIC)) {
    if (m[5]) out.push(m[5]);
    else if (!typeOnly(m[2], m[3].trim())) out.push(m[4]);
  }
  for (const m of source.matchAll(DYNAMIC)) out.push(m[1]);
  return out;
}

/** A relative specifier as the .ts file it names (or null when it is not one of ours). */
export function resolveSource(fromFile, spec) {
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) {
    if (candidate.endsWith('.ts') && fs.existsSync(candidate)) return candidate;
  }
  return null;
}

const chains = new Map(); // file → its chain to onnxruntime-node (known to load it)
const clean = new Set(); // files known to load nothing of it (a whole search from them found none)

function search(file, seen) {
  if (chains.has(file)) return chains.get(file);
  if (clean.has(file) || seen.has(file)) return null;
  seen.add(file);
  for (const spec of valueImports(fs.readFileSync(file, 'utf8'))) {
    let rest = null;
    if (spec === ORT || spec.startsWith(`${ORT}/`)) rest = [ORT];
    else if (spec.startsWith('.')) {
      const target = resolveSource(file, spec);
      rest = target ? search(target, seen) : null;
    }
    if (rest) {
      const chain = [file, ...rest];
      chains.set(file, chain);
      return chain;
    }
  }
  return null; // not final: inside a cycle, a file already seen may still lead to it by another way
}

/** The import chain from FILE to onnxruntime-node (FILE first, the package last), or null if it loads none. */
export function ortChain(file) {
  const chain = search(file, new Set());
  if (!chain) clean.add(file);
  return chain;
}
