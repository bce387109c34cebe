/** A literal study row for report tests: one XOR output unless the cells say otherwise. */
import type { StudyRow } from '../../shared/results/studyRow.js';
import { trainingCells } from '../coordinator/studyFixtures.js';

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
    ...trainingCells,
    ...over,
  };
}
