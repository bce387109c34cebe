/**
 * df_out.csv with the authors' columns; list cells per output like theirs (`[53]`). Then the
 * regularisation columns of a public fork of their code (`l1_lambda`, `l2_lambda`,
 * `dropout_rate`, 0 when off), so that fork's analysis scripts read our tables unchanged.
 */
import type { StudyRow } from '../shared/results/studyRow.js';

export const DF_OUT_COLUMNS = [
  'gates', 'n_gates', 'sizes', 'seed_offset', 'perfect_circuits', 'interpretations_per_circuit', 'formulas',
  'mappings_per_formula', 'loss_target', 'learning_rate', 'depth', 'weights', 'l1_lambda', 'l2_lambda', 'dropout_rate',
] as const;

/**
 * Python's str() of a list of numbers or lists, which is what pandas wrote. A groundings summary
 * cell (an output with more kept circuits than the list limit) prints as a Python dict of exact
 * integers, `{'kept': 34, 'total': 2716, 'distribution': [[0, 3], [80, 31]]}`, which
 * `ast.literal_eval` reads (Python ints have no size limit).
 */
function pyList(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pyList).join(', ')}]`;
  if (typeof v === 'string') return `'${v}'`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `'${k}': ${pyList(x)}`).join(', ')}}`;
  return String(v);
}

export function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cellsOf(r: StudyRow): string[] {
  return [
    r.gates.length === 1 ? (r.gates[0] as string) : pyList(r.gates),
    String(r.n_gates),
    String(r.sizes[1]),
    String(r.seed_offset),
    pyList(r.perfect_circuits),
    pyList(r.interpretations_per_circuit),
    pyList(r.formulas),
    pyList(r.mappings_per_formula),
    String(r.loss_target),
    String(r.learning_rate),
    String(r.depth),
    r.weights ? pyList(r.weights) : '',
    String(r.l1_lambda),
    String(r.l2_lambda),
    String(r.dropout_rate),
  ];
}

export function dfOutCsv(rows: readonly StudyRow[]): string {
  return [DF_OUT_COLUMNS.join(','), ...rows.map((r) => cellsOf(r).map(csvCell).join(','))].join('\n') + '\n';
}
