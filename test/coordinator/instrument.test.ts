import test from 'ava';
import { Registry } from 'prom-client';
import { instrumentRun, paceKey, runEta } from '../../coordinator/instrument.js';
import { makePlan } from '../../coordinator/plan.js';
import { findPreset } from '../../coordinator/presets.js';
import { compileStudyOptions } from '../../coordinator/studyOptions.js';
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
  s.store(0, { ...fx.networkResult(), durationMs: 5_000 });
  s.store(1, { ...fx.networkResult(), durationMs: 5_000 });
  // Network 2 trained: 10 slices planned, 100 shares of work, the first (heavy) one 30 shares.
  s.events.onCollect?.({ kind: 'slices-planned', index: 2, count: 10, work: 100 });
  s.tick(60_000);
  s.events.onCollect?.({ kind: 'slice-stored', index: 2, message: { ...fx.sliceResult(), durationMs: 60_000 }, work: 30 });
  // 30 shares in 60 s of worker time: 70 left take 140 s of it, at 70 s of worker time in 70 s;
  // by networks (2 in 70 s, 1 left) it would say 35 s.
  t.is(s.progress.eta, 140);
  t.is(await value(s.registry, 'identifiability_run_eta_seconds'), 140);
});

test("a large network that fails takes its slices' remaining work out of the ETA", (t) => {
  const s = setup(2);
  s.events.onCollect?.({ kind: 'slices-planned', index: 0, count: 4, work: 40 });
  s.events.onCollect?.({ kind: 'slices-planned', index: 1, count: 2, work: 20 });
  s.tick(10_000);
  s.events.onCollect?.({ kind: 'slice-stored', index: 0, message: fx.failed(), work: 10 });
  s.events.onCollect?.({ kind: 'stored', index: 0, message: fx.failed(), assembled: true });
  // Network 0's 30 shares left are gone (not counted as untimed); network 1 has no pace of its
  // own yet, nor can it take that of a slice that was never computed.
  t.is(s.progress.slicing, 1);
  t.is(s.progress.eta, null);
  t.is(s.progress.untimed, 1);
  s.tick(10_000);
  s.events.onCollect?.({ kind: 'slice-stored', index: 1, message: fx.sliceResult(), work: 5 });
  // A dead-lettered slice has work but no time: the pace is network 1's 5 shares in 20 s, 15 left.
  t.is(s.progress.eta, 60);
  t.is(s.progress.untimed, 0);
});

/** Slice results that took `ms` of worker time. */
const took = (ms: number): ShardResultMessage => ({ ...fx.sliceResult(), durationMs: ms });

test("each large network's slices go at the pace of its own shape's, and one not timed yet makes the ETA a floor", async (t) => {
  const registry = new Registry();
  let clock = 0;
  // Networks 0 and 1 are one light shape, 2 and 3 a heavy one (two seeds each).
  const key = (i: number) => (i < 2 ? 'light' : 'heavy');
  const { events, progress } = instrumentRun(4, createCoordinatorMetrics(registry), () => clock, () => undefined, { paceKeyOf: key });
  const planned = (index: number, work: number) => events.onCollect?.({ kind: 'slices-planned', index, count: work, work });
  const sliceIn = (index: number, work: number, ms: number) => events.onCollect?.({ kind: 'slice-stored', index, message: took(ms), work });
  for (const i of [0, 1, 2, 3]) planned(i, 100);
  // Two workers: network 0's 100 shares took 100 s of worker time in 50 s.
  clock += 50_000;
  sliceIn(0, 100, 100_000);
  events.onCollect?.({ kind: 'stored', index: 0, message: took(0), assembled: true });
  // Network 1 at network 0's pace: 100 s of worker time, 50 s; the heavy ones have no pace yet.
  t.is(progress.eta, 50);
  t.is(progress.untimed, 2);
  t.is(await value(registry, 'identifiability_run_eta_untimed_networks'), 2);
  // The first heavy slice: 1 share in 20 s of worker time, so the 199 heavy shares left take
  // 3 980 s more of it; with network 1's 100 s, 4 080 s at 2 s of worker time a second (120 s in
  // 60 s): 2 040 s. One pace for every share, as before, said 60 / 101 * 299: 178 s.
  clock += 10_000;
  sliceIn(2, 1, 20_000);
  t.is(progress.untimed, 0);
  t.is(progress.eta, 2040);
  t.is(await value(registry, 'identifiability_run_eta_seconds'), 2040);
  t.is(await value(registry, 'identifiability_run_eta_untimed_networks'), 0);
});

test('runEta: nothing done here yet gives no estimate; resumed networks do not count as pace', (t) => {
  const p = { total: 4, done: 2, resumed: 2, slicesPlanned: 0, slicesDone: 0, slicing: 0, converged: 2, failed: 0, rejected: 0, duplicates: 0, merging: null, eta: null, untimed: 0 };
  t.is(runEta(p, 100, 0, 0), null);
  t.is(runEta({ ...p, done: 3 }, 100, 0, 0), 100);
  // Workers busy 50 s in 100 s, slices of 80 s of worker time left.
  t.is(runEta(p, 100, 80_000, 50_000), 160);
  // The one network left is in slices, all of them in: it is being assembled, nothing left to wait for.
  t.is(runEta({ ...p, done: 3, slicing: 1 }, 100, 0, 50_000), 0);
});

test('paceKey: two seeds of one shape share a pace, other widths or depths do not', (t) => {
  const growth = findPreset('growth');
  if (!growth) return t.fail('no growth preset');
  const plan = makePlan('growth', compileStudyOptions({ ...growth.options, experiments: 2 }));
  const keys = plan.networks.map((n) => paceKey(n));
  const byHidden = new Map<string, Set<string>>();
  for (const n of plan.networks) {
    const h = n.train.hidden.join('x');
    byHidden.set(h, (byHidden.get(h) ?? new Set()).add(paceKey(n)));
  }
  for (const [h, set] of byHidden) t.is(set.size, 1, h);
  t.is(new Set(keys).size, byHidden.size);
  t.is(paceKey(undefined), '');
});

test("with the pool's threads known, pending slices go at that many workers' time a second, whatever the workers did so far", (t) => {
  let clock = 0;
  const { events, progress } = instrumentRun(1, null, () => clock, () => undefined, { threads: 2 });
  events.onCollect?.({ kind: 'slices-planned', index: 0, count: 10, work: 10 });
  // Two minutes of planning and of slices still running, then one slice of 1 share in 30 s:
  // 9 shares left, 270 s of worker time, 135 s on two threads (the rate so far would say 1 080 s).
  clock += 120_000;
  events.onCollect?.({ kind: 'slice-stored', index: 0, message: took(30_000), work: 1 });
  t.is(progress.eta, 135);
});

test("a restart's stored slices count as done and set their network's pace at once; the merge shows while it runs", (t) => {
  let clock = 0;
  const seen: (string | null)[] = [];
  const { events, progress } = instrumentRun(1, null, () => clock, (p) => seen.push(p.merging && `${p.merging.read}/${p.merging.stored}`), { threads: 2 });
  events.onMerging?.({ index: 0, read: 1, stored: 3 });
  events.onMerging?.({ index: 0, read: 2, stored: 3 });
  events.onMerging?.({ index: 0, read: 3, stored: 3 });
  t.deepEqual(seen, ['1/3', '2/3', null]);
  // 30 shares stored in 60 s of worker time: the 10 shares published go at 2 s a share on two threads.
  clock += 200_000;
  events.onSlicesResumed?.(0, { count: 3, work: 30, ms: 60_000 });
  events.onCollect?.({ kind: 'slices-planned', index: 0, count: 2, work: 10 });
  t.is(progress.slicesDone, 3);
  t.is(progress.slicesPlanned, 5);
  t.is(progress.untimed, 0);
  t.is(progress.eta, 10);
  // The first new slice joins the pace: 35 shares in 90 s of worker time; 5 shares left, on two threads.
  events.onCollect?.({ kind: 'slice-stored', index: 0, message: took(30_000), work: 5 });
  t.true(Math.abs((progress.eta ?? 0) - (90 / 35 / 2) * 5) < 1e-9, String(progress.eta));
});
