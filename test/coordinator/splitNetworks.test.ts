/**
 * A study whose networks are analysed as slices gives the same records as one whose networks are
 * single shards, and a coordinator stopped between slices resumes from the stored ones: nothing
 * is counted twice, nothing is lost.
 */
import test from 'ava';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withLocalWorker } from '../../cli/localWorker.js';
import { resultRecord } from '../../coordinator/aggregate.js';
import { DEFAULT_SLICE_CANDIDATES, mappingSliceCount, networkSliceSpecs, sliceCount } from '../../coordinator/networkSlices.js';
import { sliceIndex } from '../../coordinator/shards.js';
import { DEFAULT_LIST_LIMIT } from '../../shared/evaluate/evaluateShard.js';
import { encode } from '../../shared/wire/codec.js';
import type { NetworkShardResult } from '../../shared/wire/messages.js';
import { shardId } from '../../shared/wire/subjects.js';
import { jsonPieces } from '../../coordinator/jsonPieces.js';
import { outcomes } from '../../coordinator/output.js';
import { makePlan, type Plan } from '../../coordinator/plan.js';
import { openRunStore, type RunStore } from '../../coordinator/runStore.js';
import { runStudy } from '../../coordinator/runStudy.js';
import { compileStudyOptions, type StudyOptions } from '../../coordinator/studyOptions.js';
import { memoryTransport } from '../../transport/memoryTransport.js';
import { createPool } from '../../worker/pool.js';

const base: StudyOptions = { gates: ['XOR', 'AND'], sizes: [3], experiments: 4, seed: 3 };

/** Per network, the estimated work of its slices as planned and as stored (the ETA's numbers). */
type Work = Map<number, { planned: number; stored: number; counts?: number[] }>;

async function run(plan: Plan, dir: string, stopAfterSlices?: number, work: Work = new Map(), transport = memoryTransport({ ackWaitMs: 60_000 })): Promise<RunStore> {
  const store = await openRunStore(dir, plan);
  const pool = createPool(1);
  const stop = new AbortController();
  let slices = 0;
  try {
    await withLocalWorker(transport, pool, () =>
      runStudy({
        plan, store, transport, signal: stop.signal,
        events: {
          onCollect: (e) => {
            if (e.kind !== 'slice-stored' && e.kind !== 'slices-planned') return;
            const w = work.get(e.index) ?? { planned: 0, stored: 0 };
            work.set(e.index, w);
            if (e.kind === 'slices-planned') {
              w.planned += e.work;
              w.counts = [...(w.counts ?? []), e.count];
            }
            else {
              w.stored += e.work;
              if (++slices === stopAfterSlices) stop.abort();
            }
          },
        },
      }),
    ).catch((err: Error) => {
      if (stopAfterSlices === undefined || err.name !== 'RunInterrupted') throw err;
    });
  } finally {
    await pool.close();
    await transport.close();
  }
  return store;
}

/** The records without what differs by design (plan id in shard ids, timings, worker names). */
function records(plan: Plan, store: RunStore): unknown[] {
  return [...outcomes(plan, store)].map((n) => {
    const { shard_id: _id, timings: _t, ...rest } = resultRecord(plan, n) as Record<string, unknown>;
    // As results.jsonl holds it (the summaries are written in pieces).
    return JSON.parse([...jsonPieces(rest)].join('')) as unknown;
  });
}

test('sliced networks give the same records as whole ones, and resume after a stop between slices, whatever the slice files hold', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'split-'));
  try {
    const whole = makePlan('custom', compileStudyOptions(base));
    const sliced = makePlan('custom', compileStudyOptions({ ...base, sliceCandidates: 400, listLimit: 20 }));
    t.true(sliced.networks.every((n) => n.split === true));
    t.true(whole.networks.every((n) => !n.split));
    const expected = records(whole, await run(whole, join(root, 'whole')));
    // A small list limit: outputs with more kept circuits carry the summary only; compare like for like.
    const wholeLimited = makePlan('custom', compileStudyOptions({ ...base, listLimit: 20 }));
    const expectedLimited = records(wholeLimited, await run(wholeLimited, join(root, 'whole-limited')));
    t.notDeepEqual(expected, expectedLimited);
    const first = await run(sliced, join(root, 'sliced'), 5);
    t.true(first.finished.size < sliced.networks.length, 'stopped before the end');
    t.true([...first.slices.values()].some((m) => m.size > 0), 'some slices were stored');
    // The store keeps a slice's timing, never its result (k = 6: up to 53 MB each).
    for (const per of first.slices.values()) for (const kept of per.values()) t.deepEqual(Object.keys(kept).sort(), ['durationMs', 'stageMs']);
    // A slice file cut short by a crash is evaluated again, not trusted.
    const sliceFiles = (await readdir(join(root, 'sliced', 'shards'))).filter((f) => /\.s\d{6}\.msgpack$/.test(f));
    t.true(sliceFiles.length > 1);
    await writeFile(join(root, 'sliced', 'shards', sliceFiles[0] as string), Uint8Array.of(0xc1));
    // Files are gzipped; one written plain (by an earlier version) still reads.
    const other = join(root, 'sliced', 'shards', sliceFiles[1] as string);
    const stored = await readFile(other);
    t.deepEqual([stored[0], stored[1]], [0x1f, 0x8b]);
    await writeFile(other, gunzipSync(stored));
    const reopened = await openRunStore(join(root, 'sliced'), sliced);
    const part = (f: string): [number, number] => f.split('.').slice(0, 2).map((x) => Number(x.replace('s', ''))) as [number, number];
    t.is(await reopened.loadSlice(...part(sliceFiles[0] as string)), null);
    t.is((await reopened.loadSlice(...part(sliceFiles[1] as string)))?.type, 'shard-result');
    // A slice file of another cut (a version that planned the slices elsewhere): slice k's file
    // holding another range is dropped and slice k evaluated again; kept as done, its network
    // would never complete.
    const [net, from] = part(sliceFiles[2] as string);
    const taken = new Set(sliceFiles.filter((f) => part(f)[0] === net).map((f) => part(f)[1]));
    let to = 0;
    while (taken.has(to)) to++;
    const file = (k: number): string => join(root, 'sliced', 'shards', `${String(net).padStart(6, '0')}.s${String(k).padStart(6, '0')}.msgpack`);
    await rename(file(from), file(to));
    const work: Work = new Map();
    const resumed = await run(sliced, join(root, 'sliced'), undefined, work);
    t.deepEqual(records(sliced, resumed), expectedLimited);
    // What the resumed run planned (the missing slices, then the relisted ones) it stored, to the share.
    t.true(work.size > 0);
    for (const w of work.values()) t.true(w.stored > 0 && Math.abs(w.planned - w.stored) < 1e-9, JSON.stringify(w));
    // Finished networks keep one file each: the parts are gone.
    t.deepEqual((await readdir(join(root, 'sliced', 'shards'))).sort(), ['000000.msgpack', '000001.msgpack', '000002.msgpack', '000003.msgpack']);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a slice of another cut still queued when this version publishes its own under the same id: published again past the duplicate window, and the run completes', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'split-foreign-'));
  try {
    const options = { ...base, sliceCandidates: 400, listLimit: 20 };
    const sliced = makePlan('custom', compileStudyOptions(options));
    const expected = records(makePlan('custom', compileStudyOptions({ ...base, listLimit: 20 })), await run(makePlan('custom', compileStudyOptions({ ...base, listLimit: 20 })), join(root, 'whole')));
    const dir = join(root, 'sliced');
    await run(sliced, dir, 1);
    const stopped = await openRunStore(dir, sliced);
    // A trained network with a slice not stored yet: its slice k as an earlier version would have
    // cut it (another range), queued under this version's id for slice k.
    const index = [...stopped.trained.keys()].find((i) => !stopped.finished.has(i)) as number;
    t.not(index, undefined);
    const trained = (stopped.trained.get(index) as { result: NetworkShardResult }).result;
    const spec = sliced.networks[index] as (typeof sliced.networks)[number];
    const specs = networkSliceSpecs(
      { model: trained.model, validation: trained.data.validation, grounding: trained.data.grounding, gates: spec.train.gates, analysis: spec.analysis },
      spec.listLimit === undefined ? DEFAULT_LIST_LIMIT : spec.listLimit,
      options.sliceCandidates ?? DEFAULT_SLICE_CANDIDATES,
    );
    const k = specs.findIndex((s, j) => s.kind === 'circuit-slice' && s.end - s.start > 1 && !stopped.slices.get(index)?.has(j) && !stopped.unread.get(index)?.includes(j));
    t.true(k >= 0);
    const mine = specs[k] as Extract<(typeof specs)[number], { kind: 'circuit-slice' }>;
    const other = { ...mine, end: mine.start + 1 };
    const transport = memoryTransport({ ackWaitMs: 60_000, duplicateWindowMs: 5_000 });
    const id = shardId(sliced.planId, sliceIndex(index, k));
    await transport.publishWork(id, encode({ type: 'shard', v: 1, planId: sliced.planId, shardId: id, index: sliceIndex(index, k), spec: other }));
    // Before: this version's slice k was dropped as a duplicate, the other cut's result rejected,
    // and the run waited for slice k for good.
    const resumed = await run(sliced, dir, undefined, new Map(), transport);
    t.deepEqual(records(sliced, resumed), expected);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a restart publishes the missing slices before it merges the stored ones, shows the merge, and a stop during the merge keeps every file', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'split-merge-'));
  try {
    const options = { ...base, sliceCandidates: 400, listLimit: 20 };
    const sliced = makePlan('custom', compileStudyOptions(options));
    const whole = makePlan('custom', compileStudyOptions({ ...base, listLimit: 20 }));
    const expected = records(whole, await run(whole, join(root, 'whole')));
    const dir = join(root, 'sliced');
    await run(sliced, dir, 3);
    const files = async (): Promise<string[]> => (await readdir(join(dir, 'shards'))).sort();
    const before = await files();
    t.true(before.some((f) => /\.s\d{6}\.msgpack$/.test(f)));
    // Stopped at the first file merged: the missing slices of that network are out already.
    const transport = memoryTransport({ ackWaitMs: 60_000 });
    let published = 0;
    const publishWork = transport.publishWork.bind(transport);
    transport.publishWork = (id, bytes) => {
      published++;
      return publishWork(id, bytes);
    };
    const stop = new AbortController();
    const merging: number[] = [];
    const store = await openRunStore(dir, sliced);
    const pool = createPool(1);
    const err = await withLocalWorker(transport, pool, () =>
      runStudy({
        plan: sliced, store, transport, signal: stop.signal,
        events: {
          onMerging: () => {
            merging.push(published);
            stop.abort();
          },
        },
      }),
    ).catch((e: Error) => e);
    await pool.close();
    await transport.close();
    t.is((err as Error).name, 'RunInterrupted');
    t.is(merging.length, 1, 'the merge stops at the signal');
    t.true((merging[0] as number) > 0, 'slices were published before the merge');
    t.deepEqual(await files(), before);
    // Resumed whole: the stored slices count as done and set the pace, and the records are exact.
    const resumedSlices: number[] = [];
    const store2 = await openRunStore(dir, sliced);
    const transport2 = memoryTransport({ ackWaitMs: 60_000 });
    const pool2 = createPool(1);
    try {
      await withLocalWorker(transport2, pool2, () => runStudy({ plan: sliced, store: store2, transport: transport2, events: { onSlicesResumed: (_i, s) => resumedSlices.push(s.count) } }));
    } finally {
      await pool2.close();
      await transport2.close();
    }
    t.is(resumedSlices.reduce((a, b) => a + b, 0), before.filter((f) => /\.s\d{6}\.msgpack$/.test(f)).length);
    t.deepEqual(records(sliced, store2), expected);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a study planned for one worker thread (sliceWorkers) gets at most 128 circuit slices per output, the same records, and a plan id of its own', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'split-fleet-'));
  try {
    const options = { ...base, experiments: 2, listLimit: 20 };
    const whole = makePlan('custom', compileStudyOptions(options));
    const fleet = makePlan('custom', compileStudyOptions({ ...options, sliceCandidates: 10, sliceWorkers: 1 }));
    const grain = makePlan('custom', compileStudyOptions({ ...options, sliceCandidates: 10 }));
    t.not(fleet.planId, grain.planId, 'the fleet is part of the settings: a resume plans the same slices');
    const first = fleet.networks[0];
    if (!first) return t.fail();
    t.true(sliceCount([2, 3, 3, 2], first.analysis.minSparsity, 10) > 128, 'the grain alone would cut more');
    const work: Work = new Map();
    const expected = records(whole, await run(whole, join(root, 'whole')));
    const store = await run(fleet, join(root, 'fleet'), undefined, work);
    t.deepEqual(records(fleet, store), expected);
    // What each network published first: the plan for one thread, circuit slices capped.
    t.is(work.size, 2);
    for (const [index, w] of work) {
      const spec = fleet.networks[index] as (typeof fleet.networks)[number];
      const circuit = (w.counts?.[0] ?? 0) - 2 * mappingSliceCount([2, 3, 3, 2], spec.analysis);
      t.true(circuit >= 2 * 32 && circuit <= 2 * 128, `network ${index}: ${circuit} circuit slices`);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('deep networks split and probed: the training shard counts each unit\'s kept circuits, the slices are planned from them, the same records as whole ones, and a resume plans the same', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'split-probe-'));
  try {
    const options: StudyOptions = { gates: ['XOR'], sizes: [3], depths: [3], experiments: 2, seed: 1, listLimit: 20 };
    const whole = makePlan('custom', compileStudyOptions(options));
    const probed = makePlan('custom', compileStudyOptions({ ...options, sliceCandidates: 10_000 }));
    const byShape = makePlan('custom', compileStudyOptions({ ...options, sliceCandidates: 20_000 }));
    t.true(probed.networks.every((n) => n.split === true && n.probe === true));
    t.true(byShape.networks.every((n) => n.split === true && n.probe === undefined), 'under 50 slices\' worth of candidates: by shape');
    t.true(whole.networks.every((n) => !n.split && !n.probe));
    const expected = records(whole, await run(whole, join(root, 'whole')));
    const planned: Work = new Map();
    const first = await run(probed, join(root, 'probed'), 5, planned);
    t.true(first.finished.size < probed.networks.length, 'stopped before the end');
    t.true(first.trained.size > 0);
    for (const [index, m] of first.trained) {
      const r = m.type === 'shard-result' ? (m.result as NetworkShardResult) : null;
      const spec = probed.networks[index];
      if (!r || !spec) return t.fail();
      t.true(r.unitKept?.length === 1 && r.unitKept[0]?.length === 2376, 'the trained network with its counts, one per unit');
      // What the coordinator published first is the plan from the counts, not the one by shape.
      const target = { model: r.model, validation: r.data.validation, grounding: r.data.grounding, gates: spec.train.gates, analysis: spec.analysis };
      const fromCounts = networkSliceSpecs(target, 20, 10_000, undefined, r.unitKept).length;
      t.not(fromCounts, networkSliceSpecs(target, 20, 10_000).length);
      t.is(planned.get(index)?.counts?.[0], fromCounts);
    }
    const work: Work = new Map();
    const store = await run(probed, join(root, 'probed'), undefined, work);
    t.deepEqual(records(probed, store), expected);
    t.deepEqual(records(byShape, await run(byShape, join(root, 'by-shape'))), expected);
    // The finished network's stored result is what one shard returns: the counts served the plan only.
    t.is(store.finished.size, 2);
    const results = [...store.finished.keys()].map((index) => store.readFinished(index)).map((m) => (m.type === 'shard-result' && m.result.kind === 'network' ? m.result : null));
    t.true(results.some((r) => r?.analysis), 'some network analysed in slices');
    t.true(results.every((r) => r !== null && r.unitKept === undefined));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
