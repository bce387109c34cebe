import test from 'ava';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { row } from './studyRow.js';
import { renderReport, reportPayload, scriptSafeJson, writeReport, type ReportMeta } from '../../report/report.js';
import { buildReportModel, countKinds, hiddenWidth } from '../../report/reportModel.js';
import { binLabel, binOf, compact, histogram, summarize } from '../../report/reportStats.js';
import { synthMeta, synthRows } from '../coordinator/studyFixtures.js';
import { packDistribution } from '../../shared/engine/packedDistribution.js';


const meta: ReportMeta = synthMeta(4);

test('summarize: odd and even medians, empty input', (t) => {
  t.deepEqual(summarize([5, 1, 3]), { n: 3, min: 1, median: 3, max: 5 });
  t.deepEqual(summarize([4, 1, 2, 10]), { n: 4, min: 1, median: 3, max: 10 });
  t.deepEqual(summarize([]), { n: 0, min: null, median: null, max: null });
});

test('binOf and binLabel agree, also at large powers of two', (t) => {
  const values = [0, 1, 2, 3, 4, 5, 8, 9, 1000, 1024, 1025, 2 ** 40, 2 ** 40 + 1, 2 ** 52 + 1];
  for (const v of values) {
    const label = binLabel(binOf(v));
    if (v <= 2) t.is(label, String(v));
    else {
      const b = binOf(v);
      t.true(v > 2 ** (b - 2) && v <= 2 ** (b - 1), `${v} outside bin ${label}`);
    }
  }
  t.is(binOf(2 ** 40), binOf(2 ** 40 - 1));
  t.is(binOf(2 ** 40 + 1), binOf(2 ** 40) + 1);
  t.is(binLabel(3), '3–4');
  t.is(compact(16384), '16.4k');
  t.deepEqual(histogram([0, 1, 1, 2, 7, 100], 5), [1, 2, 1, 0, 2]); // 100 is clamped into the last bin
});

test('hiddenWidth reads k from layer sizes', (t) => {
  t.is(hiddenWidth([2, 3, 3, 1]), '3');
  t.is(hiddenWidth([2, 3, 5, 1]), '3×5');
  t.is(hiddenWidth([2, 1]), '0');
});

test('the gate axis lists named gates in their order, then truth tables', (t) => {
  const rows = (['tt:01101001', 'MAJORITY', 'XOR', 'tt:0001', 'AND'] as const).map((g) => row({ gates: [g], sizes: g.length === 11 || g === 'MAJORITY' ? [3, 3, 3, 1] : [2, 3, 3, 1] }));
  const gate = buildReportModel(rows).axes.find((a) => a.axis === 'gate');
  t.deepEqual(gate?.groups.map((g) => g.value), ['AND', 'XOR', 'MAJORITY', 'tt:0001', 'tt:01101001']);
});

test('only varying axes are shown, values sorted numerically', (t) => {
  const rows = [10, 9, 10, 3].map((k) => row({ sizes: [2, k, k, 1] }));
  const model = buildReportModel(rows);
  t.deepEqual(
    model.axes.map((a) => a.axis),
    ['size'],
  );
  t.deepEqual(
    model.axes[0]?.groups.map((g) => [g.value, g.networks]),
    [
      ['3', 1],
      ['9', 1],
      ['10', 2],
    ],
  );
});

test('no varying axis gives one "all" group', (t) => {
  const model = buildReportModel([row(), row({ seed_offset: 1 })]);
  t.deepEqual(
    model.axes.map((a) => [a.axis, a.groups.length]),
    [['all', 1]],
  );
});

test('shares count exactly-one per network-output, circuit and formula', (t) => {
  const rows = [
    row({ perfect_circuits: [1], interpretations_per_circuit: [[1]], formulas: [0], mappings_per_formula: [[]] }),
    row({ perfect_circuits: [3], interpretations_per_circuit: [[1, 2, 1]], formulas: [2], mappings_per_formula: [[1, 4]] }),
  ];
  const g = buildReportModel(rows).axes[0]?.groups[0];
  t.truthy(g);
  t.deepEqual(g?.shares.circuits, { ones: 1, total: 2, share: 0.5 });
  t.deepEqual(g?.shares.groundings, { ones: 3, total: 4, share: 0.75 });
  t.deepEqual(g?.shares.formulas, { ones: 0, total: 2, share: 0 });
  t.deepEqual(g?.shares.mappings, { ones: 1, total: 2, share: 0.5 });
  t.deepEqual(g?.summaries.groundings, { n: 4, min: 1, median: 1, max: 2 });
});

test('gate axis uses single-gate rows; multi-gate outputs all count', (t) => {
  const two = row({
    gates: ['AND', 'OR'],
    n_gates: 2,
    perfect_circuits: [1, 2],
    interpretations_per_circuit: [[1], [1, 1]],
    formulas: [1, 1],
    mappings_per_formula: [[1], [1]],
  });
  const model = buildReportModel([row({ gates: ['XOR'] }), row({ gates: ['AND'] }), two]);
  const gate = model.axes.find((a) => a.axis === 'gate');
  t.deepEqual(
    gate?.groups.map((g) => g.value),
    ['AND', 'XOR'], // SEMANTICS gate order, not alphabetical
  );
  const nGates = model.axes.find((a) => a.axis === 'n_gates');
  t.deepEqual(
    nGates?.groups.map((g) => [g.value, g.outputs]),
    [
      ['1', 2],
      ['2', 2],
    ],
  );
  t.is(model.outputs, 4);
});

test('histograms hold every item of the distribution', (t) => {
  const model = buildReportModel(synthRows({ seed: 3, widths: [3, 5], perWidth: 20 }));
  for (const axis of model.axes) {
    for (const g of axis.groups) {
      for (const k of countKinds) {
        t.is(
          g.histograms[k].reduce((a, b) => a + b, 0),
          g.summaries[k].n,
        );
        t.is(g.histograms[k].length, axis.bins[k].length);
      }
    }
  }
});

test('a short list cell is rejected with its field name', (t) => {
  t.throws(() => buildReportModel([row({ formulas: [] })]), {
    instanceOf: RangeError,
    message: 'rows[0].formulas has 0 entries, expected n_gates = 1',
  });
});

test('meta is checked', (t) => {
  t.throws(() => renderReport([row()], { ...meta, converged: 99, networks_total: 5 }), {
    instanceOf: RangeError,
    message: 'meta.converged must be an integer from 0 to meta.networks_total (5), got 99',
  });
  t.throws(() => renderReport([row()], { ...meta, created: 'yesterday' }), {
    instanceOf: TypeError,
    message: 'meta.created must be an ISO 8601 date string, got "yesterday"',
  });
});

function embeddedJson(html: string): unknown {
  const m = /<script id="report-data" type="application\/json">([^]*?)<\/script>/.exec(html);
  if (!m?.[1]) throw new Error('no report-data script');
  return JSON.parse(m[1]);
}

test('renderReport is self-contained and embeds the payload', (t) => {
  const rows = synthRows({ seed: 1, widths: [3, 4], perWidth: 5 });
  const html = renderReport(rows, meta);
  t.false(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i.test(html), 'no external src/href');
  t.false(/<link\b/i.test(html));
  t.true(html.includes('Chart.js v4'), 'Chart.js bundle is inlined');
  const payload = reportPayload(rows, meta);
  t.deepEqual(embeddedJson(html), JSON.parse(JSON.stringify(payload)));
  const canvases = html.match(/<canvas\b/g) ?? [];
  t.is(canvases.length, payload.charts.length);
  t.true(html.includes(`data-chart-count="${payload.charts.length}"`));
  t.is(new Set(payload.charts.map((c) => c.id)).size, payload.charts.length, 'chart ids are unique');
});

test('hostile text cannot break out of the JSON or the markup', (t) => {
  const evil = '</script><script>alert(1)</script><!--';
  const html = renderReport([row()], { ...meta, title: evil, settings: { note: evil } });
  t.false(html.includes('<script>alert(1)'));
  t.is((embeddedJson(html) as { meta: ReportMeta }).meta.title, evil);
  t.is(scriptSafeJson('a</b\u2028'), '"a\\u003c/b\\u2028"');
});

test('writeReport replaces report.html atomically and leaves no temp file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'report-test-'));
  try {
    await writeFile(join(dir, 'report.html'), 'old');
    const path = await writeReport(dir, [row()], meta);
    t.is(path, join(dir, 'report.html'));
    t.true((await readFile(path, 'utf8')).startsWith('<!DOCTYPE html>'));
    t.deepEqual(await readdir(dir), ['report.html']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a summary cell (an output above the list limit) counts like the list it stands for', (t) => {
  const listed = [row({ perfect_circuits: [6], interpretations_per_circuit: [[1, 4, 1, 9, 4, 1]] })];
  const summarized = [row({ perfect_circuits: [6], interpretations_per_circuit: [{ kept: 6, total: 20n, distribution: packDistribution({ values: [1n, 4n, 9n], circuits: [3, 2, 1], total: 20n, uncounted: 0 }) }] })];
  const a = buildReportModel(listed).axes[0]?.groups[0];
  const b = buildReportModel(summarized).axes[0]?.groups[0];
  t.truthy(a);
  t.deepEqual(b?.summaries.groundings, a?.summaries.groundings);
  t.deepEqual(b?.shares.groundings, { ones: 3, total: 6, share: 0.5 });
  t.deepEqual(b?.histograms.groundings, a?.histograms.groundings);
  t.deepEqual(summarize({ values: [9, 1, 4], weights: [1, 3, 2] }), { n: 6, min: 1, median: 2.5, max: 9 });
});
