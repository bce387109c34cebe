import test from 'ava';
import type { Dataset, Gate } from '../../shared/engine/types.js';
import { drawPatternWeights, generateDataset } from '../../shared/train/data.js';
import { gateOutput } from '../../shared/train/gates.js';
import { Prng } from '../../shared/train/prng.js';
import { defaultTrainSpec } from '../../shared/train/spec.js';
import { trainNetwork } from '../../shared/train/train.js';

/** Pattern index of a sample, reading noisy inputs by rounding (noise here is small). */
function patternOf(d: Dataset, i: number): number {
  return (Math.round(d.x[i * d.nIn]!) * 2 + Math.round(d.x[i * d.nIn + 1]!)) | 0; // | 0 turns -0 into 0
}

function patternCounts(d: Dataset): number[] {
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < d.n; i++) counts[patternOf(d, i)]!++;
  return counts;
}

test('clean set: repeats * 4 samples, 0/1 inputs, about repeats of each pattern', (t) => {
  const d = generateDataset({ gates: ['XOR'], repeats: 1000, noiseStd: 0, patternWeights: null }, new Prng(1));
  t.is(d.n, 4000);
  t.is(d.nIn, 2);
  t.is(d.nOut, 1);
  t.is(d.x.length, 8000);
  t.true(d.x.every((v) => v === 0 || v === 1));
  // Binomial(4000, 1/4): sd ~ 27; 5 sd bounds.
  for (const c of patternCounts(d)) t.true(Math.abs(c - 1000) < 137, `counts ${patternCounts(d).join(',')}`);
});

test('targets are the gate outputs, one column per gate', (t) => {
  const gates: Gate[] = ['AND', 'XOR', 'NIMP'];
  const d = generateDataset({ gates, repeats: 5, noiseStd: 0, patternWeights: null }, new Prng(2));
  t.is(d.nOut, 3);
  t.is(d.y.length, d.n * 3);
  for (let i = 0; i < d.n; i++) {
    const bits = [d.x[2 * i]!, d.x[2 * i + 1]!];
    gates.forEach((g, o) => t.is(d.y[i * 3 + o], gateOutput(g, bits)));
  }
});

test('noise: repeats^2 * 4 samples, the drawn set tiled, clean targets, std as asked', (t) => {
  const repeats = 30;
  const std = 0.1;
  const d = generateDataset({ gates: ['OR'], repeats, noiseStd: std, patternWeights: null }, new Prng(3));
  const drawn = repeats * 4;
  t.is(d.n, repeats * repeats * 4);
  let s2 = 0;
  for (let i = 0; i < d.n; i++) {
    const p = patternOf(d, i);
    t.is(patternOf(d, i % drawn), p, `sample ${i} is not a copy of sample ${i % drawn}`);
    t.is(d.y[i], p === 0 ? 0 : 1);
    for (let j = 0; j < 2; j++) s2 += (d.x[2 * i + j]! - ((p >> (1 - j)) & 1)) ** 2;
  }
  t.true(Math.abs(Math.sqrt(s2 / (2 * d.n)) - std) < 0.005, `noise sd ${Math.sqrt(s2 / (2 * d.n))}`);
  // Copies of one drawn sample get different noise.
  t.not(d.x[0], d.x[2 * drawn]);
});

test('pattern weights skew the draws and a zero weight excludes a pattern', (t) => {
  const d = generateDataset({ gates: ['AND'], repeats: 1000, noiseStd: 0, patternWeights: [0.7, 0.2, 0.1, 0] }, new Prng(4));
  const [c0, c1, c2, c3] = patternCounts(d);
  t.is(c3, 0);
  t.true(Math.abs(c0! - 2800) < 150 && Math.abs(c1! - 800) < 130 && Math.abs(c2! - 400) < 100, `${c0},${c1},${c2}`);
});

test('drawn pattern weights are in [0, 1] and sum to 1', (t) => {
  for (let seed = 0; seed < 20; seed++) {
    const w = drawPatternWeights(4, new Prng(seed));
    t.is(w.length, 4);
    t.true(w.every((v) => v >= 0 && v <= 1));
    t.true(Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  }
});

test('skewed spec: weights used for train and validation sets, not the grounding set', (t) => {
  const base = { gates: ['XOR'] as Gate[], seed: 5, maxEpochs: 1, trainRepeats: 20, validationRepeats: 200, groundingRepeats: 50 };
  const skewed = trainNetwork(defaultTrainSpec({ ...base, skewed: true }));
  const plain = trainNetwork(defaultTrainSpec(base));
  t.is(plain.patternWeights, null);
  const w = skewed.patternWeights;
  if (w === null) return t.fail('skewed spec must report pattern weights');
  t.true(Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  t.deepEqual(skewed.grounding, plain.grounding);
  t.notDeepEqual(skewed.validation, plain.validation);
  // Validation counts follow the weights (800 samples).
  patternCounts(skewed.validation).forEach((c, p) => t.true(Math.abs(c / 800 - w[p]!) < 0.08, `pattern ${p}: ${c}/800 vs ${w[p]}`));
});

test('set sizes follow the spec repeats; grounding carries targets', (t) => {
  const r = trainNetwork(defaultTrainSpec({ gates: ['AND', 'OR'], maxEpochs: 1, trainRepeats: 10 }));
  t.is(r.validation.n, 50 * 4);
  t.is(r.grounding.n, 10 * 4);
  t.is(r.grounding.nOut, 2);
});

test('invalid options are rejected', (t) => {
  const rng = new Prng(0);
  t.throws(() => generateDataset({ gates: [], repeats: 1, noiseStd: 0, patternWeights: null }, rng), { message: 'gates must name at least one gate' });
  t.throws(() => generateDataset({ gates: ['AND'], repeats: 0, noiseStd: 0, patternWeights: null }, rng), { message: 'repeats must be a positive integer, got 0' });
  t.throws(() => generateDataset({ gates: ['AND'], repeats: 1, noiseStd: 0, patternWeights: [1, 0] }, rng), { message: 'patternWeights must be 4 non-negative numbers, got [1, 0]' });
});

test('three-input gates: 8 patterns, repeats * 8 samples, targets the gates of each pattern', (t) => {
  const d = generateDataset({ gates: ['PARITY', 'MAJORITY'], repeats: 400, noiseStd: 0, patternWeights: null }, new Prng(6));
  t.is(d.nIn, 3);
  t.is(d.n, 3200);
  const counts = new Array<number>(8).fill(0);
  for (let i = 0; i < d.n; i++) {
    const bits = [d.x[3 * i]!, d.x[3 * i + 1]!, d.x[3 * i + 2]!];
    counts[bits[0]! * 4 + bits[1]! * 2 + bits[2]!]!++;
    t.is(d.y[2 * i], (bits[0]! + bits[1]! + bits[2]!) % 2);
    t.is(d.y[2 * i + 1], bits[0]! + bits[1]! + bits[2]! >= 2 ? 1 : 0);
  }
  // Binomial(3200, 1/8): sd ~ 18.7; 5 sd bounds.
  for (const c of counts) t.true(Math.abs(c - 400) < 94, `counts ${counts.join(',')}`);
});

test('three-input noise: repeats^2 * 8 samples; a 16-output table has 4 inputs', (t) => {
  const d = generateDataset({ gates: ['tt:00010111'], repeats: 5, noiseStd: 0.1, patternWeights: null }, new Prng(7));
  t.is(d.n, 5 * 5 * 8);
  t.false(d.x.every((v) => v === 0 || v === 1));
  const four = generateDataset({ gates: ['tt:0110100110010110'], repeats: 2, noiseStd: 0, patternWeights: null }, new Prng(8));
  t.is(four.nIn, 4);
  t.is(four.n, 32);
});

test('gates of different arities cannot share a data set; weights must match the patterns', (t) => {
  const rng = new Prng(0);
  t.throws(() => generateDataset({ gates: ['XOR', 'PARITY'], repeats: 1, noiseStd: 0, patternWeights: null }, rng), { message: /XOR \(2 inputs\) and PARITY \(3 inputs\) cannot share one network/ });
  t.throws(() => generateDataset({ gates: ['PARITY'], repeats: 1, noiseStd: 0, patternWeights: [1, 0, 0, 0] }, rng), { message: 'patternWeights must be 8 non-negative numbers, got [1, 0, 0, 0]' });
});

test('skewed three-input spec: eight pattern weights, used for validation, not for grounding', (t) => {
  const base = { gates: ['MAJORITY'] as Gate[], seed: 5, maxEpochs: 1, trainRepeats: 20, validationRepeats: 200, groundingRepeats: 50 };
  const skewed = trainNetwork(defaultTrainSpec({ ...base, skewed: true }));
  const plain = trainNetwork(defaultTrainSpec(base));
  t.is(skewed.patternWeights?.length, 8);
  t.deepEqual(skewed.grounding, plain.grounding);
  t.is(skewed.validation.n, 200 * 8);
  t.notDeepEqual(skewed.validation, plain.validation);
});
