import test from 'ava';
import { Registry } from 'prom-client';
import {
  createCoordinatorMetrics,
  metricNames,
  SHARD_DURATION_BUCKETS,
  STAGES,
} from '../../coordinator/metrics.js';
import { SHARD_DURATION_BUCKETS as WORKER_SHARD_DURATION_BUCKETS } from '../../worker/metrics.js';

test('every name in metricNames is registered, and nothing else', async (t) => {
  const registry = new Registry();
  createCoordinatorMetrics(registry);
  const registered = (await registry.getMetricsAsJSON()).map((m) => m.name).sort();
  t.deepEqual(registered, [...metricNames].sort());
});

test('names carry the identifiability_ prefix and counters end in _total', async (t) => {
  const registry = new Registry();
  createCoordinatorMetrics(registry);
  for (const m of await registry.getMetricsAsJSON()) {
    t.true(m.name.startsWith('identifiability_'), m.name);
    t.is(String(m.type) === 'counter', m.name.endsWith('_total'), `${m.name} is a ${m.type}`);
  }
});

test('increments show in the exposition text', async (t) => {
  const registry = new Registry();
  const m = createCoordinatorMetrics(registry);
  m.shardsDone.inc(3);
  m.messagesRejected.inc({ kind: 'malformed' });
  m.shardsPending.set(17);
  m.runProgress.set(0.25);
  m.stageDuration.observe({ stage: 'groundings' }, 1.5);
  m.shardDuration.observe(0.02);
  const text = await registry.metrics();
  t.regex(text, /^identifiability_shards_done_total 3$/m);
  t.regex(text, /^identifiability_messages_rejected_total\{kind="malformed"\} 1$/m);
  t.regex(text, /^identifiability_shards_pending 17$/m);
  t.regex(text, /^identifiability_run_progress_ratio 0\.25$/m);
  t.regex(text, /^identifiability_stage_duration_seconds_count\{stage="groundings"\} 1$/m);
  t.regex(text, /^identifiability_stage_duration_seconds_bucket\{le="2\.5",stage="groundings"\} 1$/m);
  t.regex(text, /^identifiability_shard_duration_seconds_bucket\{le="0\.025"\} 1$/m);
});

test('every stage series exists before the first observation', async (t) => {
  const registry = new Registry();
  createCoordinatorMetrics(registry);
  const text = await registry.metrics();
  for (const stage of STAGES) {
    t.regex(text, new RegExp(`^identifiability_stage_duration_seconds_count\\{stage="${stage}"\\} 0$`, 'm'));
  }
});

test('fresh registries are independent, and a second build on one registry throws', (t) => {
  const registry = new Registry();
  createCoordinatorMetrics(registry);
  t.notThrows(() => createCoordinatorMetrics(new Registry()));
  t.throws(() => createCoordinatorMetrics(registry), { message: /already been registered/ });
});

test('shard duration buckets match the worker so both jobs aggregate in one histogram_quantile', (t) => {
  t.deepEqual(SHARD_DURATION_BUCKETS, WORKER_SHARD_DURATION_BUCKETS);
});
