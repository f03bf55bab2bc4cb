import type { GraphBuilder } from '../electron/engine/model/graph-builder';
import type { TensorInfo } from '../electron/contract/model';

export type ModelSize = 'tiny' | 'base';
export const MODEL_SIZES: readonly ModelSize[] = ['tiny', 'base'];

/** Build options beyond the size; each model honours some of them (see BuiltinModel.options) and ignores the rest. */
export type OptionName = 'seq' | 'rows' | 'width' | 'depth';

export interface BuildOptions {
  size: ModelSize;
  /** bert-base: sequence length (tokens per sample). */
  seq?: number;
  /** dlrm: cap on rows per embedding table. */
  rows?: number;
  /** mlp: layer width. */
  width?: number;
  /** mlp: number of layers. */
  depth?: number;
}

/** A model input, with what its values mean (int inputs carry their valid range). */
export interface InputSpec extends TensorInfo {
  description: string;
  /** Valid integer values, [min, max] inclusive, for id inputs; absent for float inputs. */
  range?: [number, number];
}

/** One model at one size and option set: what it will be, computed before (and without) building it. */
export interface ModelPlan {
  /** Options in effect (defaults filled), only those this model honours. */
  options: Partial<Record<OptionName, number>>;
  /** Parameter count, computed from the architecture. */
  params: number;
  /** FLOPs per sample (a multiply-add counts as 2), computed from the architecture. */
  flopsPerSample: number;
  inputs: InputSpec[];
  outputs: TensorInfo[];
  /** Set for decoder-only language models with a KV cache: they are measured by generation, not one run per batch. */
  decoder?: DecoderFacts;
  build(seed: number): GraphBuilder;
}

export interface BuiltinModel {
  name: string;
  description: string;
  options: readonly OptionName[];
  /** Validates the options (EngineError bad-input naming the flag) and returns the plan. */
  plan(options: BuildOptions): ModelPlan;
}

/** What a generation workload needs to know of a built-in decoder (absent for every other model). */
export interface DecoderFacts {
  layers: number;
  kvHeads: number;
  headDim: number;
  vocab: number;
}
