// What a decoded model must satisfy before onnxruntime sees it: a graph with inputs and outputs, an IR version and
// opsets onnxruntime 1.30 reads, and external data that stays inside the model's folder and is all there.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { badInput } from '../errors';
import { onnx, toNumber } from './onnx-proto';
import { feedInputs, walkGraphs, walkTensors } from './graph-walk';
import { externalEntries, isExternal } from './tensor-data';

/**
 * What onnxruntime-node 1.30 accepts, found by creating sessions: IR 14 fails ("max supported IR version: 13"),
 * ai.onnx 27 fails ("official support for domain ai.onnx is till opset 26"), ai.onnx.ml 6 and com.microsoft 2 likewise.
 * Below ai.onnx 7 onnxruntime "may run" a model: it loads one whose every op has a kernel at its version (Relu(6),
 * Conv(1): the pytorch-exported test_operator_conv at opset 6) and refuses the rest ("Could not find an
 * implementation for Add(6)"), so such a model is not refused here but tried by onnxruntime (old-opset.ts).
 */
export const ORT_SUPPORT = {
  version: '1.30',
  irVersion: { min: 3, max: 13 },
  opsets: {
    'ai.onnx': { min: 7, max: 26 },
    'ai.onnx.ml': { min: 1, max: 5 },
    'com.microsoft': { min: 1, max: 1 },
  } as Record<string, { min: number; max: number }>,
};

/** The graph, its inputs and outputs. */
export function checkStructure(model: onnx.IModelProto, shown: string): onnx.IGraphProto {
  const graph = model.graph;
  if (!graph) throw badInput(`${shown}: the model has no graph; re-export it`);
  if (feedInputs(graph).length === 0) throw badInput(`${shown}: the graph has no inputs; infermeter needs at least one input to feed`);
  if ((graph.output ?? []).length === 0) throw badInput(`${shown}: the graph has no outputs; re-export it`);
  return graph;
}

/** An opset below what onnxruntime officially supports: whether it loads is for onnxruntime to say. */
export type OldOpset = { domain: string; version: number; range: { min: number; max: number } };

/** Checks IR version, opsets and domains; returns the opset onnxruntime must be asked about, if any. */
export function checkVersions(model: onnx.IModelProto, graph: onnx.IGraphProto, shown: string): OldOpset | null {
  let old: OldOpset | null = null;
  const ir = toNumber(model.irVersion);
  const irRange = ORT_SUPPORT.irVersion;
  if (ir === 0) throw badInput(`${shown}: the model declares no IR version; re-export it`);
  if (ir < irRange.min) throw badInput(`${shown}: IR version ${ir} is older than onnxruntime reads (${irRange.min} or newer); re-export the model`);
  if (ir > irRange.max) {
    throw badInput(`${shown}: IR version ${ir} is newer than onnxruntime ${ORT_SUPPORT.version} reads (up to ${irRange.max}); re-export it with an older exporter`);
  }
  const imports = model.opsetImport ?? [];
  if (imports.length === 0) throw badInput(`${shown}: the model imports no opset; re-export it`);
  const imported = new Set<string>();
  for (const imp of imports) {
    const domain = imp.domain === '' || imp.domain === undefined || imp.domain === null ? 'ai.onnx' : imp.domain;
    imported.add(domain);
    const version = toNumber(imp.version);
    const range = ORT_SUPPORT.opsets[domain];
    if (range === undefined) continue;
    if (version < range.min) {
      if (domain !== 'ai.onnx' || version < 1) {
        throw badInput(`${shown}: opset ${version} of ${domain} is older than onnxruntime supports (${range.min} to ${range.max}); convert it with onnx.version_converter`);
      }
      old = { domain, version, range };
    }
    if (version > range.max) {
      throw badInput(`${shown}: opset ${version} of ${domain} is newer than onnxruntime ${ORT_SUPPORT.version} supports (up to ${range.max}); re-export with opset ${range.max} or older`);
    }
  }
  const localFunctions = new Set((model.functions ?? []).map((f) => `${f.domain ?? ''}:${f.name ?? ''}`));
  for (const g of walkGraphs(graph)) {
    for (const [index, node] of (g.node ?? []).entries()) {
      const domain = node.domain === '' || node.domain === undefined || node.domain === null ? 'ai.onnx' : node.domain;
      if (imported.has(domain) || localFunctions.has(`${node.domain ?? ''}:${node.opType ?? ''}`)) continue;
      const name = node.name ? `'${node.name}'` : `#${index}`;
      throw badInput(`${shown}: node ${name} (${node.opType ?? ''}) uses domain '${domain}', which the model does not import; re-export it`);
    }
  }
  return old;
}

function isAbsoluteAnywhere(location: string): boolean {
  return path.isAbsolute(location) || /^[a-zA-Z]:[\\/]/.test(location) || location.startsWith('\\');
}

function inside(folder: string, target: string): boolean {
  const rel = path.relative(folder, target);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/** Every external-data tensor, in the graph and its subgraphs: location safe, file present and long enough. */
export async function checkExternalData(graph: onnx.IGraphProto, modelPath: string, shown: string): Promise<{ location: string; bytes: number }[]> {
  const folder = path.dirname(modelPath);
  const realFolder = await fs.promises.realpath(folder);
  const files = new Map<string, number>();
  for (const t of walkTensors(graph)) {
    if (!isExternal(t)) continue;
    const name = t.name ?? '';
    const entries = externalEntries(t);
    const location = entries.get('location');
    if (location === undefined || location === '') throw badInput(`${shown}: tensor '${name}' is marked external but names no location; re-export the model`);
    if (isAbsoluteAnywhere(location)) {
      throw badInput(`${shown}: tensor '${name}' keeps its data at an absolute path (${location}); external data must be a relative path inside the model's folder`);
    }
    const target = path.resolve(folder, location);
    if (!inside(folder, target)) {
      throw badInput(`${shown}: tensor '${name}' keeps its data outside the model's folder (${location}); external data must stay inside the folder`);
    }
    let size = files.get(location);
    if (size === undefined) {
      let real: string;
      try {
        real = await fs.promises.realpath(target);
      } catch {
        throw badInput(`${shown}: external data file '${location}' for tensor '${name}' is missing; keep it next to the model`);
      }
      if (!inside(realFolder, real)) {
        throw badInput(`${shown}: tensor '${name}' keeps its data in '${location}', a link that leads outside the model's folder; copy the data file next to the model`);
      }
      const stat = await fs.promises.stat(real);
      if (!stat.isFile()) throw badInput(`${shown}: external data '${location}' for tensor '${name}' is not a file`);
      size = stat.size;
      files.set(location, size);
    }
    const offset = Number(entries.get('offset') ?? '0');
    const length = entries.has('length') ? Number(entries.get('length')) : size - offset;
    if (!Number.isFinite(offset) || !Number.isFinite(length) || offset < 0 || length < 0 || offset + length > size) {
      throw badInput(`${shown}: external data file '${location}' is ${size} bytes, too short for tensor '${name}' (bytes ${offset} to ${offset + length}); re-download it`);
    }
  }
  return [...files].map(([location, bytes]) => ({ location, bytes }));
}
