import type { Dataset, Gate, NetworkModel } from '../engine/types.js';

/** One network to train, as SEMANTICS.md "Training" describes; every field is explicit. */
export interface TrainSpec {
  readonly gates: readonly Gate[];
  /** Hidden layer widths, e.g. [3, 3] for the paper's [2, 3, 3, n]. */
  readonly hidden: readonly number[];
  /** Seed of the network's own PRNG (init, data, shuffling). */
  readonly seed: number;
  readonly learningRate: number; // 0.001
  readonly lossTarget: number; // 0.01
  readonly noiseStd: number; // 0
  readonly skewed: boolean; // false
  readonly maxEpochs: number; // 1000
  readonly batchSize: number; // 100
  readonly trainRepeats: number; // 1000
  readonly validationRepeats: number; // 50
  readonly groundingRepeats: number; // 10
  readonly weightDecay: number; // 0.01
  /** Epochs without improving the best epoch loss before stopping. */
  readonly patience: number; // 3
}

export interface TrainedNetwork {
  readonly model: NetworkModel;
  readonly validation: Dataset;
  /** Grounding set (nOut = 0 is fine; targets may be included). */
  readonly grounding: Dataset;
  readonly finalLoss: number;
  readonly epochs: number;
  readonly validationAccuracy: number;
  readonly converged: boolean;
  /** Per-pattern sampling weights of the skewed experiment, else null. */
  readonly patternWeights: number[] | null;
}
