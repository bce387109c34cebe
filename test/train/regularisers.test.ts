/**
 * The training options of issue 17: L1/L2 penalties, dropout and the identity output. Gradients
 * against finite differences (dropout with a replayed mask), the penalty's effect on the stopping
 * loss, and bit-for-bit reproducibility through the thread pool at different thread counts.
 */
import test from 'ava';
import type { Dataset } from '../../shared/engine/types.js';
import { evaluateShard } from '../../shared/evaluate/evaluateShard.js';
import { Dropout } from '../../shared/train/dropout.js';
import { initLinear } from '../../shared/train/init.js';
import { Mlp } from '../../shared/train/mlp.js';
import { addPenalty } from '../../shared/train/penalty.js';
import { Prng } from '../../shared/train/prng.js';
import { defaultTrainSpec } from '../../shared/train/spec.js';
import { trainNetwork } from '../../shared/train/train.js';
import type { OutputActivation } from '../../shared/train/types.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import { decodeResult, encode } from '../../shared/wire/codec.js';
import type { NetworkShardResult, NetworkShardSpec } from '../../shared/wire/messages.js';
import { createPool } from '../../worker/pool.js';

function problem(seed: number, sizes: number[], n: number, act: OutputActivation): { mlp: Mlp; data: Dataset; order: Uint32Array } {
  const rng = new Prng(seed);
  const mlp = new Mlp(sizes, act);
  mlp.weights.forEach((w, l) => initLinear(w, mlp.biases[l]!, sizes[l]!, rng));
  const nIn = sizes[0]!;
  const nOut = sizes[sizes.length - 1]!;
  const x = Float32Array.from({ length: n * nIn }, () => rng.uniform() * 2 - 1);
  // Targets beyond [0, 1] push identity outputs negative, where they differ from LeakyReLU.
  const y = Float32Array.from({ length: n * nOut }, () => rng.uniform() * 3 - 1.5);
  return { mlp, data: { n, nIn, nOut, x, y }, order: Uint32Array.from({ length: n }, (_, i) => i) };
}

/** Loss and gradient with the penalty and a dropout mask replayed from the same seed each call. */
function lossOf(mlp: Mlp, data: Dataset, order: Uint32Array, dropSeed: number | null, l1: number, l2: number): number {
  const drop = dropSeed === null ? null : new Dropout(0.3, mlp.activations.length, new Prng(dropSeed, 7));
  return mlp.lossAndGradient(data, order, 0, data.n, drop) + addPenalty(mlp.params, mlp.grads, { l1, l2 });
}

for (const [act, dropSeed, l1, l2] of [['identity', null, 0, 0], ['leaky-relu', 5, 0, 0], ['identity', 6, 0.01, 0.02], ['leaky-relu', null, 0.03, 0]] as const) {
  test(`gradient agrees with finite differences: output ${act}, dropout ${dropSeed !== null}, l1 ${l1}, l2 ${l2}`, (t) => {
    const { mlp, data, order } = problem(11 + l1 * 100, [2, 4, 3, 2], 7, act);
    lossOf(mlp, data, order, dropSeed, l1, l2);
    const analytic = Float64Array.from(mlp.grads);
    const { params } = mlp;
    const h = 1e-3;
    for (let i = 0; i < params.length; i++) {
      const p0 = params[i]!;
      params[i] = p0 + h;
      const up = params[i]!;
      const lossUp = lossOf(mlp, data, order, dropSeed, l1, l2);
      params[i] = p0 - h;
      const down = params[i]!;
      const lossDown = lossOf(mlp, data, order, dropSeed, l1, l2);
      params[i] = p0;
      const numeric = (lossUp - lossDown) / (up - down);
      const a = analytic[i]!;
      t.true(Math.abs(numeric - a) <= 1e-3 + 1e-2 * Math.abs(a), `param ${i}: analytic ${a}, numeric ${numeric}`);
    }
  });
}

test('identity output passes negative pre-activations through; LeakyReLU scales them', (t) => {
  for (const act of ['identity', 'leaky-relu'] as const) {
    const mlp = new Mlp([2, 1], act);
    mlp.weights[0]!.set([1, 1]);
    mlp.biases[0]!.set([-3]);
    const out = mlp.forward(new Float32Array([0, 0]), 0);
    t.is(mlp.activations[out], act === 'identity' ? -3 : Math.fround(-0.03));
  }
});

test('the penalty is l1 * sum |p| + l2 * sum p^2, biases included', (t) => {
  const params = Float32Array.from([1, -2, 0, 0.5]);
  const grads = new Float64Array(4);
  t.is(addPenalty(params, grads, { l1: 0.1, l2: 0.01 }), 0.1 * 3.5 + 0.01 * 5.25);
  t.deepEqual([...grads], [0.1 + 0.02, -0.1 - 0.04, 0, 0.1 + 0.01]);
});

test('dropout zeroes about p of the units and scales the rest by 1 / (1 - p)', (t) => {
  const d = new Dropout(0.25, 4000, new Prng(3, 7));
  d.draw(0, 4000);
  const zeros = d.scale.filter((v) => v === 0).length;
  t.true(Math.abs(zeros / 4000 - 0.25) < 0.03, `${zeros} zeros`);
  t.true(d.scale.every((v) => v === 0 || v === 1 / 0.75));
});

test('zero coefficients and rate train the same network as no options, bit for bit', (t) => {
  const plain = trainNetwork(defaultTrainSpec({ gates: ['XOR'], seed: 4, maxEpochs: 15, trainRepeats: 200 }));
  const zeros = trainNetwork(defaultTrainSpec({ gates: ['XOR'], seed: 4, maxEpochs: 15, trainRepeats: 200, l1: 0, l2: 0, dropout: 0, outputActivation: 'leaky-relu' }));
  t.deepEqual(zeros.model, plain.model);
  t.is(zeros.finalLoss, plain.finalLoss);
  t.is(zeros.finalMse, plain.finalLoss);
});

test('the stopping loss carries the penalty; the MSE does not', (t) => {
  const r = trainNetwork(defaultTrainSpec({ gates: ['XOR'], seed: 4, maxEpochs: 5, trainRepeats: 200, l2: 0.01 }));
  t.true(r.finalLoss > r.finalMse);
  const params = [...r.model.weights, ...r.model.biases].flatMap((w) => [...w]);
  // The last epoch's penalty is at least that of its smallest-norm batch, which is near the final one.
  t.true(r.finalLoss - r.finalMse > 0.5 * 0.01 * params.reduce((a, p) => a + p * p, 0));
});

test('bad regulariser values are rejected by the spec', (t) => {
  t.throws(() => defaultTrainSpec({ gates: ['XOR'], l1: -1 }), { instanceOf: RangeError, message: /TrainSpec\.l1/ });
  t.throws(() => defaultTrainSpec({ gates: ['XOR'], dropout: 1 }), { instanceOf: RangeError, message: /TrainSpec\.dropout/ });
  t.throws(() => defaultTrainSpec({ gates: ['XOR'], outputActivation: 'relu' as never }), { instanceOf: RangeError, message: /outputActivation/ });
});

/** A shard with every training option on (identity output included) and its in-process result. */
function allOptionsShard(seed: number): NetworkShardSpec {
  const train = defaultTrainSpec({ gates: ['XOR'], seed, maxEpochs: 40, trainRepeats: 200, l1: 5e-4, l2: 1e-3, dropout: 0.05, outputActivation: 'identity', patience: 5 });
  const analysis = compileAnalysisOptions({ stages: ['circuits'] }, { layerSizes: [2, 3, 3, 1], weights: [], biases: [] });
  return { kind: 'network', experiment: seed, train, analysis };
}

const bits = (r: NetworkShardResult): string[] => [...r.model.weights, ...r.model.biases].map((w) => Buffer.from(w.buffer, w.byteOffset, w.byteLength).toString('hex'));

test('every option together trains bit-identical networks in process and on pools of 1 and 2 threads', async (t) => {
  const specs = [0, 1, 2, 3].map(allOptionsShard);
  const inProcess = specs.map((s) => bits(evaluateShard(s) as NetworkShardResult));
  t.is(new Set(inProcess.map((b) => b.join())).size, 4, 'different seeds, different networks');
  for (const threads of [1, 2]) {
    const pool = createPool(threads);
    try {
      const outs = await Promise.all(
        specs.map((spec, index) => pool.run({ bytes: encode({ type: 'shard', v: 1, planId: 'p', shardId: `p:${index}`, index, spec }), worker: 'w', delivery: 1 })),
      );
      outs.forEach((out, i) => {
        if (!out.ok) return t.fail(out.error.message);
        const msg = decodeResult(out.bytes);
        if (msg.type !== 'shard-result') return t.fail('no result');
        t.deepEqual(bits(msg.result as NetworkShardResult), inProcess[i], `seed ${i}, ${threads} threads`);
      });
    } finally {
      await pool.close();
    }
  }
});

test('an identity-output network says so in its model, and the engine\'s forward pass computes what training did', async (t) => {
  const { forwardAll } = await import('../../shared/engine/network.js');
  const r = trainNetwork(defaultTrainSpec({ gates: ['XOR'], seed: 1, maxEpochs: 3, trainRepeats: 50, outputActivation: 'identity' }));
  t.is(r.model.outputActivation, 'identity');
  const mlp = new Mlp(r.model.layerSizes, 'identity');
  // An output bias of -5 pushes outputs negative, where identity and LeakyReLU differ.
  r.model.biases.at(-1)![0] = -5;
  mlp.params.set(r.model.weights.flatMap((w, l) => [...w, ...r.model.biases[l]!]));
  let negative = 0;
  for (let s = 0; s < r.validation.n; s++) {
    const x = r.validation.x.subarray(s * 2, s * 2 + 2);
    const out = mlp.activations[mlp.forward(r.validation.x, s * 2)]!;
    const engine = forwardAll(r.model, x).at(-1)![0]!;
    // Training sums bias first in float64; the engine rounds the dot then adds the bias in float32.
    t.true(Math.abs(out - engine) < 1e-5, `sample ${s}: ${out} vs ${engine}`);
    if (engine < -1) negative++;
  }
  t.true(negative > 0, 'no output below -1: the identity output is not exercised');
});

test('with dropout, convergence reads the MSE with no unit dropped', (t) => {
  let converged = 0;
  for (const seed of [0, 1, 3, 7]) {
    const r = trainNetwork(defaultTrainSpec({ gates: ['XOR'], seed, dropout: 0.05 }));
    t.not(r.evaluationMse, undefined);
    t.is(r.converged, r.validationAccuracy >= 0.99 && r.evaluationMse! <= 0.01);
    if (r.converged) converged++;
    // Dropping units only adds error: the dropout-mode epoch MSE is the larger one.
    t.true(r.evaluationMse! < r.finalMse, `seed ${seed}: ${r.evaluationMse} vs ${r.finalMse}`);
  }
  t.true(converged > 0, 'some networks converge');
  t.is(trainNetwork(defaultTrainSpec({ gates: ['XOR'], seed: 0, maxEpochs: 3 })).evaluationMse, undefined);
});
