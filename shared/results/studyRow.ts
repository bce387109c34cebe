import type { Gate } from '../engine/types.js';
import type { OutputActivation } from '../train/types.js';
import type { OutputResult } from '../wire/messages.js';
import { emptyPacked, type PackedDistribution } from '../engine/packedDistribution.js';
import type { CriterionCounts } from '../engine/criteria.js';

/**
 * The groundings cell of an output whose kept circuits are too many to list: the exact
 * distribution instead of one entry per circuit, packed as results carry it (16 bytes a distinct
 * count: k = 6 has 8.4 million); read it in ascending order with `distributionEntries`. Counts pass
 * 2^53 and are written as exact integer literals in df_out.csv.
 */
export interface GroundingsSummaryCell {
  readonly kept: number;
  readonly total: bigint;
  readonly distribution: PackedDistribution;
}

export type GroundingsCell = readonly number[] | GroundingsSummaryCell;

export const isSummaryCell = (c: GroundingsCell | undefined): c is GroundingsSummaryCell => c !== undefined && !Array.isArray(c);

/** The authors' list (groundings per circuit) while the circuits are listed, the summary past the list limit. */
export function groundingsCell(o: Pick<OutputResult, 'circuits' | 'groundings' | 'kept'>): GroundingsCell {
  if (o.circuits) return o.circuits.map((c) => Number(c.groundings ?? 0n));
  const g = o.groundings;
  return { kept: o.kept, total: g?.total ?? 0n, distribution: g ?? emptyPacked() };
}

/**
 * One converged network as the study table (df_out.csv) and the report see it. Columns follow the
 * authors' df_out.csv; list cells hold one entry per output (gate).
 */
export interface StudyRow {
  readonly study: string; // preset or 'custom'
  readonly gates: readonly Gate[];
  readonly n_gates: number;
  /** Layer sizes, e.g. [2, 3, 3, 1]; [3, 3, 3, 2] for a full adder (the first is the gates' arity). */
  readonly sizes: readonly number[];
  readonly seed_offset: number;
  /** Circuits kept, per output. */
  readonly perfect_circuits: readonly number[];
  /** Groundings of each kept circuit, per output (numbers; exact values stay in results.jsonl); a
   *  summary cell for an output with more kept circuits than the list limit. */
  readonly interpretations_per_circuit: readonly GroundingsCell[];
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
  /** With a study's criteria: the counts per output and criteria set (criteria.csv). */
  readonly criteria?: readonly CriterionCounts[];
  /** L1 and L2 penalty coefficients and dropout rate of training (0 when off). */
  readonly l1_lambda: number;
  readonly l2_lambda: number;
  readonly dropout_rate: number;
  readonly output_activation: OutputActivation;
  readonly patience: number;
  /** With --checkpoints: the network's explanations through training, in epoch order. */
  readonly checkpoints?: readonly CheckpointRow[];
  /** With --checkpoints: the first epoch after which validation accuracy reached 0.99 (null: never). */
  readonly first_task_epoch?: number | null;
}

/** One checkpoint as the report draws it: per output, kept circuits and the turnover since the previous checkpoint. */
export interface CheckpointRow {
  readonly epoch: number;
  readonly circuits: readonly number[];
  /** Jaccard similarity of the kept circuit sets with the previous checkpoint's (null at the first, or when a set is not listed). */
  readonly jaccard: readonly (number | null)[];
  readonly born: readonly (number | null)[];
  readonly died: readonly (number | null)[];
}
