import type { Gate } from '../engine/types.js';

/**
 * One converged network as the study table (df_out.csv) and the report see it. Columns follow the
 * authors' df_out.csv; list cells hold one entry per output (gate).
 */
export interface StudyRow {
  readonly study: string; // preset or 'custom'
  readonly gates: readonly Gate[];
  readonly n_gates: number;
  /** Layer sizes, e.g. [2, 3, 3, 1]. */
  readonly sizes: readonly number[];
  readonly seed_offset: number;
  /** Circuits kept, per output. */
  readonly perfect_circuits: readonly number[];
  /** Groundings of each kept circuit, per output (numbers; exact values stay in results.jsonl). */
  readonly interpretations_per_circuit: readonly (readonly number[])[];
  /** Formulas with at least one minimal mapping, per output. */
  readonly formulas: readonly number[];
  /** Minimal mappings of each such formula, per output. */
  readonly mappings_per_formula: readonly (readonly number[])[];
  readonly loss_target: number;
  readonly learning_rate: number;
  /** Number of hidden layers. */
  readonly depth: number;
  /** Per-pattern weights of the skewed experiment, else null. */
  readonly weights: readonly number[] | null;
  readonly noise_std: number;
}
