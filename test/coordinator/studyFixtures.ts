/**
 * Seeded synthetic study rows for the report tests and the docs screenshot. The numbers only have
 * to look like a study (counts growing with width, heavy tails), not follow any real network.
 */
import type { Gate } from '../../shared/engine/types.js';
import { mulberry32 } from '../helpers/randomNetwork.js';
import type { StudyRow } from '../../shared/results/studyRow.js';
import type { ReportMeta } from '../../report/report.js';

/** A row's training settings at the paper's defaults (every option off). */
export const trainingCells = {
  loss_target: 0.01,
  learning_rate: 0.001,
  depth: 2,
  weights: null,
  noise_std: 0,
  l1_lambda: 0,
  l2_lambda: 0,
  dropout_rate: 0,
  output_activation: 'leaky-relu',
  patience: 3,
} as const satisfies Partial<StudyRow>;

/** Seedable test data generator (mulberry32, shared with the engine's property tests). */
export const prng = mulberry32;

/** A count ≥ 1 whose log is uniform on [0, spread]: most values small, a few large. */
function heavy(rand: () => number, spread: number): number {
  return Math.max(1, Math.floor(Math.exp(rand() * rand() * spread)));
}

export interface SynthOptions {
  readonly seed: number;
  readonly widths: readonly number[];
  readonly perWidth: number;
  readonly gates?: readonly Gate[];
}

export function synthRows({ seed, widths, perWidth, gates = ['XOR'] }: SynthOptions): StudyRow[] {
  const rand = prng(seed);
  const rows: StudyRow[] = [];
  for (const k of widths) {
    for (let i = 0; i < perWidth; i++) rows.push(synthRow(rand, k, i, gates));
  }
  return rows;
}

function synthRow(rand: () => number, k: number, seedOffset: number, gates: readonly Gate[]): StudyRow {
  const circuits = gates.map(() => heavy(rand, k * 0.9));
  const formulas = gates.map(() => Math.floor(rand() * 4));
  return {
    study: 'size',
    gates,
    n_gates: gates.length,
    sizes: [2, k, k, gates.length],
    seed_offset: seedOffset,
    perfect_circuits: circuits,
    interpretations_per_circuit: circuits.map((c) => Array.from({ length: c }, () => heavy(rand, k * 2.2))),
    formulas,
    mappings_per_formula: formulas.map((f) => Array.from({ length: f }, () => heavy(rand, k * 1.2))),
    ...trainingCells,
  };
}

export function synthMeta(converged: number): ReportMeta {
  return {
    title: 'Size study (synthetic example)',
    study: 'size',
    networks_total: converged + Math.round(converged / 4),
    converged,
    created: '2025-01-15T12:00:00.000Z',
    settings: { gates: 'XOR', loss_target: 0.01, learning_rate: 0.001, min_sparsity: 0, accuracy_threshold: 0.99 },
  };
}
