/**
 * `trainNetwork`: one network trained as SEMANTICS.md "Training" describes, deterministic
 * bit for bit: every random draw comes from a seeded stream derived from `spec.seed`.
 */
import type { Dataset } from '../engine/types.js';
import { accuracy } from './accuracy.js';
import { AdamW } from './adamw.js';
import { drawPatternWeights, generateDataset } from './data.js';
import { commonArity } from '../engine/gates.js';
import { initLinear } from './init.js';
import { Mlp } from './mlp.js';
import { Prng } from './prng.js';
import { CONVERGED_ACCURACY, validateTrainSpec } from './spec.js';
import type { TrainSpec, TrainedNetwork } from './types.js';

/** Stream ids: one independent PRNG stream per use, so each draws the same whatever the others do. */
export const Streams = {
  init: 1,
  patternWeights: 2,
  train: 3,
  validation: 4,
  grounding: 5,
  shuffle: 6,
} as const;

interface DataSets {
  readonly train: Dataset;
  readonly validation: Dataset;
  readonly grounding: Dataset;
  readonly patternWeights: number[] | null;
}

function makeDataSets(spec: TrainSpec): DataSets {
  const { gates, noiseStd, seed } = spec;
  const patternWeights = spec.skewed ? drawPatternWeights(2 ** commonArity(gates), new Prng(seed, Streams.patternWeights)) : null;
  const set = (repeats: number, stream: number, weights: number[] | null): Dataset =>
    generateDataset({ gates, repeats, noiseStd, patternWeights: weights }, new Prng(seed, stream));
  return {
    train: set(spec.trainRepeats, Streams.train, patternWeights),
    validation: set(spec.validationRepeats, Streams.validation, patternWeights),
    // The grounding set is never skewed: every pattern must show up.
    grounding: set(spec.groundingRepeats, Streams.grounding, null),
    patternWeights,
  };
}

function initMlp(layerSizes: readonly number[], seed: number): Mlp {
  const mlp = new Mlp(layerSizes);
  const rng = new Prng(seed, Streams.init);
  mlp.weights.forEach((w, l) => initLinear(w, mlp.biases[l]!, layerSizes[l]!, rng));
  return mlp;
}

/** Fisher-Yates shuffle in place, like a fresh `randperm` per epoch. */
function shuffle(order: Uint32Array, rng: Prng): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}

/** One pass over the shuffled training set; returns the mean of the batch losses. */
function runEpoch(mlp: Mlp, opt: AdamW, train: Dataset, order: Uint32Array, batchSize: number): number {
  let sum = 0;
  let batches = 0;
  for (let start = 0; start < train.n; start += batchSize) {
    const end = Math.min(start + batchSize, train.n);
    // Batch losses are float32 scalars in the reference (`loss.item()`).
    sum += Math.fround(mlp.lossAndGradient(train, order, start, end));
    opt.step(mlp.params, mlp.grads);
    batches++;
  }
  return sum / batches;
}

export function trainNetwork(spec: TrainSpec): TrainedNetwork {
  validateTrainSpec(spec);
  const data = makeDataSets(spec);
  const mlp = initMlp([commonArity(spec.gates), ...spec.hidden, spec.gates.length], spec.seed);
  const opt = new AdamW(mlp.params.length, { learningRate: spec.learningRate, weightDecay: spec.weightDecay });
  const shuffleRng = new Prng(spec.seed, Streams.shuffle);
  const order = Uint32Array.from({ length: data.train.n }, (_, i) => i);
  let best = Infinity;
  let badEpochs = 0;
  let epochs = 0;
  let finalLoss = Number.NaN;
  while (epochs < spec.maxEpochs) {
    shuffle(order, shuffleRng);
    finalLoss = runEpoch(mlp, opt, data.train, order, spec.batchSize);
    epochs++;
    if (finalLoss < best) {
      best = finalLoss;
      badEpochs = 0;
    } else {
      badEpochs++;
    }
    if (finalLoss < spec.lossTarget || badEpochs >= spec.patience) break;
  }
  const validationAccuracy = accuracy(mlp, data.validation);
  return {
    model: mlp.toModel(),
    validation: data.validation,
    grounding: data.grounding,
    finalLoss,
    epochs,
    validationAccuracy,
    converged: validationAccuracy >= CONVERGED_ACCURACY && finalLoss <= spec.lossTarget,
    patternWeights: data.patternWeights,
  };
}
