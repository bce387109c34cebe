import test from 'ava';
import { decodeWork, encode } from '../../shared/wire/codec.js';
import type { ShardSpec } from '../../shared/wire/messages.js';
import { runShardSet } from '../../coordinator/shardSet.js';
import { claimRun } from '../../coordinator/runState.js';
import { forgetStoredShards, STORED_KEY, StoredShards } from '../../coordinator/storedShards.js';
import { memoryTransport } from '../../transport/memoryTransport.js';
import { natsTransport } from '../../transport/natsTransport.js';
import { startNatsServer } from '../helpers/natsServer.js';
import { uniquePrefix } from '../helpers/distributed.js';
import type { Transport } from '../../transport/transport.js';
import { sliceResult, sliceShard } from '../wire/fixtures.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

test('marks survive a read of the same plan and batch, and no other', async (t) => {
  const tr = memoryTransport();
  t.teardown(() => tr.close());
  const a = await StoredShards.read(tr, 'p1', 0, 20);
  t.false(a.has(0));
  await a.mark(0);
  await a.mark(13);
  await a.flush();
  const again = await StoredShards.read(tr, 'p1', 0, 20);
  t.deepEqual([...Array(20).keys()].filter((i) => again.has(i)), [0, 13]);
  t.false((await StoredShards.read(tr, 'p1', 20, 5)).has(0), 'another batch of the plan');
  t.false((await StoredShards.read(tr, 'p2', 0, 20)).has(0), 'another plan');
  t.false((await StoredShards.read(tr, 'p1', 0, 30)).has(0), 'a batch of another size');
  // Two batches of one plan are kept side by side.
  const b = await StoredShards.read(tr, 'p1', 20, 5);
  await b.mark(4);
  await b.flush();
  t.true((await StoredShards.read(tr, 'p1', 0, 20)).has(13));
  t.true((await StoredShards.read(tr, 'p1', 20, 5)).has(4));
  await forgetStoredShards(tr);
  t.false((await StoredShards.read(tr, 'p1', 0, 20)).has(13));
  for (const garbage of ['not json', '{"v":2}', '{"v":1,"planId":"p1","batches":{"0":5}}']) {
    await tr.kvPut(STORED_KEY, enc(garbage));
    t.false((await StoredShards.read(tr, 'p1', 0, 20)).has(0), garbage);
  }
});

test('marks are written at most once a second, and on flush', async (t) => {
  const tr = memoryTransport();
  t.teardown(() => tr.close());
  let now = 10_000;
  const s = await StoredShards.read(tr, 'p', 0, 8, () => now);
  const seen = async (): Promise<number[]> => {
    const r = await StoredShards.read(tr, 'p', 0, 8);
    return [...Array(8).keys()].filter((i) => r.has(i));
  };
  await s.mark(1);
  t.deepEqual(await seen(), [1]);
  now += 500;
  await s.mark(2);
  t.deepEqual(await seen(), [1], 'not yet');
  now += 500;
  await s.mark(3);
  t.deepEqual(await seen(), [1, 2, 3]);
  await s.mark(4);
  await s.flush();
  t.deepEqual(await seen(), [1, 2, 3, 4]);
});

/** A worker on the other end: answers shards with a slice result (at most `limit`), recording their ids. */
function answer(tr: Transport, got: string[], signal: AbortSignal, limit = Infinity): Promise<void> {
  return (async () => {
    let answered = 0;
    for await (const d of tr.pullWork({ signal })) {
      const shard = decodeWork(d.bytes);
      got.push(d.shardId);
      if (shard.type === 'shard') await tr.publishResult(d.shardId, encode({ ...sliceResult(), planId: shard.planId, shardId: d.shardId }));
      await d.ack();
      if (++answered === limit) break;
    }
  })();
}

test('a restarted coordinator publishes only the shards without a stored result, past the duplicate window too', async (t) => {
  const server = await startNatsServer();
  t.teardown(() => server.cleanup());
  // A 100 ms duplicate window: a shard published again is queued again, as past two minutes by default.
  const prefix = uniquePrefix();
  const connect = () => natsTransport({ prefix, connection: { servers: server.url }, duplicateWindowMs: 100 });
  const specs: ShardSpec[] = Array.from({ length: 6 }, () => (sliceShard() as { spec: ShardSpec }).spec);
  const workerSide = await connect();
  t.teardown(() => workerSide.close());
  const worker = new AbortController();
  t.teardown(() => worker.abort());
  const got: string[] = [];
  // Three shards are answered, then the first coordinator takes their results and dies.
  void answer(workerSide, got, worker.signal, 3);
  const first = await connect();
  await claimRun(first, { planId: 'p', study: 'test', networks: 1 });
  const stop = new AbortController();
  const taken: number[] = [];
  await runShardSet(first, 'p', specs, (i) => {
    taken.push(i);
    if (taken.length === 3) stop.abort();
  }, { signal: stop.signal }).catch(() => undefined);
  await first.close();
  t.is(taken.length, 3);
  await new Promise((r) => setTimeout(r, 300)); // past the duplicate window
  const before = got.length;
  t.is(before, 3);
  void answer(workerSide, got, worker.signal);
  // The second gets every result: the three stored ones from the stream, the others computed.
  const second = await connect();
  t.teardown(() => second.close());
  await claimRun(second, { planId: 'p', study: 'test', networks: 1 });
  const all: number[] = [];
  await runShardSet(second, 'p', specs, (i) => all.push(i));
  t.deepEqual(all.sort(), [0, 1, 2, 3, 4, 5]);
  for (const i of taken) t.false(got.slice(before).includes(`p:${i}`), `shard ${i} was computed again`);
  t.is(new Set(got).size, 6);
});
