/**
 * deploy/grafana/dashboard.json: well-formed, bound to the DS_PROMETHEUS variable, with the panels
 * an operator needs, and every metric in every panel's PromQL defined by coordinator/metrics.ts or
 * worker/metrics.ts (histograms through their _bucket/_sum/_count series).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { knownSeriesNames, referencedMetrics } from '../helpers/promql.js';

interface Target {
  refId: string;
  expr: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { x: number; y: number; w: number; h: number };
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
}
interface Dashboard {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; type: string; query?: string }[] };
}

const dashboard = JSON.parse(readFileSync('deploy/grafana/dashboard.json', 'utf8')) as Dashboard;
const targets = dashboard.panels.flatMap((p) => (p.targets ?? []).map((target) => ({ panel: p.title, target })));

test('referencedMetrics reads names out of PromQL, and flags a misspelt one', async (t) => {
  t.deepEqual(
    referencedMetrics(
      'histogram_quantile(0.95, sum by (le, stage) (rate(identifiability_stage_duration_seconds_bucket{job="coordinator", stage!~"a|b"}[$__rate_interval])))',
    ),
    ['identifiability_stage_duration_seconds_bucket'],
  );
  t.deepEqual(referencedMetrics('max(up{job="worker"}) == 0 and on() sum(x_total offset 5m) > 1e3'), ['up', 'x_total']);
  const known = await knownSeriesNames();
  const typo = referencedMetrics('sum(rate(identifiability_shards_dnoe_total[5m]))').filter((n) => !known.has(n));
  t.deepEqual(typo, ['identifiability_shards_dnoe_total']);
  // A histogram's base name is not a series; its _bucket is.
  t.false(known.has('identifiability_shard_duration_seconds'));
  t.true(known.has('identifiability_shard_duration_seconds_bucket'));
});

test('every metric a panel queries exists in coordinator or worker metricNames', async (t) => {
  const known = await knownSeriesNames();
  t.true(targets.length > 10);
  for (const { panel, target } of targets) {
    const names = referencedMetrics(target.expr);
    t.true(names.length > 0, `${panel} ${target.refId} selects no metric: ${target.expr}`);
    for (const name of names) t.true(known.has(name), `${panel} ${target.refId}: unknown metric ${name}`);
  }
});

test('dashboard is a schema ~39 dashboard bound to the DS_PROMETHEUS datasource variable', (t) => {
  t.true(dashboard.schemaVersion >= 36 && dashboard.schemaVersion <= 41, `schemaVersion ${dashboard.schemaVersion}`);
  t.is(dashboard.uid, 'identifiability-run');
  const variable = dashboard.templating.list.find((v) => v.name === 'DS_PROMETHEUS');
  t.is(variable?.type, 'datasource');
  t.is(variable?.query, 'prometheus');
  for (const p of dashboard.panels) {
    t.deepEqual(p.datasource, { type: 'prometheus', uid: '${DS_PROMETHEUS}' }, p.title);
    for (const target of p.targets ?? []) t.is(target.datasource?.uid, '${DS_PROMETHEUS}', `${p.title} ${target.refId}`);
  }
});

test('panel ids are unique, refIds unique per panel, and panels fit the 24-column grid without overlap', (t) => {
  const ids = dashboard.panels.map((p) => p.id);
  t.is(new Set(ids).size, ids.length);
  for (const p of dashboard.panels) {
    const refIds = (p.targets ?? []).map((x) => x.refId);
    t.is(new Set(refIds).size, refIds.length, p.title);
    t.true(p.gridPos.x >= 0 && p.gridPos.x + p.gridPos.w <= 24, p.title);
  }
  for (const [i, a] of dashboard.panels.entries()) {
    for (const b of dashboard.panels.slice(i + 1)) {
      const overlap =
        a.gridPos.x < b.gridPos.x + b.gridPos.w && b.gridPos.x < a.gridPos.x + a.gridPos.w &&
        a.gridPos.y < b.gridPos.y + b.gridPos.h && b.gridPos.y < a.gridPos.y + a.gridPos.h;
      t.false(overlap, `${a.title} overlaps ${b.title}`);
    }
  }
});

test('the operator panels are there, each on the metric it is named after', (t) => {
  const uses = (title: string, metric: string) => {
    const panel = dashboard.panels.find((p) => p.title === title);
    t.truthy(panel, `no panel "${title}"`);
    t.true((panel?.targets ?? []).some((x) => x.expr.includes(metric)), `"${title}" does not query ${metric}`);
  };
  uses('Run progress', 'identifiability_run_progress_ratio');
  uses('ETA', 'identifiability_run_eta_seconds');
  uses('Shards/s', 'rate(identifiability_shards_done_total');
  uses('Candidates/s', 'rate(identifiability_candidates_evaluated_total');
  uses('Workers', 'identifiability_workers_connected');
  uses('Redeliveries', 'identifiability_shards_redelivered_total');
  uses('Failures and rejections', 'identifiability_shards_failed_total');
  uses('Stage latency p50 / p95', 'histogram_quantile(0.5, sum by (le, stage) (rate(identifiability_stage_duration_seconds_bucket');
  uses('Stage latency p50 / p95', 'histogram_quantile(0.95, sum by (le, stage) (rate(identifiability_stage_duration_seconds_bucket');
  uses('Shard duration p95', 'histogram_quantile(0.95, sum by (le) (rate(identifiability_shard_duration_seconds_bucket');
  uses('Pool utilisation', 'identifiability_pool_utilization');
  uses('Pending shards', 'identifiability_shards_pending');
});
