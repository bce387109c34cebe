import test from 'ava';
import { Registry } from 'prom-client';
import { createCoordinatorMetrics } from '../../coordinator/metrics.js';
import { SliceMetrics } from '../../coordinator/sliceMetrics.js';
import * as fx from '../wire/fixtures.js';

async function value(registry: Registry, name: string): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return metric?.values[0]?.value;
}

function setup() {
  const registry = new Registry();
  let clock = 1_000_000;
  const metrics = new SliceMetrics(createCoordinatorMetrics(registry), () => clock);
  return { registry, metrics, tick: (ms: number) => (clock += ms) };
}

test('on the local pool the ETA gauge is the progress line\'s: worker time per share on the threads, not the wall time', async (t) => {
  const s = setup();
  const take = s.metrics.batch([6, 2, 1], 2);
  t.is(await value(s.registry, 'identifiability_run_eta_seconds'), 0, 'no estimate before the first slice');
  // 60 s in, the first result: 6 shares in 60 s of one thread's time while the other thread's
  // slice still runs. 3 shares left: 30 s of worker time, 15 s on two threads (by wall time, 30).
  s.tick(60_000);
  take(0, { ...fx.sliceResult(), durationMs: 60_000 }, true);
  t.is(await value(s.registry, 'identifiability_run_eta_seconds'), 15);
  t.is(await value(s.registry, 'identifiability_run_progress_ratio'), 6 / 9);
  // A duplicate changes nothing.
  take(0, { ...fx.sliceResult(), durationMs: 60_000 }, false);
  t.is(await value(s.registry, 'identifiability_run_eta_seconds'), 15);
  s.tick(10_000);
  take(1, { ...fx.sliceResult(), durationMs: 20_000 }, true);
  // 8 shares in 80 s of worker time: 1 share left is 10 s, 5 s on two threads.
  t.is(await value(s.registry, 'identifiability_run_eta_seconds'), 5);
  take(2, { ...fx.sliceResult(), durationMs: 10_000 }, true);
  s.metrics.finished();
  t.is(await value(s.registry, 'identifiability_run_eta_seconds'), 0);
  t.is(await value(s.registry, 'identifiability_run_progress_ratio'), 1);
});

test('over NATS (no threads told) the ETA gauge paces by wall time', async (t) => {
  const s = setup();
  const take = s.metrics.batch([6, 2, 1]);
  s.tick(60_000);
  take(0, { ...fx.sliceResult(), durationMs: 10_000 }, true);
  t.is(await value(s.registry, 'identifiability_run_eta_seconds'), 30);
  t.is(await value(s.registry, 'identifiability_shards_pending'), 2);
});
