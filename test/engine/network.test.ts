import test from 'ava';
import fc from 'fast-check';
import { correctPerOutput, roundHalfEven } from '../../shared/engine/network.js';

/** The first definition, kept as the reference: a half is a value whose fraction is 0.5. */
const reference = (v: number): number => {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
};

test('roundHalfEven: halves go to the even neighbour, signs and -0 kept', (t) => {
  const cases: [number, number][] = [[0.5, 0], [1.5, 2], [2.5, 2], [-0.5, -0], [-1.5, -2], [-2.5, -2], [0.49999999999999994, 0], [-0.3, -0], [3.7, 4], [2 ** 52 + 1, 2 ** 52 + 1]];
  for (const [v, r] of cases) t.is(roundHalfEven(v), r, `${v}`);
  t.is(roundHalfEven(Infinity), Infinity);
  t.true(Number.isNaN(roundHalfEven(NaN)));
});

test('roundHalfEven equals the fraction-based definition on doubles, float32s and halves', (t) => {
  const half = fc.integer({ min: -(2 ** 30), max: 2 ** 30 }).map((k) => k + 0.5);
  const f32 = fc.float({ noNaN: true }).map((v) => Math.fround(v));
  fc.assert(fc.property(fc.oneof(fc.double({ noNaN: true }), f32, half), (v) => Object.is(roundHalfEven(v), reference(v))), { numRuns: 20000 });
  t.pass();
});

test('correctPerOutput: per output, the samples whose LeakyReLU output rounded half to even equals the target', (t) => {
  // out0 = leaky(x), out1 = leaky(2x): on 0.5, 1.5, 2.5, -1 they round to 0, 2, 2, -0 and 1, 3, 5, -0.
  const model = { layerSizes: [1, 2], weights: [Float32Array.from([1, 2])], biases: [new Float32Array(2)] };
  const data = { n: 4, nIn: 1, nOut: 2, x: Float32Array.from([0.5, 1.5, 2.5, -1]), y: Float32Array.from([0, 1, 2, 3, 3, 4, 0, 1]) };
  t.deepEqual(correctPerOutput(model, data), [3, 2]);
});
