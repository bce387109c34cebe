/** safetensors from its spec: the hand-made fixture, round trips of our writer, and damaged files. */
import test from 'ava';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBinaryModel } from '../../shared/model/binaryModel.js';
import { readSafetensors, writeSafetensors } from '../../shared/model/safetensors.js';
import { float32Values, ModelFileError } from '../../shared/model/tensors.js';
import { repoRoot } from '../helpers/cli.js';
import { goldenCases } from '../helpers/golden.js';

const golden = goldenCases().find((c) => c.name === 'xor-k3-s4')!.json.model;

test('the hand-made file is the golden network, its layers put in natural order', (t) => {
  const model = readBinaryModel(new Uint8Array(readFileSync(join(repoRoot, 'test/fixtures/models/hand.safetensors'))), 'safetensors');
  t.deepEqual(model.layerSizes, golden.layer_sizes);
  model.weights.forEach((w, l) => t.deepEqual(Array.from(w), (golden.weights[l] as number[][]).flat().map(Math.fround)));
});

test('what we write reads back bit for bit, with the header padded to 8 bytes', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 4 }), fc.integer(), (shapes, seed) => {
      let s = seed;
      const tensors = shapes.map(([r, c], i) => [`t${i}.weight`, { shape: [r, c], data: Float32Array.from({ length: r * c }, () => Math.fround(((s = (s * 1103515245 + 12345) | 0) % 1000) / 7)) }] as const);
      const bytes = writeSafetensors(tensors, { activation: 'leaky_relu' });
      const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      const back = readSafetensors(bytes);
      return headerLength % 8 === 0 && back.metadata.activation === 'leaky_relu' && tensors.every(([name, tensor]) => {
        const got = back.tensors.get(name)!;
        return JSON.stringify(got.shape) === JSON.stringify(tensor.shape) && float32Values(name, got).every((v, i) => Object.is(v, tensor.data[i]));
      });
    }),
    { numRuns: 50, seed: 5 },
  );
  t.pass();
});

test('a truncated file, a bad header and a wrong dtype name the part', (t) => {
  const good = writeSafetensors([['a.weight', { shape: [2, 2], data: new Float32Array(4) }], ['a.bias', { shape: [2], data: new Float32Array(2) }]]);
  t.throws(() => readSafetensors(good.subarray(0, good.length - 3)), { instanceOf: ModelFileError, message: /^a\.bias: data ends at byte 24 but the file holds 21/ });
  t.throws(() => readSafetensors(good.subarray(0, 12)), { instanceOf: ModelFileError, message: /^header: declares/ });
  const f16 = new TextEncoder().encode(JSON.stringify({ 'a.weight': { dtype: 'F16', shape: [1, 1], data_offsets: [0, 2] }, 'a.bias': { dtype: 'F16', shape: [1], data_offsets: [2, 4] } }));
  const file = new Uint8Array(8 + f16.length + 4);
  new DataView(file.buffer).setBigUint64(0, BigInt(f16.length), true);
  file.set(f16, 8);
  t.throws(() => readBinaryModel(file, 'safetensors'), { instanceOf: ModelFileError, message: /^a\.weight: is float16, expected float32/ });
});

/** A safetensors file of one-float tensors with the given data offsets and `extra` data bytes at the end. */
function withOffsets(spans: [string, number, number][], extra = 0): Uint8Array {
  const header = new TextEncoder().encode(JSON.stringify(Object.fromEntries(spans.map(([name, b, e]) => [name, { dtype: 'F32', shape: [(e - b) / 4], data_offsets: [b, e] }]))));
  const end = Math.max(...spans.map(([, , e]) => e));
  const file = new Uint8Array(8 + header.length + end + extra);
  new DataView(file.buffer).setBigUint64(0, BigInt(header.length), true);
  file.set(header, 8);
  return file;
}

test("tensors' bytes must tile the data: overlaps, gaps and trailing bytes are refused", (t) => {
  t.is(readSafetensors(withOffsets([['b', 4, 8], ['a', 0, 4]])).tensors.size, 2);
  t.throws(() => readSafetensors(withOffsets([['a', 0, 8], ['b', 4, 8]])), { instanceOf: ModelFileError, message: /^b: data_offsets \[4, 8\] overlap those of a/ });
  t.throws(() => readSafetensors(withOffsets([['a', 0, 4], ['b', 8, 12]])), { instanceOf: ModelFileError, message: /^b: data_offsets \[8, 12\] leave bytes 4-8 of the data to no tensor/ });
  t.throws(() => readSafetensors(withOffsets([['a', 0, 4]], 16)), { instanceOf: ModelFileError, message: /^header: its tensors end at data byte 4 but the file has 20 data bytes/ });
});
