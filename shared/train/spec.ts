/** Defaults and validation of `TrainSpec` (SEMANTICS.md "Training"); defaults are named constants. */
import { commonArity, gateNameProblem, isGate } from '../engine/gates.js';
import type { Gate } from '../engine/types.js';
import { outputActivations, type TrainSpec } from './types.js';

/** The paper's k = 3 network [2, 3, 3, n]. */
export const DEFAULT_HIDDEN: readonly number[] = Object.freeze([3, 3]);
export const DEFAULT_SEED = 0;
export const DEFAULT_LEARNING_RATE = 0.001;
export const DEFAULT_LOSS_TARGET = 0.01;
export const DEFAULT_NOISE_STD = 0;
export const DEFAULT_SKEWED = false;
export const DEFAULT_MAX_EPOCHS = 1000;
export const DEFAULT_BATCH_SIZE = 100;
export const DEFAULT_TRAIN_REPEATS = 1000;
export const DEFAULT_VALIDATION_REPEATS = 50;
export const DEFAULT_GROUNDING_REPEATS = 10;
export const DEFAULT_WEIGHT_DECAY = 0.01;
export const DEFAULT_PATIENCE = 3;
/** Validation accuracy a network needs to count as converged. */
export const CONVERGED_ACCURACY = 0.99;

export type TrainSpecInput = Partial<TrainSpec> & { readonly gates: readonly Gate[] };

/** Fills every field `partial` leaves out with its default, validates, and freezes the result. */
export function defaultTrainSpec(partial: TrainSpecInput): TrainSpec {
  const spec: TrainSpec = {
    gates: Object.freeze([...partial.gates]),
    hidden: Object.freeze([...(partial.hidden ?? DEFAULT_HIDDEN)]),
    seed: partial.seed ?? DEFAULT_SEED,
    learningRate: partial.learningRate ?? DEFAULT_LEARNING_RATE,
    lossTarget: partial.lossTarget ?? DEFAULT_LOSS_TARGET,
    noiseStd: partial.noiseStd ?? DEFAULT_NOISE_STD,
    skewed: partial.skewed ?? DEFAULT_SKEWED,
    maxEpochs: partial.maxEpochs ?? DEFAULT_MAX_EPOCHS,
    batchSize: partial.batchSize ?? DEFAULT_BATCH_SIZE,
    trainRepeats: partial.trainRepeats ?? DEFAULT_TRAIN_REPEATS,
    validationRepeats: partial.validationRepeats ?? DEFAULT_VALIDATION_REPEATS,
    groundingRepeats: partial.groundingRepeats ?? DEFAULT_GROUNDING_REPEATS,
    weightDecay: partial.weightDecay ?? DEFAULT_WEIGHT_DECAY,
    patience: partial.patience ?? DEFAULT_PATIENCE,
    // Regularisers and the output activation stay absent unless given: absent is off / the paper's.
    ...(partial.l1 !== undefined && { l1: partial.l1 }),
    ...(partial.l2 !== undefined && { l2: partial.l2 }),
    ...(partial.dropout !== undefined && { dropout: partial.dropout }),
    ...(partial.outputActivation !== undefined && { outputActivation: partial.outputActivation }),
  };
  validateTrainSpec(spec);
  return Object.freeze(spec);
}

function positiveInt(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`TrainSpec.${name} must be a positive integer, got ${v}`);
}

/** Throws a RangeError naming the first invalid field. */
export function validateTrainSpec(spec: TrainSpec): void {
  if (spec.gates.length === 0) throw new RangeError('TrainSpec.gates must name at least one gate');
  for (const g of spec.gates) if (!isGate(g)) throw new RangeError(`TrainSpec.gates: ${gateNameProblem(g)}`);
  try {
    commonArity(spec.gates);
  } catch (err) {
    throw new RangeError(`TrainSpec.gates: ${(err as Error).message}`);
  }
  spec.hidden.forEach((k, i) => positiveInt(`hidden[${i}]`, k));
  if (!Number.isSafeInteger(spec.seed)) throw new RangeError(`TrainSpec.seed must be a safe integer, got ${spec.seed}`);
  if (!(spec.learningRate > 0)) throw new RangeError(`TrainSpec.learningRate must be > 0, got ${spec.learningRate}`);
  if (!(spec.lossTarget >= 0)) throw new RangeError(`TrainSpec.lossTarget must be >= 0, got ${spec.lossTarget}`);
  if (!(spec.noiseStd >= 0)) throw new RangeError(`TrainSpec.noiseStd must be >= 0, got ${spec.noiseStd}`);
  if (!(spec.weightDecay >= 0)) throw new RangeError(`TrainSpec.weightDecay must be >= 0, got ${spec.weightDecay}`);
  positiveInt('maxEpochs', spec.maxEpochs);
  positiveInt('batchSize', spec.batchSize);
  positiveInt('trainRepeats', spec.trainRepeats);
  positiveInt('validationRepeats', spec.validationRepeats);
  positiveInt('groundingRepeats', spec.groundingRepeats);
  positiveInt('patience', spec.patience);
  for (const k of ['l1', 'l2'] as const) {
    const v = spec[k];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw new RangeError(`TrainSpec.${k} must be a finite number >= 0, got ${v}`);
  }
  if (spec.dropout !== undefined && !(spec.dropout >= 0 && spec.dropout < 1)) throw new RangeError(`TrainSpec.dropout must be in [0, 1), got ${spec.dropout}`);
  if (spec.outputActivation !== undefined && !outputActivations.includes(spec.outputActivation)) {
    throw new RangeError(`TrainSpec.outputActivation must be one of ${outputActivations.join(', ')}, got ${String(spec.outputActivation)}`);
  }
}
