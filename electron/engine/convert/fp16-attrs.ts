// Attributes that carry a float32 type or float32 data, rewritten for a node that computes in float16.
import { DataType, type onnx, toNumber } from '../model/onnx-proto';
import { float16Tensor, tensorToFloat16 } from './fp16-tensors';

const AttributeType = { INT: 2, TENSOR: 4 } as const;
const { FLOAT, FLOAT16 } = DataType;

/** Ops whose `dtype` attribute names their output type (FLOAT becomes FLOAT16). */
const DTYPE_OPS = new Set(['EyeLike', 'RandomNormal', 'RandomUniform', 'RandomNormalLike', 'RandomUniformLike', 'Bernoulli']);
/** Ops whose missing `dtype` means float32. */
const DTYPE_DEFAULT_FLOAT = new Set(['RandomNormal', 'RandomUniform']);

export interface AttrRewrite {
  attribute: onnx.IAttributeProto[];
  /** Tensors whose values went past the float16 range, with how many were clamped. */
  clamped: { tensor: string; count: number }[];
}

function tensorAttr(name: string, t: onnx.ITensorProto): onnx.IAttributeProto {
  return { name, type: AttributeType.TENSOR, t };
}

/** The node's attributes with float32 types and data turned float16 (subgraph attributes are left to the caller). */
export function rewriteAttributes(node: onnx.INodeProto): AttrRewrite {
  const op = node.opType ?? '';
  const clamped: AttrRewrite['clamped'] = [];
  const shown = (fallback: string): string => node.name || node.output?.[0] || fallback;
  const half = (t: onnx.ITensorProto, label: string): onnx.ITensorProto => {
    const c = tensorToFloat16(t);
    if (c.clamped > 0) clamped.push({ tensor: t.name || label, count: c.clamped });
    return c.tensor;
  };
  const out: onnx.IAttributeProto[] = [];
  let sawDtype = false;
  for (const a of node.attribute ?? []) {
    if (op === 'Cast' && a.name === 'to' && toNumber(a.i) === FLOAT) out.push({ ...a, i: FLOAT16 });
    else if (DTYPE_OPS.has(op) && a.name === 'dtype') {
      sawDtype = true;
      out.push(toNumber(a.i) === FLOAT ? { ...a, i: FLOAT16 } : a);
    } else if ((op === 'Constant' || op === 'ConstantOfShape') && a.name === 'value' && a.t && a.t.dataType === FLOAT) {
      out.push(tensorAttr('value', half(a.t, shown(op))));
    } else if (op === 'Constant' && a.name === 'value_float') {
      const c = float16Tensor(shown('value_float'), [], [a.f ?? 0]);
      if (c.clamped > 0) clamped.push({ tensor: shown('value_float'), count: c.clamped });
      out.push(tensorAttr('value', c.tensor));
    } else if (op === 'Constant' && a.name === 'value_floats') {
      const values = a.floats ?? [];
      const c = float16Tensor(shown('value_floats'), [values.length], values);
      if (c.clamped > 0) clamped.push({ tensor: shown('value_floats'), count: c.clamped });
      out.push(tensorAttr('value', c.tensor));
    } else out.push(a);
  }
  if (DTYPE_DEFAULT_FLOAT.has(op) && !sawDtype) out.push({ name: 'dtype', type: AttributeType.INT, i: FLOAT16 });
  if (op === 'ConstantOfShape' && !(node.attribute ?? []).some((a) => a.name === 'value')) {
    // No value means a float32 zero: say float16 zero explicitly.
    out.push(tensorAttr('value', float16Tensor('value', [1], [0]).tensor));
  }
  return { attribute: out, clamped };
}
