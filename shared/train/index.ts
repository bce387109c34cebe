/** Public surface of the trainer: pure, deterministic training of the paper's logic-gate MLPs. */
export type { TrainSpec, TrainedNetwork } from './types.js';
export { trainNetwork, Streams } from './train.js';
export {
  defaultTrainSpec,
  validateTrainSpec,
  type TrainSpecInput,
  CONVERGED_ACCURACY,
  DEFAULT_BATCH_SIZE,
  DEFAULT_GROUNDING_REPEATS,
  DEFAULT_HIDDEN,
  DEFAULT_LEARNING_RATE,
  DEFAULT_LOSS_TARGET,
  DEFAULT_MAX_EPOCHS,
  DEFAULT_NOISE_STD,
  DEFAULT_PATIENCE,
  DEFAULT_SEED,
  DEFAULT_SKEWED,
  DEFAULT_TRAIN_REPEATS,
  DEFAULT_VALIDATION_REPEATS,
  DEFAULT_WEIGHT_DECAY,
} from './spec.js';
export { gateOutput, gateArity, patternBits, truthTable } from './gates.js';
export { generateDataset, drawPatternWeights, type DataOptions } from './data.js';
export { Prng } from './prng.js';
export { Mlp, LEAKY_SLOPE } from './mlp.js';
export { AdamW, ADAMW_DEFAULTS, type AdamWOptions } from './adamw.js';
export { accuracy, roundHalfEven } from './accuracy.js';
export { initLinear } from './init.js';
