// The folder decides what a file may import (VS Code's layering rule): each layer names the layers and packages
// its files may import. Relative imports are resolved against the importing file, so "../../x" is judged by where
// it lands, not by how it is spelled. Exemptions only shrink: remove a line once its import is gone.
import path from 'node:path';
import process from 'node:process';
import { builtinModules } from 'node:module';
import { ortChain, resolveSource } from './loads-onnxruntime.mjs';

const NODE = 'node:*';
const NODE_SERVER = ['node:http', 'node:https', 'node:http2', 'node:net', 'node:tls', 'node:dgram'];

/** Folder → layer, most specific first. Folders not listed (scripts/, test/) are free. */
export const LAYERS = [
  { name: 'common', dir: 'common/', layers: [], packages: ['zod'] },
  { name: 'contract', dir: 'electron/contract/', layers: ['common'], packages: ['zod'] },
  {
    name: 'engine',
    dir: 'electron/engine/',
    layers: ['common', 'contract'],
    packages: [NODE, 'onnxruntime-node', 'onnx-proto', 'long', 'csv-parse', 'csv-stringify', 'systeminformation', 'zod'],
    forbidden: NODE_SERVER,
  },
  { name: 'models', dir: 'models/', layers: ['common', 'contract', 'engine'], packages: [NODE], forbidden: NODE_SERVER },
  { name: 'host', dir: 'electron/host/', layers: ['common', 'contract', 'engine', 'models'], packages: [NODE, 'zod'], forbidden: NODE_SERVER },
  { name: 'main', dir: 'electron/main/', layers: ['common', 'contract', 'engine', 'host'], packages: [NODE, 'electron', 'zod'], forbidden: NODE_SERVER },
  { name: 'preload', dir: 'electron/preload/', layers: ['common', 'contract'], packages: ['electron'] },
  { name: 'server', dir: 'electron/server/', layers: ['common', 'contract', 'engine', 'host', 'models'], packages: [NODE, 'ws', 'zod'] },
  { name: 'cli', dir: 'electron/cli/', layers: ['common', 'contract', 'engine', 'host', 'server', 'models'], packages: [NODE, 'commander', 'cli-progress', 'zod'], forbidden: NODE_SERVER },
  { name: 'renderer', dir: 'renderer/src/', layers: ['common', 'contract'], packages: ['chart.js', 'zod'] },
];

/** Imports that break their layer's rule today, each to be removed (never added to). "file -> layer or package". */
export const EXEMPT = new Set([]);

/**
 * Folders whose files must not load onnxruntime-node, not even through another layer's module: the CLI and the
 * hosts run models in the engine worker only. Their one exception is the worker's own entry point.
 */
export const NO_ONNXRUNTIME = { dirs: ['electron/cli/', 'electron/host/'], except: ['electron/host/engine-worker.ts'] };

const ROOT = process.cwd();

function relPath(file) {
  return path.relative(ROOT, file).split(path.sep).join('/');
}

/** Why importing SPEC (for a value) from FILE loads onnxruntime into a process that must not, or null. */
export function ortProblem(file, spec) {
  const rel = relPath(file);
  if (!NO_ONNXRUNTIME.dirs.some((d) => rel.startsWith(d)) || NO_ONNXRUNTIME.except.includes(rel)) return null;
  if (!spec.startsWith('.')) return null; // a package import is the layer rule's business
  const target = resolveSource(file, spec);
  const chain = target ? ortChain(target) : null;
  if (!chain) return null;
  const via = chain.map((f) => (f.startsWith('/') ? relPath(f) : f)).join(' → ');
  return `${rel.slice(0, rel.indexOf('/', 'electron/'.length) + 1)} may not load onnxruntime-node (models run in the engine worker): ${via}; import a module without it, or split one out`;
}

function layerOf(rel) {
  return LAYERS.find((l) => rel.startsWith(l.dir)) ?? null;
}

function packageName(spec) {
  if (spec.startsWith('node:')) return spec.split('/')[0];
  if (builtinModules.includes(spec.split('/')[0])) return `node:${spec.split('/')[0]}`;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function problem(file, spec) {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  const layer = layerOf(rel);
  if (!layer) return null;
  if (spec.startsWith('.')) {
    const target = path.relative(ROOT, path.resolve(path.dirname(file), spec)).split(path.sep).join('/');
    const to = layerOf(target) ?? layerOf(`${target}/`);
    const name = to ? to.name : target.split('/')[0];
    if (to === layer || layer.layers.includes(name) || EXEMPT.has(`${rel} -> ${name}`)) return null;
    return `${layer.dir} may import ${[layer.name, ...layer.layers].join(', ')} only, not ${to ? to.dir : target}`;
  }
  const pkg = packageName(spec);
  if (EXEMPT.has(`${rel} -> ${pkg}`)) return null;
  if (layer.forbidden?.includes(pkg)) return `${layer.dir} may not import ${pkg}`;
  if (layer.packages.includes(pkg) || (pkg.startsWith('node:') && layer.packages.includes(NODE))) return null;
  return `${layer.dir} may import the packages ${layer.packages.join(', ') || 'none'} only, not ${pkg}`;
}

/** ESLint visitors calling CHECK(node, source) for every import, re-export, import() and require(). */
function importVisitor(check) {
  return {
    ImportDeclaration: (node) => check(node, node.source),
    ExportNamedDeclaration: (node) => check(node, node.source),
    ExportAllDeclaration: (node) => check(node, node.source),
    ImportExpression: (node) => check(node, node.source),
    CallExpression: (node) => {
      if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, node.arguments[0]);
    },
  };
}

/** True when the import declaration or export brings in types only (erased when compiled: nothing is loaded). */
function typeOnly(node) {
  if (node.importKind === 'type' || node.exportKind === 'type') return true;
  const specifiers = node.specifiers ?? [];
  return specifiers.length > 0 && specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type');
}

const noOnnxruntime = {
  meta: { type: 'problem', schema: [], messages: { ort: '{{why}} (scripts/lint/layers.mjs).' } },
  create(context) {
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string' || typeOnly(node)) return;
      const why = ortProblem(context.filename, source.value);
      if (why) context.report({ node, messageId: 'ort', data: { why } });
    };
    return importVisitor(check);
  },
};

const allowedImports = {
  meta: { type: 'problem', schema: [], messages: { layer: '{{why}} (scripts/lint/layers.mjs).' } },
  create(context) {
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const why = problem(context.filename, source.value);
      if (why) context.report({ node, messageId: 'layer', data: { why } });
    };
    return importVisitor(check);
  },
};

export const layersPlugin = { rules: { 'allowed-imports': allowedImports, 'no-onnxruntime': noOnnxruntime } };
