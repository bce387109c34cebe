import test from 'ava';
import type { Gate } from '../../shared/engine/types.js';
import { defaultTrainSpec } from '../../shared/train/spec.js';
import { trainNetwork } from '../../shared/train/train.js';
import type { TrainedNetwork } from '../../shared/train/types.js';

const bytes = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const sameParams = (a: TrainedNetwork, b: TrainedNetwork): boolean =>
  [...a.model.weights, ...a.model.biases].every((w, i) => bytes(w).equals(bytes([...b.model.weights, ...b.model.biases][i]!)));

test('same spec gives the same network bit for bit', (t) => {
  const spec = defaultTrainSpec({ gates: ['XOR'], seed: 123 });
  const a = trainNetwork(spec);
  const b = trainNetwork(spec);
  t.true(sameParams(a, b));
  t.is(a.finalLoss, b.finalLoss);
  t.is(a.epochs, b.epochs);
  t.deepEqual(a.validation, b.validation);
});

test('different seeds give different networks', (t) => {
  const a = trainNetwork(defaultTrainSpec({ gates: ['XOR'], seed: 1, maxEpochs: 2 }));
  const b = trainNetwork(defaultTrainSpec({ gates: ['XOR'], seed: 2, maxEpochs: 2 }));
  t.false(sameParams(a, b));
});

test('model shape is [2, ...hidden, n_gates]', (t) => {
  const r = trainNetwork(defaultTrainSpec({ gates: ['AND', 'OR', 'XOR'], hidden: [4, 2], maxEpochs: 1, trainRepeats: 10 }));
  t.deepEqual(r.model.layerSizes, [2, 4, 2, 3]);
  t.deepEqual(r.model.weights.map((w) => w.length), [8, 8, 6]);
  t.deepEqual(r.model.biases.map((b) => b.length), [4, 2, 3]);
});

test('stops at maxEpochs, and at once when the loss target is met', (t) => {
  t.is(trainNetwork(defaultTrainSpec({ gates: ['XOR'], maxEpochs: 2 })).epochs, 2);
  const easy = trainNetwork(defaultTrainSpec({ gates: ['XOR'], lossTarget: 10 }));
  t.is(easy.epochs, 1);
  t.true(easy.finalLoss < 10);
});

test('stops after `patience` epochs without improvement', (t) => {
  // With a learning rate this small the float32 parameters never move, so no epoch improves
  // on the first beyond rounding noise, and training stops after a few epochs.
  const r = trainNetwork(defaultTrainSpec({ gates: ['XOR'], learningRate: 1e-14, maxEpochs: 100, patience: 3 }));
  t.true(r.epochs >= 4 && r.epochs < 20, `epochs ${r.epochs}`);
  t.false(r.converged);
});

function convergenceRate(gate: Gate, seeds: number): { rate: number; results: TrainedNetwork[] } {
  const results = Array.from({ length: seeds }, (_, seed) => trainNetwork(defaultTrainSpec({ gates: [gate], seed })));
  return { rate: results.filter((r) => r.converged).length / seeds, results };
}

test('converged means validation accuracy >= 0.99 and final loss <= target', (t) => {
  const { results } = convergenceRate('XOR', 10);
  for (const r of results) t.is(r.converged, r.validationAccuracy >= 0.99 && r.finalLoss <= 0.01);
});

test('XOR [2,3,3,1]: a good share of 20 seeds converges', (t) => {
  const { rate } = convergenceRate('XOR', 20);
  t.log(`XOR k=3 convergence rate: ${rate}`);
  t.true(rate >= 0.3, `rate ${rate}`);
});

test('AND [2,3,3,1]: nearly every one of 20 seeds converges', (t) => {
  const { rate } = convergenceRate('AND', 20);
  t.log(`AND k=3 convergence rate: ${rate}`);
  t.true(rate >= 0.9, `rate ${rate}`);
});

test('multi-gate training reaches the targets of every output', (t) => {
  const r = trainNetwork(defaultTrainSpec({ gates: ['AND', 'OR'], hidden: [4, 4], seed: 3 }));
  t.log(`AND+OR [2,4,4,2]: accuracy ${r.validationAccuracy}, loss ${r.finalLoss}, epochs ${r.epochs}`);
  t.true(r.validationAccuracy >= 0.99);
});

test('three-input gates: the network is [3, ...hidden, n_gates]; a full adder trains', (t) => {
  const r = trainNetwork(defaultTrainSpec({ gates: ['PARITY', 'MAJORITY'], hidden: [4, 4], seed: 1 }));
  t.deepEqual(r.model.layerSizes, [3, 4, 4, 2]);
  t.is(r.validation.nIn, 3);
  t.is(r.grounding.n, 10 * 8);
  t.log(`PARITY+MAJORITY [3,4,4,2]: accuracy ${r.validationAccuracy}, loss ${r.finalLoss}, epochs ${r.epochs}`);
  t.true(r.validationAccuracy >= 0.99);
  t.throws(() => defaultTrainSpec({ gates: ['XOR', 'MAJORITY'] }), { message: /^TrainSpec\.gates: gates XOR \(2 inputs\) and MAJORITY/ });
  t.throws(() => defaultTrainSpec({ gates: ['tt:012' as Gate] }), { message: /^TrainSpec\.gates: gate "tt:012"/ });
});
