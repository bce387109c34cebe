import test from 'ava';
import { Registry } from 'prom-client';
import { instrumentRun, runEta } from '../../coordinator/instrument.js';
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

test('while slices of a large network are pending, the ETA follows their estimated work, not the count of networks', async (t) => {
  const s = setup(3);
  s.tick(10_000);
  s.store(0, fx.networkResult());
  s.store(1, fx.networkResult());
  // Network 2 trained: 10 slices planned, 100 shares of work, the first (heavy) one 30 shares.
  s.events.onCollect?.({ kind: 'slices-planned', index: 2, count: 10, work: 100 });
  s.tick(60_000);
  s.events.onCollect?.({ kind: 'slice-stored', index: 2, message: fx.sliceResult(), work: 30 });
  // 30 shares in 60 s: 70 left take 140 s; by networks (2 in 70 s, 1 left) it would say 35 s.
  t.is(s.progress.eta, 140);
  t.is(await value(s.registry, 'identifiability_run_eta_seconds'), 140);
  t.is(s.progress.sliceWorkPlanned, 100);
  t.is(s.progress.sliceWorkDone, 30);
});

test("a large network that fails takes its slices' remaining work out of the ETA", (t) => {
  const s = setup(2);
  s.events.onCollect?.({ kind: 'slices-planned', index: 0, count: 4, work: 40 });
  s.events.onCollect?.({ kind: 'slices-planned', index: 1, count: 2, work: 20 });
  s.tick(10_000);
  s.events.onCollect?.({ kind: 'slice-stored', index: 0, message: fx.failed(), work: 10 });
  s.events.onCollect?.({ kind: 'stored', index: 0, message: fx.failed(), assembled: true });
  // Network 0's 30 shares left are gone: network 1's 20 at 10 shares in 10 s take 20 s.
  t.is(s.progress.sliceWorkPlanned, 30);
  t.is(s.progress.slicing, 1);
  t.is(s.progress.eta, 20);
  s.tick(10_000);
  s.events.onCollect?.({ kind: 'slice-stored', index: 1, message: fx.sliceResult(), work: 5 });
  // 15 shares in 20 s, 15 left.
  t.is(s.progress.eta, 20);
});

test('runEta: nothing done here yet gives no estimate; resumed networks do not count as pace', (t) => {
  const p = { total: 4, done: 2, resumed: 2, slicesPlanned: 0, slicesDone: 0, sliceWorkPlanned: 0, sliceWorkDone: 0, slicing: 0, converged: 2, failed: 0, rejected: 0, duplicates: 0, eta: null };
  t.is(runEta(p, 100, 0), null);
  t.is(runEta({ ...p, done: 3 }, 100, 0), 100);
  t.is(runEta({ ...p, sliceWorkPlanned: 10, sliceWorkDone: 2 }, 100, 40), 160);
  // The one network left is in slices, all of them in: it is being assembled, nothing left to wait for.
  t.is(runEta({ ...p, done: 3, slicing: 1, sliceWorkPlanned: 10, sliceWorkDone: 10 }, 100, 40), 0);
});
