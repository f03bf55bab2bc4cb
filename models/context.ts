import { GraphBuilder } from '../electron/engine/model/graph-builder';
import { DataType } from '../electron/engine/model/onnx-proto';
import { WeightStream } from './weights';

/** How one weight tensor is drawn. */
export type Init = { kind: 'normal'; std: number; mean?: number } | { kind: 'uniform'; lo: number; hi: number };

export const normal = (std: number, mean = 0): Init => ({ kind: 'normal', std, mean });

/** A graph under construction plus the model's seed: weights are named, then drawn from that name's stream. */
export class ModelContext {
  readonly g: GraphBuilder;
  private readonly constants = new Map<string, string>();

  constructor(
    name: string,
    readonly seed: number,
  ) {
    this.g = new GraphBuilder(name);
  }

  /** Values for a tensor of this name; used directly where a generator post-processes them (BN folding). */
  draw(name: string, count: number, init: Init): Float32Array {
    const stream = new WeightStream(this.seed, name);
    return init.kind === 'normal' ? stream.normal(count, init.std, init.mean ?? 0) : stream.uniform(count, init.lo, init.hi);
  }

  /** A float32 initializer named after `name` (made unique), filled per `init`. */
  weight(name: string, dims: number[], init: Init): string {
    const unique = this.g.unique(name);
    return this.g.initializer(unique, DataType.FLOAT, dims, this.draw(unique, product(dims), init));
  }

  /** An int64 constant, shared by every node that needs the same values (Reshape shapes, axes, indices). */
  int64(values: number[], dims: number[] = [values.length]): string {
    const key = `i64:${dims.join('x')}:${values.join(',')}`;
    const known = this.constants.get(key);
    if (known !== undefined) return known;
    const name = this.g.initializer(this.g.unique('const_i64'), DataType.INT64, dims, BigInt64Array.from(values, BigInt));
    this.constants.set(key, name);
    return name;
  }

  /** A float32 scalar constant, shared like int64(). */
  scalar(value: number): string {
    const key = `f32:${value}`;
    const known = this.constants.get(key);
    if (known !== undefined) return known;
    const name = this.g.initializer(this.g.unique('const_f32'), DataType.FLOAT, [], Float32Array.of(value));
    this.constants.set(key, name);
    return name;
  }
}

export function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}
