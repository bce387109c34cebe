/**
 * criteria.csv: one row per network output and criteria set of a study run with criteria (the
 * `criteria` preset or `--criteria`): what is left under the set, and whether each count is exactly one.
 */
import type { StudyRow } from '../shared/results/studyRow.js';
import { csvCell } from './dfOut.js';

export const CRITERIA_COLUMNS = [
  'gates', 'sizes', 'seed_offset', 'output', 'gate', 'criteria', 'circuits', 'groundings_total', 'formulas', 'mappings',
  'circuits_hosting_mappings', 'one_circuit', 'one_grounding', 'one_formula', 'one_mapping',
] as const;

export function hasCriteria(rows: readonly StudyRow[]): boolean {
  return rows.some((r) => r.criteria !== undefined);
}

const flag = (b: boolean): string => (b ? 'True' : 'False');

export function criteriaCsv(rows: readonly StudyRow[]): string {
  const lines: string[] = [CRITERIA_COLUMNS.join(',')];
  for (const r of rows) {
    for (const c of r.criteria ?? []) {
      lines.push([
        r.gates.join('+'),
        r.sizes.join('-'),
        String(r.seed_offset),
        String(c.output),
        r.gates[c.output] ?? '',
        c.criteria,
        String(c.circuits),
        c.groundings_total ?? '',
        String(c.formulas),
        String(c.mappings),
        c.circuits_hosting_mappings === null ? '' : String(c.circuits_hosting_mappings),
        flag(c.circuits === 1),
        flag(c.groundings_total === '1'),
        flag(c.formulas === 1),
        flag(c.mappings === 1),
      ].map(csvCell).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}
