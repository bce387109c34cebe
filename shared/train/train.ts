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
import { Dropout } from './dropout.js';
import { Mlp } from './mlp.js';
import { addPenalty, type PenaltyOptions } from './penalty.js';
import { Prng } from './prng.js';
import { CONVERGED_ACCURACY, validateTrainSpec } from './spec.js';
import type { TrainOptions, TrainSpec, TrainedNetwork, TrainingCheckpoint } from './types.js';

/** Stream ids: one independent PRNG stream per use, so each draws the same whatever the others do. */
export const Streams = {
  init: 1,
  patternWeights: 2,
  train: 3,
  validation: 4,
  grounding: 5,
  shuffle: 6,
  dropout: 7,
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

function initMlp(layerSizes: readonly number[], seed: number, outputActivation: TrainSpec['outputActivation']): Mlp {
  const mlp = new Mlp(layerSizes, outputActivation);
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

interface EpochLoss {
  /** Mean of the penalised batch losses: what the stopping rule sees. */
  readonly loss: number;
  /** Mean of the batch MSEs alone. */
  readonly mse: number;
}

/** The training-time extras of a spec: penalties and dropout (null when off). */
interface Regularisers {
  readonly penalty: PenaltyOptions;
  readonly dropout: Dropout | null;
}

/** One pass over the shuffled training set; returns the means of the batch losses. */
function runEpoch(mlp: Mlp, opt: AdamW, train: Dataset, order: Uint32Array, batchSize: number, reg: Regularisers): EpochLoss {
  let sum = 0;
  let sumMse = 0;
  let batches = 0;
  for (let start = 0; start < train.n; start += batchSize) {
    const end = Math.min(start + batchSize, train.n);
    const mse = mlp.lossAndGradient(train, order, start, end, reg.dropout);
    // The penalty is taken at the parameters the batch's gradient was computed at.
    const penalty = addPenalty(mlp.params, mlp.grads, reg.penalty);
    // Batch losses are float32 scalars in the reference (`loss.item()`).
    sum += Math.fround(mse + penalty);
    sumMse += Math.fround(mse);
    opt.step(mlp.params, mlp.grads);
    batches++;
  }
  return { loss: sum / batches, mse: sumMse / batches };
}

/**
 * With `options.checkpointEvery`, the network is also copied every N epochs and after the last,
 * and its validation accuracy is measured after every epoch (for `firstTaskEpoch`). Neither
 * draws from any stream nor touches the optimiser: the trained network is the same bit for bit.
 */
export function trainNetwork(spec: TrainSpec, options: TrainOptions = {}): TrainedNetwork {
  validateTrainSpec(spec);
  const every = options.checkpointEvery;
  if (every !== undefined && !(Number.isInteger(every) && every >= 1)) throw new RangeError(`checkpointEvery must be a positive integer, got ${every}`);
  const checkpoints: TrainingCheckpoint[] = [];
  let firstTaskEpoch: number | null = null;
  const data = makeDataSets(spec);
  const mlp = initMlp([commonArity(spec.gates), ...spec.hidden, spec.gates.length], spec.seed, spec.outputActivation);
  const dropoutRate = spec.dropout ?? 0;
  const reg: Regularisers = {
    penalty: { l1: spec.l1 ?? 0, l2: spec.l2 ?? 0 },
    dropout: dropoutRate > 0 ? new Dropout(dropoutRate, mlp.activations.length, new Prng(spec.seed, Streams.dropout)) : null,
  };
  const opt = new AdamW(mlp.params.length, { learningRate: spec.learningRate, weightDecay: spec.weightDecay });
  const shuffleRng = new Prng(spec.seed, Streams.shuffle);
  const order = Uint32Array.from({ length: data.train.n }, (_, i) => i);
  let best = Infinity;
  let badEpochs = 0;
  let epochs = 0;
  let finalLoss = Number.NaN;
  let finalMse = Number.NaN;
  while (epochs < spec.maxEpochs) {
    shuffle(order, shuffleRng);
    ({ loss: finalLoss, mse: finalMse } = runEpoch(mlp, opt, data.train, order, spec.batchSize, reg));
    epochs++;
    if (every !== undefined) {
      const acc = accuracy(mlp, data.validation);
      if (firstTaskEpoch === null && acc >= CONVERGED_ACCURACY) firstTaskEpoch = epochs;
      if (epochs % every === 0) checkpoints.push({ epoch: epochs, model: mlp.toModel(), loss: finalLoss, validationAccuracy: acc });
    }
    if (finalLoss < best) {
      best = finalLoss;
      badEpochs = 0;
    } else {
      badEpochs++;
    }
    if (finalLoss < spec.lossTarget || badEpochs >= spec.patience) break;
  }
  const validationAccuracy = accuracy(mlp, data.validation);
  // Dropout's epoch MSE is measured with units dropped; the analysed network has none dropped, so
  // convergence reads its MSE on the training set in evaluation mode (no other option changes it).
  const convergenceMse = reg.dropout ? mlp.lossAndGradient(data.train, Uint32Array.from({ length: data.train.n }, (_, i) => i), 0, data.train.n) : finalMse;
  if (every !== undefined && checkpoints.at(-1)?.epoch !== epochs) checkpoints.push({ epoch: epochs, model: mlp.toModel(), loss: finalLoss, validationAccuracy });
  return {
    ...(every !== undefined && { checkpoints, firstTaskEpoch }),
    model: mlp.toModel(),
    validation: data.validation,
    grounding: data.grounding,
    finalLoss,
    finalMse,
    epochs,
    validationAccuracy,
    // Convergence reads the MSE, not the penalised loss: a penalty larger than the loss target
    // would otherwise rule out networks whose fit is as good as the paper asks.
    converged: validationAccuracy >= CONVERGED_ACCURACY && convergenceMse <= spec.lossTarget,
    ...(reg.dropout && { evaluationMse: convergenceMse }),
    patternWeights: data.patternWeights,
  };
}
