/**
 * Study configuration in stages: the user-facing `StudyOptions` (every field optional, defaults
 * documented) is compiled by `compileStudyOptions` into a frozen, validated `StudyConfig`.
 */
import { CriteriaError, criteriaNames, parseCriteria } from '../shared/engine/criteria.js';
import { commonArity, gateArity, gateNameProblem, GateError, isGate } from '../shared/engine/gates.js';
import type { Gate, IiaPairs } from '../shared/engine/types.js';
import { outputActivations, type OutputActivation } from '../shared/train/types.js';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_GROUNDING_REPEATS,
  DEFAULT_LEARNING_RATE,
  DEFAULT_LOSS_TARGET,
  DEFAULT_MAX_EPOCHS,
  DEFAULT_TRAIN_REPEATS,
  DEFAULT_VALIDATION_REPEATS,
} from '../shared/train/spec.js';

export const DEFAULT_EXPERIMENTS = 100;
export const DEFAULT_ACCURACY_THRESHOLD = 0.99;

/** The paper's sparsity filter per hidden width: none up to k = 3, 0.2 at k = 4, 0.3 from k = 5. */
export function paperSparsity(k: number): number {
  return k <= 3 ? 0 : k === 4 ? 0.2 : 0.3;
}

export interface StudyOptions {
  /**
   * Gates to learn (or to draw from, with `nGates`), canonical names (gates.ts): two-input, three-input
   * or `tt:` tables; one arity unless `perGate` (a network's input width is its gates' arity). @default ['XOR']
   */
  readonly gates?: readonly Gate[];
  /** With several gates: one single-output network per gate instead of one multi-output network. @default false */
  readonly perGate?: boolean;
  /** Numbers of gates drawn at random (without replacement) from `gates` per network. @default all gates at once */
  readonly nGates?: readonly number[];
  /** Hidden widths k of [arity, k, ..., k, n]. @default [3] */
  readonly sizes?: readonly number[];
  /** Hidden layer counts. @default [2] */
  readonly depths?: readonly number[];
  /** Networks per configuration. @default 100 */
  readonly experiments?: number;
  /** Seed of the first network; network i uses seed + i. @default 0 */
  readonly seed?: number;
  /** @default 0 */
  readonly noiseStd?: number;
  /** @default false */
  readonly skewed?: boolean;
  /** @default [0.01] */
  readonly lossTargets?: readonly number[];
  /** @default [0.001] */
  readonly learningRates?: readonly number[];
  /** @default 1000 */
  readonly maxEpochs?: number;
  /** @default 100 */
  readonly batchSize?: number;
  /** Samples per pattern: training, validation and grounding sets. @default 1000, 50, 10 */
  readonly trainRepeats?: number;
  readonly validationRepeats?: number;
  readonly groundingRepeats?: number;
  /** Sparsity filter for every size. @default the paper's per size (paperSparsity) */
  readonly minSparsity?: number;
  /** @default 0.99 */
  readonly accuracyThreshold?: number;
  /** @default 'lexicographic' */
  readonly iiaPairs?: IiaPairs;
  /** Count groundings of the first N kept circuits per output only. @default all */
  readonly maxCircuits?: number;
  /** Explicit [width, depth] shapes instead of every size x depth (the growth preset's two axes). */
  readonly shapes?: readonly (readonly [number, number])[];
  /** Most kept circuits listed per output in df_out.csv and results.jsonl ('all': every one). @default 100000 */
  readonly listLimit?: number | 'all';
  /** A network with more candidate circuits per output than this is analysed as slices of about this many. @default 2e8 */
  readonly sliceCandidates?: number;
  /**
   * Worker threads in all that will take a large network's slices: at most 128 slices each
   * (SLICES_PER_WORKER); in the config, so a resume plans the same slices. @default unset: the
   * grain of sliceCandidates alone
   */
  readonly sliceWorkers?: number;
  /** L1 penalty coefficients swept (0: off). @default [0] */
  readonly l1Lambdas?: readonly number[];
  /** L2 penalty coefficients swept (0: off). @default [0] */
  readonly l2Lambdas?: readonly number[];
  /** Dropout rates swept (0: off). @default [0] */
  readonly dropoutRates?: readonly number[];
  /** @default 'leaky-relu' (the paper's) */
  readonly outputActivation?: OutputActivation;
  /** Early-stopping epochs without improving the best epoch loss. @default 3 */
  readonly patience?: number;
  /** Analyse every network also every N epochs of its training (explanations through training). @default off */
  readonly checkpoints?: number;
  /**
   * Stricter criteria (`parseCriteria` text): each network is also counted under the paper's, each
   * criterion alone and all together (criteria.csv and a report section). @default none
   */
  readonly criteria?: string;
}

/** Options absent from a config are left out of it (and of its hash), so older plans keep their ids. */
type Optional = 'nGates' | 'minSparsity' | 'maxCircuits' | 'shapes' | 'listLimit' | 'sliceCandidates' | AbsentWhenUnset;
/** Options added after plans were first stored: left out of the config unless given. */
type AbsentWhenUnset = 'criteria' | 'l1Lambdas' | 'l2Lambdas' | 'dropoutRates' | 'outputActivation' | 'patience' | 'checkpoints' | 'sliceWorkers';

export type StudyConfig = Readonly<Required<Omit<StudyOptions, Optional>>> & Pick<StudyOptions, 'shapes' | 'listLimit' | 'sliceCandidates' | AbsentWhenUnset> & {
  readonly maxCircuits: number | null;
  readonly nGates: readonly number[] | null;
  readonly minSparsity: number | null;
};

export class StudyConfigError extends Error {
  override name = 'StudyConfigError';
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new StudyConfigError(message);
}

function positiveInts(name: string, values: readonly number[], max: number): void {
  check(values.length > 0, `${name} must list at least one value`);
  for (const v of values) check(Number.isInteger(v) && v >= 1 && v <= max, `${name} must be integers in [1, ${max}], got ${v}`);
}

/** The canonical text of a criteria list (same criteria, same text, same plan id). */
function canonicalCriteria(text: string): string {
  try {
    return criteriaNames(parseCriteria(text)).join(',');
  } catch (err) {
    if (err instanceof CriteriaError) throw new StudyConfigError(`criteria: ${err.message}`);
    throw err;
  }
}

export function compileStudyOptions(o: StudyOptions): StudyConfig {
  const c = {
    gates: o.gates ?? ['XOR'],
    perGate: o.perGate ?? false,
    nGates: o.nGates ?? null,
    sizes: o.sizes ?? [3],
    depths: o.depths ?? [2],
    experiments: o.experiments ?? DEFAULT_EXPERIMENTS,
    seed: o.seed ?? 0,
    noiseStd: o.noiseStd ?? 0,
    skewed: o.skewed ?? false,
    lossTargets: o.lossTargets ?? [DEFAULT_LOSS_TARGET],
    learningRates: o.learningRates ?? [DEFAULT_LEARNING_RATE],
    maxEpochs: o.maxEpochs ?? DEFAULT_MAX_EPOCHS,
    batchSize: o.batchSize ?? DEFAULT_BATCH_SIZE,
    trainRepeats: o.trainRepeats ?? DEFAULT_TRAIN_REPEATS,
    validationRepeats: o.validationRepeats ?? DEFAULT_VALIDATION_REPEATS,
    groundingRepeats: o.groundingRepeats ?? DEFAULT_GROUNDING_REPEATS,
    minSparsity: o.minSparsity ?? null,
    accuracyThreshold: o.accuracyThreshold ?? DEFAULT_ACCURACY_THRESHOLD,
    iiaPairs: o.iiaPairs ?? 'lexicographic',
    maxCircuits: o.maxCircuits ?? null,
    ...(o.shapes && { shapes: o.shapes.map(([k, d]) => [k, d] as const) }),
    ...(o.listLimit !== undefined && { listLimit: o.listLimit }),
    ...(o.sliceCandidates !== undefined && { sliceCandidates: o.sliceCandidates }),
    ...(o.sliceWorkers !== undefined && { sliceWorkers: o.sliceWorkers }),
    ...(o.l1Lambdas !== undefined && { l1Lambdas: [...o.l1Lambdas] }),
    ...(o.l2Lambdas !== undefined && { l2Lambdas: [...o.l2Lambdas] }),
    ...(o.dropoutRates !== undefined && { dropoutRates: [...o.dropoutRates] }),
    ...(o.outputActivation !== undefined && { outputActivation: o.outputActivation }),
    ...(o.patience !== undefined && { patience: o.patience }),
    ...(o.checkpoints !== undefined && { checkpoints: o.checkpoints }),
    ...(o.criteria !== undefined && o.criteria.trim() !== '' && { criteria: canonicalCriteria(o.criteria) }),
  };
  check(c.gates.length > 0, 'gates must list at least one gate');
  for (const g of c.gates) check(isGate(g), gateNameProblem(g));
  check(new Set(c.gates).size === c.gates.length, 'gates must not repeat');
  // A network learns its gates from one input layer: only one network per gate may mix arities.
  if (!c.perGate) {
    try {
      commonArity(c.gates);
    } catch (err) {
      if (err instanceof GateError) throw new StudyConfigError(`${err.message} (or use per-gate: one network per gate)`);
      throw err;
    }
  }
  if (c.nGates) positiveInts('n-gates', c.nGates, c.gates.length);
  check(!(c.nGates && c.perGate), 'n-gates and per-gate cannot be combined');
  positiveInts('sizes', c.sizes, 8);
  positiveInts('depths', c.depths, 4);
  check(Number.isInteger(c.experiments) && c.experiments >= 1, `experiments must be a positive integer, got ${c.experiments}`);
  check(Number.isSafeInteger(c.seed) && c.seed >= 0, `seed must be a non-negative integer, got ${c.seed}`);
  check(Number.isFinite(c.noiseStd) && c.noiseStd >= 0, `noise-std must be a non-negative number, got ${c.noiseStd}`);
  for (const v of c.lossTargets) check(Number.isFinite(v) && v > 0, `loss-targets must be positive numbers, got ${v}`);
  for (const v of c.learningRates) check(Number.isFinite(v) && v > 0, `learning-rates must be positive numbers, got ${v}`);
  for (const [name, v] of [['epochs', c.maxEpochs], ['batch-size', c.batchSize], ['train-repeats', c.trainRepeats], ['validation-repeats', c.validationRepeats], ['grounding-repeats', c.groundingRepeats]] as const) {
    check(Number.isInteger(v) && v >= 1, `${name} must be a positive integer, got ${v}`);
  }
  if (c.minSparsity !== null) check(c.minSparsity >= 0 && c.minSparsity < 1, `min-sparsity must be in [0, 1), got ${c.minSparsity}`);
  if (c.maxCircuits !== null) check(Number.isInteger(c.maxCircuits) && c.maxCircuits >= 0, `max-circuits must be a non-negative integer, got ${c.maxCircuits}`);
  if (c.shapes) {
    check(c.shapes.length > 0, 'shapes must list at least one [width, depth]');
    for (const [k, d] of c.shapes) check(Number.isInteger(k) && k >= 1 && k <= 8 && Number.isInteger(d) && d >= 1 && d <= 4, `shapes must be [width 1-8, depth 1-4] pairs, got [${k}, ${d}]`);
  }
  if (c.listLimit !== undefined) check(c.listLimit === 'all' || (Number.isInteger(c.listLimit) && c.listLimit >= 0), `list-limit must be a non-negative integer or 'all', got ${c.listLimit}`);
  if (c.sliceCandidates !== undefined) check(Number.isInteger(c.sliceCandidates) && c.sliceCandidates >= 1, `slice-candidates must be a positive integer, got ${c.sliceCandidates}`);
  if (c.sliceWorkers !== undefined) check(Number.isInteger(c.sliceWorkers) && c.sliceWorkers >= 1, `workers must be a positive integer, got ${c.sliceWorkers}`);
  for (const [name, list] of [['l1', c.l1Lambdas], ['l2', c.l2Lambdas]] as const) {
    if (!list) continue;
    check(list.length > 0, `${name} must list at least one value`);
    for (const v of list) check(Number.isFinite(v) && v >= 0, `${name} must be non-negative numbers, got ${v}`);
  }
  if (c.dropoutRates) {
    check(c.dropoutRates.length > 0, 'dropout must list at least one value');
    for (const v of c.dropoutRates) check(Number.isFinite(v) && v >= 0 && v < 1, `dropout must be rates in [0, 1), got ${v}`);
  }
  if (c.outputActivation !== undefined) check(outputActivations.includes(c.outputActivation), `output-activation must be one of ${outputActivations.join(', ')}, got ${c.outputActivation}`);
  if (c.patience !== undefined) check(Number.isInteger(c.patience) && c.patience >= 1, `patience must be a positive integer, got ${c.patience}`);
  if (c.checkpoints !== undefined) check(Number.isInteger(c.checkpoints) && c.checkpoints >= 1, `checkpoints must be a positive integer, got ${c.checkpoints}`);
  check(c.accuracyThreshold >= 0 && c.accuracyThreshold <= 1, `accuracy-threshold must be in [0, 1], got ${c.accuracyThreshold}`);
  // A value listed twice makes two conditions of the same networks (same seeds): a study that
  // counts each network twice.
  const lists = [['sizes', c.sizes], ['depths', c.depths], ['n-gates', c.nGates], ['loss-targets', c.lossTargets], ['learning-rates', c.learningRates], ['l1', c.l1Lambdas], ['l2', c.l2Lambdas], ['dropout', c.dropoutRates]] as const;
  for (const [name, list] of lists) {
    if (list) check(new Set(list).size === list.length, `${name} must not repeat a value (it would train the same networks twice), got ${list.join(',')}`);
  }
  if (c.shapes) check(new Set(c.shapes.map((s) => s.join('x'))).size === c.shapes.length, 'shapes must not repeat a [width, depth] pair');
  checkFourInputWidth(c.gates, c.shapes ? c.shapes.map(([k]) => k) : c.sizes, c.maxCircuits);
  return Object.freeze(c) as StudyConfig;
}

/** Widest hidden layer whose four-input networks a study analyses in full (docs/three-inputs.md). */
export const MAX_FOUR_INPUT_WIDTH = 3;

/**
 * Groundings over the 16 patterns of four inputs go through the per-circuit DP, whose states grow
 * as (tables per node)^width: at width 4 a network keeps about 250 000 circuits at 1-2 ms each
 * (measured), some ten minutes per network. A study asks for that explicitly with --max-circuits.
 */
function checkFourInputWidth(gates: readonly Gate[], widths: readonly number[], maxCircuits: number | null): void {
  const four = gates.find((g) => gateArity(g) === 4);
  const widest = Math.max(...widths);
  if (four === undefined || widest <= MAX_FOUR_INPUT_WIDTH || maxCircuits !== null) return;
  throw new StudyConfigError(
    `four-input gate ${four} at width ${widest}: groundings would take about ten minutes per network; use widths up to ${MAX_FOUR_INPUT_WIDTH}, or --max-circuits N to count the groundings of the first N circuits`,
  );
}
