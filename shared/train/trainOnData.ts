/**
 * Training on a given data set for a fixed number of epochs: what the authors' MNIST demo does
 * (Adam, MSE, shuffled mini-batches, no early stop). Adam is `AdamW` with weight decay 0. Same
 * MLP, init and float32 arithmetic as the gate studies; deterministic from `seed`.
 */
import type { Dataset, NetworkModel } from '../engine/types.js';
import { accuracy } from './accuracy.js';
import { AdamW } from './adamw.js';
import { initLinear } from './init.js';
import { Mlp } from './mlp.js';
import { Prng } from './prng.js';
import { Streams } from './train.js';

export interface FixedEpochsSpec {
  readonly layerSizes: readonly number[];
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** 0 for Adam. */
  readonly weightDecay: number;
  readonly seed: number;
}

export interface FixedEpochsResult {
  readonly model: NetworkModel;
  /** Mean batch loss of each epoch. */
  readonly epochLosses: number[];
  readonly trainAccuracy: number;
}

export function trainFixedEpochs(spec: FixedEpochsSpec, train: Dataset): FixedEpochsResult {
  const sizes = spec.layerSizes;
  if (train.nIn !== sizes[0] || train.nOut !== sizes[sizes.length - 1]) throw new RangeError(`data is ${train.nIn} -> ${train.nOut}, network is [${sizes.join(', ')}]`);
  const mlp = new Mlp(sizes);
  const init = new Prng(spec.seed, Streams.init);
  mlp.weights.forEach((w, l) => initLinear(w, mlp.biases[l]!, sizes[l]!, init));
  const opt = new AdamW(mlp.params.length, { learningRate: spec.learningRate, weightDecay: spec.weightDecay });
  const rng = new Prng(spec.seed, Streams.shuffle);
  const order = Uint32Array.from({ length: train.n }, (_, i) => i);
  const epochLosses: number[] = [];
  for (let e = 0; e < spec.epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    let sum = 0;
    let batches = 0;
    for (let start = 0; start < train.n; start += spec.batchSize) {
      sum += Math.fround(mlp.lossAndGradient(train, order, start, Math.min(start + spec.batchSize, train.n)));
      opt.step(mlp.params, mlp.grads);
      batches++;
    }
    epochLosses.push(sum / batches);
  }
  return { model: mlp.toModel(), epochLosses, trainAccuracy: accuracy(mlp, train) };
}
