/** The criteria section of the report: shares, medians and the sentence, from literal rows. */
import test from 'ava';
import type { CriterionCounts } from '../../shared/engine/criteria.js';
import { criteriaCharts, criteriaModel } from '../../report/criteriaReport.js';
import { renderReport } from '../../report/report.js';
import { row } from './studyRow.js';

const counts = (criteria: string, circuits: number, formulas: number): CriterionCounts => ({
  criteria,
  output: 0,
  circuits,
  groundings_total: String(circuits * 4),
  formulas,
  mappings: formulas * 2,
  circuits_hosting_mappings: null,
});

const rows = [
  row({ seed_offset: 0, criteria: [counts('paper', 5, 2), counts('minimal-circuits', 1, 2), counts('all', 1, 1)] }),
  row({ seed_offset: 1, criteria: [counts('paper', 9, 0), counts('minimal-circuits', 2, 0), counts('all', 0, 0)] }),
  row({ seed_offset: 2, criteria: [counts('paper', 1, 1), counts('minimal-circuits', 1, 1), counts('all', 1, 0)] }),
  row({ seed_offset: 3, criteria: [counts('paper', 4, 3), counts('minimal-circuits', 2, 3), counts('all', 1, 1)] }),
];

test('shares, medians and the sentence per criteria set, paper first', (t) => {
  const m = criteriaModel(rows)!;
  t.deepEqual(m.groups.map((g) => g.label), ['paper', 'minimal-circuits', 'all']);
  const all = m.groups[2]!;
  t.deepEqual([all.shares.circuits.ones, all.shares.formulas.ones, all.both.ones, all.none.circuits.ones, all.none.formulas.ones], [3, 2, 2, 1, 2]);
  t.is(m.groups[0]!.summaries.circuits.median, 4.5);
  t.is(m.sentence, 'Under all criteria together, 75% of 4 networks have exactly one circuit (25% none) and 50% exactly one formula with a minimal mapping (50% none); 50% have both (under the paper\'s criteria: 25% and 25%).');
  const [shares] = criteriaCharts(m);
  t.deepEqual(shares!.config.data.labels, ['paper', 'minimal-circuits', 'all']);
  t.deepEqual(shares!.config.data.datasets[0]!.data, [25, 50, 75]);
});

test('one criterion alone is named in the sentence; rows without criteria have no section', (t) => {
  const one = rows.map((r) => row({ ...r, criteria: r.criteria!.filter((c) => c.criteria !== 'all') }));
  t.regex(criteriaModel(one)!.sentence, /^Under minimal-circuits, 50% of 4 networks have exactly one circuit \(0% none\)/);
  t.is(criteriaModel([row()]), null);
  const meta = { title: 't', study: 'custom', networks_total: 1, converged: 1, created: '2026-01-01T00:00:00Z', settings: {} };
  t.false(renderReport([row()], meta).includes('Stricter criteria'));
  t.true(renderReport(rows, { ...meta, networks_total: 4, converged: 4 }).includes('<h2>Stricter criteria</h2>'));
});
