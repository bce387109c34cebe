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
  /** L1 penalty coefficient on every parameter, biases included (absent: 0, off). */
  readonly l1?: number;
  /** L2 penalty coefficient (sum of squares, added to the loss; absent: 0, off). */
  readonly l2?: number;
  /** Dropout rate after each hidden linear layer, before its activation (absent: 0, off). */
  readonly dropout?: number;
  /** Activation of the output layer (absent: 'leaky-relu', the paper's). */
  readonly outputActivation?: OutputActivation;
}

/** 'leaky-relu' is the paper's; 'identity' is a plain linear output. */
export type OutputActivation = 'leaky-relu' | 'identity';
export const outputActivations: readonly OutputActivation[] = ['leaky-relu', 'identity'];

export interface TrainedNetwork {
  readonly model: NetworkModel;
  readonly validation: Dataset;
  /** Grounding set (nOut = 0 is fine; targets may be included). */
  readonly grounding: Dataset;
  /** Mean batch loss of the last epoch as the stopping rule saw it: the MSE plus any L1/L2 penalty. */
  readonly finalLoss: number;
  /** Mean batch MSE of the last epoch, without the penalty (equals `finalLoss` when none is on). */
  readonly finalMse: number;
  /** With dropout: the trained network's MSE on the training set with no unit dropped (what convergence reads). */
  readonly evaluationMse?: number;
  readonly epochs: number;
  readonly validationAccuracy: number;
  readonly converged: boolean;
  /** Per-pattern sampling weights of the skewed experiment, else null. */
  readonly patternWeights: number[] | null;
  /** With `checkpointEvery`: the snapshots, every N epochs and the last epoch, in epoch order. */
  readonly checkpoints?: readonly TrainingCheckpoint[];
  /** With `checkpointEvery`: the first epoch after which validation accuracy reached CONVERGED_ACCURACY (null: never). */
  readonly firstTaskEpoch?: number | null;
}

/** The network as it stood after `epoch` epochs of training. */
export interface TrainingCheckpoint {
  readonly epoch: number;
  readonly model: NetworkModel;
  /** The epoch's loss as the stopping rule saw it. */
  readonly loss: number;
  readonly validationAccuracy: number;
}

export interface TrainOptions {
  /** Snapshot the network every this many epochs, and after the last one. */
  readonly checkpointEvery?: number;
}
