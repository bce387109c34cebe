/**
 * Analysis options: what the user may set (`AnalysisSettings`, every field optional and documented
 * with its default) compiled into a frozen, validated `AnalysisOptions`.
 */
import { maxFormulaDepth } from './formulas.js';
import { allStages, type AnalysisOptions, type IiaPairs, type NetworkModel, type Stage } from './types.js';

export const DEFAULT_MIN_SPARSITY = 0;
export const DEFAULT_ACCURACY_THRESHOLD = 0.99;
export const DEFAULT_IIA_PAIRS: IiaPairs = 'lexicographic';

export interface AnalysisSettings {
  /** Keep node masks with hidden-node sparsity strictly above this. @default 0 (no filter) */
  readonly minSparsity?: number;
  /** Circuits need accuracy strictly above this. @default 0.99 */
  readonly accuracyThreshold?: number;
  /**
   * Deepest candidate formula, at most maxFormulaDepth(inputs) (4 with 2 inputs, 3 with 3 or 4).
   * @default number of hidden layers + 1, capped at that
   */
  readonly formulaMaxDepth?: number;
  /** IIA pair set. @default 'lexicographic' (the paper's) */
  readonly iiaPairs?: IiaPairs;
  /** Stages to run. @default all */
  readonly stages?: readonly Stage[];
  /** Count groundings of the first N kept circuits only (like the reference's time budget). @default null (all) */
  readonly maxCircuits?: number | null;
}

export class OptionsError extends Error {
  override name = 'OptionsError';
}

function inUnit(name: string, v: number): number {
  if (!(Number.isFinite(v) && v >= 0 && v <= 1)) throw new OptionsError(`${name} must be a number in [0, 1], got ${v}`);
  return v;
}

function checkMaxCircuits(v: number | null): number | null {
  if (v !== null && !(Number.isInteger(v) && v >= 0)) throw new OptionsError(`maxCircuits must be a non-negative integer, got ${v}`);
  return v;
}

export function compileAnalysisOptions(settings: AnalysisSettings, model: NetworkModel): AnalysisOptions {
  const hidden = model.layerSizes.length - 2;
  const nVars = model.layerSizes[0] as number;
  const most = maxFormulaDepth(nVars);
  const depth = settings.formulaMaxDepth ?? Math.min(hidden + 1, most);
  if (!(Number.isInteger(depth) && depth >= 0 && depth <= most)) {
    const why = nVars > 2 ? ` with ${nVars} inputs (one more level has millions of candidate formulas)` : '';
    throw new OptionsError(`formulaMaxDepth must be an integer in [0, ${most}]${why}, got ${depth}`);
  }
  const stages = settings.stages ?? allStages;
  for (const s of stages) if (!allStages.includes(s)) throw new OptionsError(`unknown stage '${s}' (expected ${allStages.join(', ')})`);
  return Object.freeze({
    minSparsity: inUnit('minSparsity', settings.minSparsity ?? DEFAULT_MIN_SPARSITY),
    accuracyThreshold: inUnit('accuracyThreshold', settings.accuracyThreshold ?? DEFAULT_ACCURACY_THRESHOLD),
    formulaMaxDepth: depth,
    iiaPairs: settings.iiaPairs ?? DEFAULT_IIA_PAIRS,
    stages: Object.freeze([...stages]),
    maxCircuits: checkMaxCircuits(settings.maxCircuits ?? null),
  });
}

/** The options of a circuit stage run on its own: every stage but the mapping search. */
export function circuitStages(options: AnalysisOptions): AnalysisOptions {
  return { ...options, stages: options.stages.filter((s) => s !== 'mappings') };
}
