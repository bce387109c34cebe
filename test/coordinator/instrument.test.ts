import test from 'ava';
import { Registry } from 'prom-client';
import { instrumentRun } from '../../coordinator/instrument.js';
import { createCoordinatorMetrics } from '../../coordinator/metrics.js';
import type { ShardResultMessage } from '../../shared/wire/messages.js';
import * as fx from '../wire/fixtures.js';

async function value(registry: Registry, name: string): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return metric?.values[0]?.value;
}

function setup(total: number) {
  const registry = new Registry();
  let clock = 0;
  const { events, progress } = instrumentRun(total, createCoordinatorMetrics(registry), () => clock, () => undefined);
  const store = (index: number, message: ShardResultMessage | ReturnType<typeof fx.failed>) => events.onCollect?.({ kind: 'stored', index, message });
  return { registry, progress, store, tick: (ms: number) => (clock += ms), events };
}

test('a result from a later delivery counts as a redelivery; a first delivery or none stated does not', async (t) => {
  const s = setup(4);
  s.store(0, { ...fx.sliceResult(), delivery: 2 });
  s.store(1, { ...fx.sliceResult(), delivery: 1 });
  const { delivery: _, ...olderWorker } = fx.sliceResult();
  s.store(2, olderWorker);
  t.is(await value(s.registry, 'identifiability_shards_redelivered_total'), 1);
  t.is(await value(s.registry, 'identifiability_shards_done_total'), 3);
});

test('a failed shard counts as failed, not done, and still advances progress', async (t) => {
  const s = setup(2);
  s.store(0, fx.failed());
  t.is(await value(s.registry, 'identifiability_shards_failed_total'), 1);
  t.is(await value(s.registry, 'identifiability_shards_done_total'), 0);
  t.is(s.progress.done, 1);
  t.is(s.progress.failed, 1);
  t.is(await value(s.registry, 'identifiability_run_progress_ratio'), 0.5);
});

test('ETA extrapolates the pace of this process, and workers are those that sent a result', async (t) => {
  const s = setup(4);
  s.tick(10_000);
  s.store(0, fx.networkResult());
  t.is(await value(s.registry, 'identifiability_run_eta_seconds'), 30);
  t.is(await value(s.registry, 'identifiability_workers_connected'), 1);
  t.is(await value(s.registry, 'identifiability_networks_trained_total'), 1);
  t.is(await value(s.registry, 'identifiability_networks_analysed_total'), 1);
  t.is(await value(s.registry, 'identifiability_candidates_evaluated_total'), 3000);
});
