import test from 'ava';
import { row } from './studyRow.js';
import { finding, percent } from '../../report/finding.js';
import { renderReport } from '../../report/report.js';
import { buildReportModel, countKinds } from '../../report/reportModel.js';
import { synthMeta, synthRows } from '../coordinator/studyFixtures.js';


test('one sentence per count, with the report\'s definitions of exactly one', (t) => {
  const rows = [
    row({ perfect_circuits: [1], interpretations_per_circuit: [[1]], formulas: [0], mappings_per_formula: [[]] }),
    row({ perfect_circuits: [3], interpretations_per_circuit: [[1, 2, 1]], formulas: [2], mappings_per_formula: [[1, 4]] }),
  ];
  t.deepEqual(
    finding(rows).map((l) => l.text),
    [
      '1 of 2 networks (50%) has exactly one circuit',
      '3 of 4 circuits (75%) have exactly one grounding',
      '0 of 2 networks (0%) have exactly one formula with a minimal mapping',
      '1 of 2 formulas with a minimal mapping (50%) has exactly one minimal mapping',
    ],
  );
});

test('several gates per network count network-outputs; an empty count has no percentage', (t) => {
  const two = row({ gates: ['AND', 'OR'], n_gates: 2, perfect_circuits: [0, 0], interpretations_per_circuit: [[], []], formulas: [0, 0], mappings_per_formula: [[], []] });
  t.deepEqual(
    finding([two]).map((l) => l.text),
    [
      '0 of 2 network-outputs (0%) have exactly one circuit',
      '0 of 0 circuits have exactly one grounding',
      '0 of 2 network-outputs (0%) have exactly one formula with a minimal mapping',
      '0 of 0 formulas with a minimal mapping have exactly one minimal mapping',
    ],
  );
});

test('percent rounds to one decimal and drops a trailing .0', (t) => {
  t.deepEqual([0, 1, 2 / 7, 1 / 3, 0.5].map(percent), ['0%', '100%', '28.6%', '33.3%', '50%']);
});

test('over one axis group the finding agrees with the medians table\'s shares', (t) => {
  const rows = synthRows({ seed: 2, widths: [3], perWidth: 30 });
  const group = buildReportModel(rows).axes[0]!.groups[0]!;
  const lines = finding(rows);
  for (const [i, kind] of countKinds.entries()) t.deepEqual(lines[i]!.share, group.shares[kind], kind);
});

test('report.html shows the sentences above the charts', (t) => {
  const rows = synthRows({ seed: 1, widths: [3, 4], perWidth: 5 });
  const html = renderReport(rows, synthMeta(rows.length));
  const firstChart = html.indexOf('<canvas');
  for (const line of finding(rows)) {
    const at = html.indexOf(line.text);
    t.true(at > 0 && at < firstChart, line.text);
  }
});
