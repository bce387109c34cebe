/** A literal study row for report tests: one XOR output unless the cells say otherwise. */
import type { StudyRow } from '../../shared/results/studyRow.js';

export function row(over: Partial<StudyRow> = {}): StudyRow {
  return {
    study: 'custom',
    gates: ['XOR'],
    n_gates: 1,
    sizes: [2, 3, 3, 1],
    seed_offset: 0,
    perfect_circuits: [1],
    interpretations_per_circuit: [[1]],
    formulas: [1],
    mappings_per_formula: [[1]],
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
    ...over,
  };
}
