import test from 'ava';
import { Registry } from 'prom-client';
import { createCoordinatorMetrics } from '../../coordinator/metrics.js';
import { startMetricsServer } from '../../coordinator/metricsServer.js';

test('serves /metrics over real HTTP on a free port with the registry content type', async (t) => {
  const registry = new Registry();
  const m = createCoordinatorMetrics(registry);
  m.shardsDone.inc(7);
  const server = await startMetricsServer(registry, 0, '127.0.0.1');
  t.teardown(() => server.close());
  t.true(server.port > 0);

  const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
  t.is(res.status, 200);
  t.is(res.headers.get('content-type'), registry.contentType);
  const body = await res.text();
  t.regex(body, /^# TYPE identifiability_shards_done_total counter$/m);
  t.regex(body, /^identifiability_shards_done_total 7$/m);

  m.shardsDone.inc();
  const again = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
  t.regex(again, /^identifiability_shards_done_total 8$/m);
});

test('/healthz answers ok, unknown paths 404, other methods 405', async (t) => {
  const server = await startMetricsServer(new Registry(), 0, '127.0.0.1');
  t.teardown(() => server.close());
  const base = `http://127.0.0.1:${server.port}`;
  const health = await fetch(`${base}/healthz`);
  t.is(health.status, 200);
  t.is(await health.text(), 'ok\n');
  t.is((await fetch(`${base}/nope`)).status, 404);
  t.is((await fetch(`${base}/metrics`, { method: 'POST' })).status, 405);
});

test('collectDefaultMetrics adds process metrics only when asked', async (t) => {
  const plain = await startMetricsServer(new Registry(), 0, '127.0.0.1');
  const withDefaults = await startMetricsServer(new Registry(), 0, '127.0.0.1', { collectDefaultMetrics: true });
  t.teardown(() => Promise.all([plain.close(), withDefaults.close()]));
  const a = await (await fetch(`http://127.0.0.1:${plain.port}/metrics`)).text();
  const b = await (await fetch(`http://127.0.0.1:${withDefaults.port}/metrics`)).text();
  t.notRegex(a, /process_cpu_seconds_total/);
  t.regex(b, /^process_cpu_seconds_total /m);
});

test('close() releases the port even with a keep-alive connection open', async (t) => {
  const server = await startMetricsServer(new Registry(), 0, '127.0.0.1');
  await fetch(`http://127.0.0.1:${server.port}/healthz`, { keepalive: true });
  await server.close();
  await t.throwsAsync(fetch(`http://127.0.0.1:${server.port}/healthz`));
  const again = await startMetricsServer(new Registry(), server.port, '127.0.0.1');
  t.is(again.port, server.port);
  await again.close();
});

test('a bad port is rejected with the allowed range', async (t) => {
  await t.throwsAsync(startMetricsServer(new Registry(), 70000), {
    instanceOf: RangeError,
    message: 'metrics port must be an integer in 0..65535 (0 picks a free port), got 70000',
  });
  await t.throwsAsync(startMetricsServer(new Registry(), 1.5), { instanceOf: RangeError });
});

test('a port already in use rejects instead of hanging', async (t) => {
  const first = await startMetricsServer(new Registry(), 0, '127.0.0.1');
  t.teardown(() => first.close());
  await t.throwsAsync(startMetricsServer(new Registry(), first.port, '127.0.0.1'), { code: 'EADDRINUSE' });
});
