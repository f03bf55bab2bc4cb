import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { parseTensorProto } from '../../../electron/engine/check/tensor-proto-file';
import { parseNpy } from '../../../electron/engine/convert/calibration-npy';
import { toFloat16Bits } from '../../../electron/engine/model/float16';
import { DataType, onnx } from '../../../electron/engine/model/onnx-proto';
import { tensorNpy, tensorPb } from '../../fixtures/reference-data';

const samples: ort.Tensor[] = [
  new ort.Tensor('float32', Float32Array.of(1.5, -2, 3.25, 0), [2, 2]),
  new ort.Tensor('float64', Float64Array.of(0.1, -1e300), [2]),
  new ort.Tensor('float16', Uint16Array.of(toFloat16Bits(0.5), toFloat16Bits(-3)), [1, 2]),
  new ort.Tensor('int32', Int32Array.of(-7, 2147483647), [2]),
  new ort.Tensor('int64', BigInt64Array.of(-1n, 30521n, 0n), [3]),
  new ort.Tensor('int8', Int8Array.of(-128, 127), [2]),
  new ort.Tensor('uint8', Uint8Array.of(0, 255), [2, 1]),
  new ort.Tensor('bool', Uint8Array.of(1, 0, 1), [3]),
];

for (const t of samples) {
  for (const storage of ['raw', 'typed'] as const) {
    test(`a ${t.type} TensorProto with ${storage} data reads back as the same tensor`, () => {
      const read = parseTensorProto(tensorPb(t, 'x', storage), 'x.pb');
      assert.equal(read.name, 'x');
      assert.equal(read.tensor.type, t.type);
      assert.deepEqual(read.tensor.dims, t.dims);
      assert.deepEqual([...(read.tensor.data as ArrayLike<unknown> & Iterable<unknown>)], [...(t.data as Iterable<unknown>)]);
    });
  }
}

for (const version of [1, 2, 3]) {
  test(`.npy format version ${version}: float32 and float16 arrays read back`, () => {
    for (const t of samples.filter((s) => s.type === 'float32' || s.type === 'float16')) {
      const a = parseNpy(tensorNpy(t, version), 'a.npy');
      assert.deepEqual([a.type, a.shape, [...(a.data as Iterable<unknown>)]], [t.type, [...t.dims], [...(t.data as Iterable<unknown>)]]);
    }
  });
}

test('a truncated, mislabelled or unsupported TensorProto is one line naming the file and the problem', () => {
  const t = samples[0] as ort.Tensor;
  const whole = tensorPb(t, 'x', 'raw');
  assert.throws(() => parseTensorProto(whole.subarray(0, whole.length - 3), 'cut.pb'), { message: 'cut.pb: not a serialized TensorProto, or truncated (the protobuf ends mid-field)' });
  const short = onnx.TensorProto.encode({ dataType: DataType.FLOAT, dims: [4], rawData: new Uint8Array(8) }).finish();
  assert.throws(() => parseTensorProto(short, 'short.pb'), { message: 'short.pb: raw_data holds 8 bytes; dims [4] of float32 need 16: the file is truncated' });
  const typed = onnx.TensorProto.encode({ dataType: DataType.FLOAT, dims: [2, 2], floatData: [1, 2, 3] }).finish();
  assert.throws(() => parseTensorProto(typed, 'few.pb'), { message: 'few.pb: holds 3 values; dims [2, 2] need 4: the file is truncated or its dims are wrong' });
  const strings = onnx.TensorProto.encode({ dataType: DataType.STRING, dims: [1], stringData: [new Uint8Array(1)] }).finish();
  assert.throws(() => parseTensorProto(strings, 's.pb'), { message: 's.pb: element type string is not supported (float32, float64, float16, int32, int64, int8, uint8 and bool are)' });
});
