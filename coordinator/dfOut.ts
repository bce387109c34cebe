/**
 * df_out.csv with the authors' columns; list cells per output like theirs (`[53]`). Then the
 * regularisation columns of a public fork of their code (`l1_lambda`, `l2_lambda`,
 * `dropout_rate`, 0 when off), so that fork's analysis scripts read our tables unchanged.
 */
import { isSummaryCell, type GroundingsCell, type StudyRow } from '../shared/results/studyRow.js';
import { distributionText } from './distributionText.js';

export const DF_OUT_COLUMNS = [
  'gates', 'n_gates', 'sizes', 'seed_offset', 'perfect_circuits', 'interpretations_per_circuit', 'formulas',
  'mappings_per_formula', 'loss_target', 'learning_rate', 'depth', 'weights', 'l1_lambda', 'l2_lambda', 'dropout_rate',
] as const;

/** Python's str() of a list of numbers or strings, or of lists of them: what pandas wrote. */
function pyList(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pyList).join(', ')}]`;
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

/**
 * The groundings cell: per output the authors' list, or past the list limit the exact summary as
 * a Python dict of exact integers, `{'kept': 34, 'total': 2716, 'distribution': [[0, 3], [80, 31]]}`,
 * which `ast.literal_eval` reads (Python ints have no size limit). In pieces: a summary holds
 * millions of counts at k = 6.
 */
function* groundingsCellText(cells: readonly GroundingsCell[]): Generator<string> {
  yield '[';
  for (const [o, cell] of cells.entries()) {
    if (o) yield ', ';
    if (!isSummaryCell(cell)) {
      yield pyList(cell);
      continue;
    }
    yield `{'kept': ${cell.kept}, 'total': ${cell.total}, 'distribution': [`;
    // countJson's digits, bare: exact integers (String(1e27) would be '1e+27').
    yield* distributionText(cell.distribution, { quote: false, inner: ', ', between: ', ' });
    yield ']}';
  }
  yield ']';
}

export function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The groundings cell as CSV: a summary cell always has commas and never a double quote. */
function* groundingsCsvCell(cells: readonly GroundingsCell[]): Generator<string> {
  if (!cells.some(isSummaryCell)) {
    yield csvCell([...groundingsCellText(cells)].join(''));
    return;
  }
  yield '"';
  yield* groundingsCellText(cells);
  yield '"';
}

function* rowPieces(r: StudyRow): Generator<string> {
  yield [
    r.gates.length === 1 ? (r.gates[0] as string) : pyList(r.gates),
    String(r.n_gates),
    String(r.sizes[1]),
    String(r.seed_offset),
    pyList(r.perfect_circuits),
  ].map(csvCell).join(',');
  yield ',';
  yield* groundingsCsvCell(r.interpretations_per_circuit);
  yield ',';
  yield [
    pyList(r.formulas),
    pyList(r.mappings_per_formula),
    String(r.loss_target),
    String(r.learning_rate),
    String(r.depth),
    r.weights ? pyList(r.weights) : '',
    String(r.l1_lambda),
    String(r.l2_lambda),
    String(r.dropout_rate),
  ].map(csvCell).join(',');
  yield '\n';
}

/** df_out.csv, a piece at a time (writePiecesAtomic). */
export function* dfOutPieces(rows: readonly StudyRow[]): Generator<string> {
  yield `${DF_OUT_COLUMNS.join(',')}\n`;
  for (const r of rows) yield* rowPieces(r);
}

export function dfOutCsv(rows: readonly StudyRow[]): string {
  return [...dfOutPieces(rows)].join('');
}
