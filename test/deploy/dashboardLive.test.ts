/**
 * Every dashboard panel has data when a real Prometheus scrapes real metrics servers: one
 * coordinator and two workers, fed synthetic activity (the distributed run is not wired yet; when it
 * is, point the same checks at it). Also exercises test/helpers/prometheus.ts.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { Registry } from 'prom-client';
import { createCoordinatorMetrics, STAGES } from '../../coordinator/metrics.js';
import { startMetricsServer, type MetricsServer } from '../../coordinator/metricsServer.js';
import { createWorkerMetrics } from '../../worker/metrics.js';
import { startPrometheus, type PrometheusServer } from '../helpers/prometheus.js';
import { expandGrafanaMacros } from '../helpers/promql.js';

interface Dashboard {
  panels: { title: string; targets?: { refId: string; expr: string }[] }[];
}
const dashboard = JSON.parse(readFileSync('deploy/grafana/dashboard.json', 'utf8')) as Dashboard;

let prom: PrometheusServer;
const servers: MetricsServer[] = [];
let activity: NodeJS.Timeout | undefined;

test.before(async () => {
  const coordinatorRegistry = new Registry();
  const c = createCoordinatorMetrics(coordinatorRegistry);
  const workers = [new Registry(), new Registry()].map((r) => ({ registry: r, m: createWorkerMetrics(r) }));
  servers.push(await startMetricsServer(coordinatorRegistry, 0, '127.0.0.1'));
  for (const w of workers) servers.push(await startMetricsServer(w.registry, 0, '127.0.0.1'));

  c.networksPlanned.inc(8);
  c.workersConnected.set(2);
  let tick = 0;
  // Synthetic run: every metric moves, so every rate() and histogram_quantile() has something.
  activity = setInterval(() => {
    tick += 1;
    c.networksTrained.inc();
    c.networksConverged.inc();
    c.networksAnalysed.inc();
    c.shardsPublished.inc(3);
    c.shardsDone.inc(2);
    c.shardsRedelivered.inc();
    c.shardsFailed.inc();
    c.messagesRejected.inc({ kind: 'malformed' });
    c.candidatesEvaluated.inc(1000);
    c.shardsPending.set(100 - (tick % 50));
    c.runProgress.set((tick % 100) / 100);
    c.runEta.set(600 - (tick % 600));
    for (const [i, stage] of STAGES.entries()) c.stageDuration.observe({ stage }, 0.5 * (i + 1) + (tick % 7));
    c.shardDuration.observe(0.05 + (tick % 5) / 10);
    for (const [i, { m }] of workers.entries()) {
      m.shardsProcessed.inc({ outcome: 'ok' }, 2);
      m.shardsProcessed.inc({ outcome: tick % 2 === 0 ? 'failed' : 'rejected' });
      m.shardsRedelivered.inc();
      m.candidatesEvaluated.inc(500 + i);
      m.shardDuration.observe(0.02 + (tick % 4) / 20);
      m.poolUtilization.set(0.5 + i / 4);
      m.poolQueueSize.set(tick % 8);
      m.messagesRejected.inc({ kind: 'malformed' });
    }
  }, 100);

  const [coordinator, ...workerServers] = servers.map((s) => `127.0.0.1:${s.port}`);
  prom = await startPrometheus([
    { job: 'coordinator', targets: [coordinator ?? ''] },
    { job: 'worker', targets: workerServers },
  ]);
});

test.after.always(async () => {
  clearInterval(activity);
  await prom?.stop();
  await Promise.all(servers.map((s) => s.close()));
});

test('the helper scrapes every metrics server as an up target of its job', async (t) => {
  const up = await prom.waitFor('up == 1', (s) => s.length === 3);
  t.deepEqual(up.map((s) => s.metric['job']).sort(), ['coordinator', 'worker', 'worker']);
  const targets = await prom.targets();
  t.is(targets.length, 3);
  for (const target of targets) t.is(target.health, 'up', `${target.instance}: ${target.lastError}`);
});

test('the helper reports a bad expression with Prometheus error text', async (t) => {
  await t.throwsAsync(prom.query('sum(rate(x[5m])'), { message: /parse error/ });
});

test('every panel query returns data from the scraped servers', async (t) => {
  const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((x) => ({ where: `${p.title} ${x.refId}`, expr: x.expr })));
  t.true(exprs.length > 10);
  // 1 s scrapes: a 10 s rate window holds enough samples.
  const results = await Promise.allSettled(exprs.map(({ expr }) => prom.waitFor(expandGrafanaMacros(expr, '10s'))));
  for (const [i, r] of results.entries()) {
    t.is(r.status, 'fulfilled', `${exprs[i]?.where}: ${r.status === 'rejected' ? String(r.reason) : ''}`);
  }
});
