import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onnx } from '../../../electron/engine/model/onnx-proto';
import { MODEL_PROTO_FIELDS, scanFields, spliceGraphIo } from '../../../electron/engine/model/protobuf-wire';
import { valueInfo } from '../../../electron/engine/model/graph-builder';
import { DataType } from '../../../electron/engine/model/onnx-proto';
import { mlpModel } from '../../fixtures/tiny-models';

test('a model scans as its top-level fields, in order', () => {
  const bytes = mlpModel();
  const scan = scanFields(bytes, MODEL_PROTO_FIELDS);
  assert.equal(scan.kind, 'ok');
  assert.deepEqual(scan.fields.map((f) => f.field), [1, 2, 3, 7, 8]);
  assert.equal(scan.at, bytes.length);
  const graph = scan.fields.find((f) => f.field === 7);
  assert.ok(graph);
  assert.equal(onnx.GraphProto.decode(bytes.subarray(graph.payloadStart, graph.end)).name, 'mlp');
});

test('a cut model is truncated, a known field with the wrong wire type is garbage, unknown fields pass', () => {
  const bytes = mlpModel();
  const cut = scanFields(bytes.subarray(0, 40), MODEL_PROTO_FIELDS);
  assert.equal(cut.kind, 'truncated');
  assert.deepEqual(cut.fields.map((f) => f.field), [1, 2, 3]);
  // Field 7 (graph) as a varint: 7 << 3 | 0.
  assert.equal(scanFields(Uint8Array.from([0x08, 0x08, 0x38, 0x01]), MODEL_PROTO_FIELDS).kind, 'garbage');
  // Field 99, varint: a newer schema's field.
  assert.equal(scanFields(Uint8Array.from([...bytes, 0x98, 0x06, 0x01]), MODEL_PROTO_FIELDS).kind, 'ok');
  assert.equal(scanFields(Uint8Array.from([0x0f]), null).kind, 'garbage');
  assert.equal(scanFields(Uint8Array.from([0x08, 0xff]), null).kind, 'truncated');
});

test('splicing replaces the graph inputs, outputs and value_info and nothing else', () => {
  const bytes = mlpModel();
  const input = onnx.ValueInfoProto.encode(valueInfo('x', DataType.FLOAT, [7, 16])).finish();
  const output = onnx.ValueInfoProto.encode(valueInfo('y', DataType.FLOAT, [7, 16])).finish();
  const vi = onnx.ValueInfoProto.encode(valueInfo('h', DataType.FLOAT, [null, 16])).finish();
  const spliced = onnx.ModelProto.decode(spliceGraphIo(bytes, { inputs: [input], outputs: [output], valueInfo: [vi] }));
  const original = onnx.ModelProto.decode(bytes);
  assert.equal(spliced.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.[0]?.dimValue?.toString(), '7');
  assert.equal(spliced.graph?.output?.[0]?.type?.tensorType?.shape?.dim?.[0]?.dimValue?.toString(), '7');
  assert.deepEqual(spliced.graph?.valueInfo?.map((v) => v.name), ['h']);
  assert.deepEqual(onnx.GraphProto.toObject(spliced.graph as onnx.GraphProto).node, onnx.GraphProto.toObject(original.graph as onnx.GraphProto).node);
  assert.equal(spliced.graph?.initializer?.length, original.graph?.initializer?.length);
  assert.deepEqual(spliced.opsetImport, original.opsetImport);
});
