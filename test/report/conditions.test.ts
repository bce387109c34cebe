import test from 'ava';
import { compareSamples } from '../../report/compareSamples.js';
import { buildReportModel } from '../../report/reportModel.js';
import { row } from './studyRow.js';

test('a study of one condition has no comparisons', (t) => {
  t.is(buildReportModel([row(), row({ perfect_circuits: [3] })]).comparisons, null);
});

test('each condition is compared with the baseline (the paper\'s value), on circuits and formulas', (t) => {
  const rows = [
    ...[4, 6, 5].map((c, i) => row({ l1_lambda: 0.001, perfect_circuits: [c], formulas: [i], mappings_per_formula: [Array(i).fill(1)], interpretations_per_circuit: [Array(c).fill(1)] })),
    ...[1, 2, 3].map((c) => row({ l1_lambda: 0, perfect_circuits: [c], interpretations_per_circuit: [Array(c).fill(1)] })),
    ...[2, 2, 9].map((c) => row({ l1_lambda: 1e-4, perfect_circuits: [c], interpretations_per_circuit: [Array(c).fill(1)] })),
  ];
  const c = buildReportModel(rows).comparisons;
  if (!c) return t.fail();
  t.deepEqual(c.baseline, { label: 'L1 penalty 0', networks: 3 });
  t.deepEqual(c.conditions.map((k) => k.label), ['L1 penalty 0.0001', 'L1 penalty 0.001']);
  t.deepEqual(c.conditions[1]!.circuits, compareSamples([1, 2, 3], [4, 6, 5]));
  t.deepEqual(c.conditions[1]!.formulas, compareSamples([1, 1, 1], [0, 1, 2]));
  t.deepEqual(c.conditions[0]!.circuits, compareSamples([1, 2, 3], [2, 2, 9]));
});

test('several varying axes make combined conditions; without a paper value the first value is the baseline', (t) => {
  const rows = [
    row({ gates: ['OR'], dropout_rate: 0.1 }), row({ gates: ['OR'], dropout_rate: 0 }),
    row({ gates: ['AND'], dropout_rate: 0.1 }), row({ gates: ['AND'], dropout_rate: 0 }),
  ];
  const c = buildReportModel(rows).comparisons;
  t.is(c?.baseline.label, 'gate (single-gate networks) AND, dropout rate 0');
  t.deepEqual(c?.conditions.map((k) => k.label), ['gate (single-gate networks) AND, dropout rate 0.1', 'gate (single-gate networks) OR, dropout rate 0', 'gate (single-gate networks) OR, dropout rate 0.1']);
});

test('report.html shows the comparison table before the axes, with the baseline named', async (t) => {
  const { renderReport } = await import('../../report/report.js');
  const { synthMeta } = await import('../coordinator/studyFixtures.js');
  const rows = [1, 2, 3, 10, 12, 14].map((c, i) => row({ dropout_rate: i < 3 ? 0 : 0.05, perfect_circuits: [c], interpretations_per_circuit: [Array(c).fill(1)] }));
  const html = renderReport(rows, synthMeta(6));
  const at = html.indexOf('Conditions against the baseline');
  t.true(at > 0 && at < html.indexOf('id="axis-dropout_rate"'));
  t.regex(html, /Baseline: <b>dropout rate 0<\/b> \(3 networks\)/);
  t.regex(html, /<th scope="row">dropout rate 0\.05<\/th><td>3<\/td><td>12<\/td><td>\+10 <small>\(\+500%\)<\/small><\/td>/);
});
