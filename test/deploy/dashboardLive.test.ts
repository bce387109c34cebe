/**
 * Every Grafana panel has data from a real distributed run: a real Prometheus scrapes the
 * coordinator and the workers of a study run through a real nats-server, with a poison message
 * and a worker killed mid-shard, and every panel query is sent to Prometheus' HTTP API.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { expandGrafanaMacros } from '../helpers/promql.js';
import { observedRun, type ObservedRun } from '../helpers/observedRun.js';
import type { Sample } from '../helpers/prometheus.js';

interface Dashboard {
  panels: { title: string; targets?: { refId: string; expr: string }[] }[];
}
const dashboard = JSON.parse(readFileSync('deploy/grafana/dashboard.json', 'utf8')) as Dashboard;
const NETWORKS = 10;
// --checkpoints: the explanations-through-training panels get real data too (about 1 s more).
const study = ['--preset', 'basic', '--sizes', '5', '--experiments', String(NETWORKS), '--seed', '5', '--checkpoints', '10'];
/** Wide enough to still hold the whole run when the checks query it; scrapes are 1 s apart. */
const WINDOW = '3m';

let run: ObservedRun;
const teardowns: (() => unknown)[] = [];

test.before(async () => {
  run = await observedRun({ teardown: (fn) => teardowns.push(fn) }, study);
  await run.finished;
});

test.after.always(async () => {
  for (const fn of teardowns.reverse()) await fn();
});

const total = (samples: Sample[]): number => samples.reduce((sum, s) => sum + s.value, 0);

test('Prometheus scrapes the coordinator and both live workers; the killed worker is down', async (t) => {
  const targets = await run.prom.targets();
  const health = Object.fromEntries(targets.map((x) => [x.instance, x.health]));
  t.deepEqual(health, {
    [run.targets.coordinator]: 'up',
    [run.targets.workers[0] ?? '']: 'up',
    [run.targets.workers[1] ?? '']: 'up',
    [run.targets.killed]: 'down',
  });
});

test('the scraped counters tell the run as it happened', async (t) => {
  const q = async (expr: string): Promise<number> => total(await run.prom.query(expr));
  t.is(await q('identifiability_networks_planned_total{job="coordinator"}'), NETWORKS);
  t.is(await q('identifiability_networks_analysed_total{job="coordinator"}'), await q('identifiability_networks_converged_total{job="coordinator"}'));
  // The killed worker's shard came back to a live one, and the poison was rejected by a worker.
  t.true((await q(`sum(max_over_time(identifiability_shards_redelivered_total{job="worker"}[${WINDOW}]))`)) >= 1);
  t.true((await q(`sum(max_over_time(identifiability_shards_redelivered_total{job="coordinator"}[${WINDOW}]))`)) >= 1);
  t.is(await q(`sum(max_over_time(identifiability_messages_rejected_total{job="worker",kind="shard"}[${WINDOW}]))`), 1);
  t.true((await q('sum(identifiability_candidates_evaluated_total{job="worker"})')) > 0);
  // Checkpoints were analysed and counted by the workers, by epoch bucket.
  t.true((await q('sum(identifiability_checkpoint_outputs_total{job="worker"})')) > 0);
  t.true((await q('sum(identifiability_checkpoint_circuits_total{job="worker"})')) > 0);
  // Each live worker's one thread was busy for most of at least one second of the run.
  const busiest = await run.prom.query(`max_over_time(identifiability_pool_utilization{job="worker"}[${WINDOW}]) > 0.5`);
  // (The killed worker may also have been busy before its kill: only the live ones must be.)
  const busy = new Set(busiest.map((s) => s.metric['instance']));
  for (const w of run.targets.workers) t.true(busy.has(w), `${w} was never busy: ${[...busy].join(', ')}`);
});

test('Prometheus reports a bad expression with its error text', async (t) => {
  await t.throwsAsync(run.prom.query('sum(rate(x[5m])'), { message: /parse error/ });
});

test('every panel query returns data from the real run', async (t) => {
  const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((x) => ({ where: `${p.title} ${x.refId}`, expr: x.expr })));
  t.true(exprs.length > 10);
  for (const { where, expr } of exprs) {
    const samples = await run.prom.query(expandGrafanaMacros(expr, WINDOW));
    t.true(samples.some((s) => Number.isFinite(s.value)), `${where}: ${expr} -> ${JSON.stringify(samples)}`);
  }
});
