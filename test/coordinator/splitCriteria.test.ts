/**
 * A study network analysed as slices under criteria (coordinator/splitCriteria.ts) when a worker
 * of an older version answers its slices: such a worker ignores the fields it does not know
 * (`countUnder`, `unitKept`) and answers the paper's summary alone. The network must then be
 * recorded without criteria, never with counts taken as if its circuits had been judged, and its
 * paper records stay those of this version's workers.
 */
import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withLocalWorker } from '../../cli/localWorker.js';
import { resultRecord } from '../../coordinator/aggregate.js';
import { jsonPieces } from '../../coordinator/jsonPieces.js';
import { outcomes } from '../../coordinator/output.js';
import { makePlan, type Plan } from '../../coordinator/plan.js';
import { openRunStore } from '../../coordinator/runStore.js';
import { runStudy } from '../../coordinator/runStudy.js';
import { compileStudyOptions, type StudyOptions } from '../../coordinator/studyOptions.js';
import { decodeWork, encode } from '../../shared/wire/codec.js';
import { memoryTransport } from '../../transport/memoryTransport.js';
import type { Transport } from '../../transport/transport.js';
import { createPool } from '../../worker/pool.js';

const base: StudyOptions = { gates: ['XOR'], sizes: [3], experiments: 3, seed: 3, criteria: 'faithful,consistent', sliceCandidates: 400 };

/** Work as a worker of an older version sees it: circuit slices without the asks it does not know. */
function olderWorkers(inner: Transport): { transport: Transport; stripped: () => number } {
  let stripped = 0;
  const publishWork: Transport['publishWork'] = (id, bytes) => {
    const m = decodeWork(bytes);
    if (m.type !== 'shard' || m.spec.kind !== 'circuit-slice' || (m.spec.countUnder === undefined && m.spec.unitKept === undefined)) return inner.publishWork(id, bytes);
    const { countUnder: _c, unitKept: _u, ...older } = m.spec;
    stripped++;
    return inner.publishWork(id, encode({ ...m, spec: older }));
  };
  // The transport's methods read its private fields: called on it, not on the proxy.
  const transport = new Proxy(inner, {
    get: (target, key) => {
      if (key === 'publishWork') return publishWork;
      const v: unknown = Reflect.get(target, key, target);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { transport, stripped: () => stripped };
}

async function records(plan: Plan, dir: string, transport: Transport): Promise<Record<string, unknown>[]> {
  const store = await openRunStore(dir, plan);
  const pool = createPool(1);
  try {
    await withLocalWorker(transport, pool, () => runStudy({ plan, store, transport, signal: new AbortController().signal }));
  } finally {
    await pool.close();
    await transport.close();
  }
  return [...outcomes(plan, store)].map((n) => {
    const { shard_id: _id, timings: _t, ...rest } = resultRecord(plan, n) as Record<string, unknown>;
    // As results.jsonl holds it (the summaries are written in pieces).
    return JSON.parse([...jsonPieces(rest)].join('')) as Record<string, unknown>;
  });
}

test('slices answered by workers of an older version: each network recorded without criteria, its paper counts as this version gives them', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'split-criteria-'));
  try {
    const plan = makePlan('custom', compileStudyOptions(base));
    t.true(plan.networks.every((n) => n.split === true && n.criteria !== undefined));
    const current = await records(plan, join(root, 'current'), memoryTransport({ ackWaitMs: 60_000 }));
    const older = olderWorkers(memoryTransport({ ackWaitMs: 60_000 }));
    const old = await records(plan, join(root, 'older'), older.transport);
    t.true(older.stripped() > 0, 'the slices asked for the criteria counts');
    const analysed = current.filter((r) => r.analysis !== undefined);
    t.true(analysed.length > 0);
    // This version's slices give every analysed network its criteria; an older worker's, none.
    for (const r of analysed) t.true(Array.isArray(r.criteria), JSON.stringify(Object.keys(r)));
    for (const r of old) t.is(r.criteria, undefined);
    // Everything else, the paper's counts included, is the same.
    t.deepEqual(old, current.map(({ criteria: _c, ...rest }) => rest));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
