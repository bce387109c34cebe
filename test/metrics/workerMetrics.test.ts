import test from 'ava';
import { Registry } from 'prom-client';
import { createWorkerMetrics, metricNames, SHARD_OUTCOMES } from '../../worker/metrics.js';

test('every name in metricNames is registered, and nothing else', async (t) => {
  const registry = new Registry();
  createWorkerMetrics(registry);
  const registered = (await registry.getMetricsAsJSON()).map((m) => m.name).sort();
  t.deepEqual(registered, [...metricNames].sort());
});

test('names carry the identifiability_ prefix and counters end in _total', async (t) => {
  const registry = new Registry();
  createWorkerMetrics(registry);
  for (const m of await registry.getMetricsAsJSON()) {
    t.true(m.name.startsWith('identifiability_'), m.name);
    t.is(String(m.type) === 'counter', m.name.endsWith('_total'), `${m.name} is a ${m.type}`);
  }
});

test('every outcome is exported at 0 before the first shard', async (t) => {
  const registry = new Registry();
  createWorkerMetrics(registry);
  const text = await registry.metrics();
  for (const outcome of SHARD_OUTCOMES) {
    t.regex(text, new RegExp(`^identifiability_shards_processed_total\\{outcome="${outcome}"\\} 0$`, 'm'));
  }
});

test('increments show in the exposition text', async (t) => {
  const registry = new Registry();
  const m = createWorkerMetrics(registry);
  m.shardsProcessed.inc({ outcome: 'ok' }, 2);
  m.shardsProcessed.inc({ outcome: 'failed' });
  m.shardsRedelivered.inc();
  m.candidatesEvaluated.inc(4096);
  m.shardDuration.observe(0.3);
  m.poolUtilization.set(0.75);
  m.poolQueueSize.set(5);
  m.messagesRejected.inc({ kind: 'malformed' });
  const text = await registry.metrics();
  t.regex(text, /^identifiability_shards_processed_total\{outcome="ok"\} 2$/m);
  t.regex(text, /^identifiability_shards_processed_total\{outcome="failed"\} 1$/m);
  t.regex(text, /^identifiability_shards_redelivered_total 1$/m);
  t.regex(text, /^identifiability_candidates_evaluated_total 4096$/m);
  t.regex(text, /^identifiability_shard_duration_seconds_bucket\{le="0\.5"\} 1$/m);
  t.regex(text, /^identifiability_shard_duration_seconds_bucket\{le="0\.25"\} 0$/m);
  t.regex(text, /^identifiability_pool_utilization 0\.75$/m);
  t.regex(text, /^identifiability_pool_queue_size 5$/m);
  t.regex(text, /^identifiability_messages_rejected_total\{kind="malformed"\} 1$/m);
});

test('a second build on the same registry throws', (t) => {
  const registry = new Registry();
  createWorkerMetrics(registry);
  t.throws(() => createWorkerMetrics(registry), { message: /already been registered/ });
});

test('checkpoint tallies of a real shard become circuit, output and turnover counters by epoch bucket', async (t) => {
  const { recordCheckpoints } = await import('../../worker/metrics.js');
  const { default: task } = await import('../../worker/task.js');
  const { encode, decodeResult } = await import('../../shared/wire/codec.js');
  const { defaultTrainSpec } = await import('../../shared/train/spec.js');
  const { compileAnalysisOptions } = await import('../../shared/engine/options.js');
  const spec = {
    kind: 'network' as const,
    experiment: 0,
    train: defaultTrainSpec({ gates: ['XOR'], seed: 0, trainRepeats: 300 }),
    analysis: compileAnalysisOptions({ stages: ['circuits'] }, { layerSizes: [2, 3, 3, 1], weights: [], biases: [] }),
    checkpoints: 4,
  };
  const out = task({ bytes: encode({ type: 'shard', v: 1, planId: 'p', shardId: 'p:0', index: 0, spec }), worker: 'w', delivery: 1 });
  if (!out.ok || !out.checkpoints) return t.fail('no tallies');
  const msg = decodeResult(out.bytes);
  if (msg.type !== 'shard-result' || msg.result.kind !== 'network' || !msg.result.checkpoints) return t.fail();
  t.deepEqual(out.checkpoints.map((k) => [k.epoch, k.circuits]), msg.result.checkpoints.map((k) => [k.epoch, k.outputs[0]!.kept]));
  const registry = new Registry();
  const m = createWorkerMetrics(registry);
  t.regex(await registry.metrics(), /^identifiability_checkpoint_outputs_total\{epoch_le="\+Inf"\} 0$/m);
  recordCheckpoints(m, [
    { epoch: 4, outputs: 1, circuits: 3, born: 3, died: 0 },
    { epoch: 8, outputs: 1, circuits: 5, born: 4, died: 2 },
    { epoch: 12, outputs: 1, circuits: 6, born: 1, died: 0 },
  ]);
  const text = await registry.metrics();
  t.regex(text, /^identifiability_checkpoint_circuits_total\{epoch_le="5"\} 3$/m);
  t.regex(text, /^identifiability_checkpoint_circuits_total\{epoch_le="10"\} 5$/m);
  t.regex(text, /^identifiability_checkpoint_circuits_total\{epoch_le="20"\} 6$/m);
  t.regex(text, /^identifiability_checkpoint_outputs_total\{epoch_le="10"\} 1$/m);
  t.regex(text, /^identifiability_checkpoint_circuits_born_total 8$/m);
  t.regex(text, /^identifiability_checkpoint_circuits_died_total 2$/m);
});
