/**
 * A fixed set of shards through a real NATS server: what a coordinator that restarts publishes
 * again (coordinator/shardSet.ts).
 */
import test from 'ava';
import { jetstream } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { decodeWork, encode } from '../../shared/wire/codec.js';
import type { ShardSpec } from '../../shared/wire/messages.js';
import { runShardSet } from '../../coordinator/shardSet.js';
import { claimRun } from '../../coordinator/runState.js';
import { connectNats } from '../../transport/natsOptions.js';
import { natsTransport } from '../../transport/natsTransport.js';
import { RESULT_SHARD_HEADER, subjects } from '../../shared/wire/subjects.js';
import { startNatsServer } from '../helpers/natsServer.js';
import { uniquePrefix } from '../helpers/distributed.js';
import { memoryTransport } from '../../transport/memoryTransport.js';
import { publicationOrder } from '../../coordinator/publicationOrder.js';
import type { Transport } from '../../transport/transport.js';
import { sliceResult, sliceShard } from '../wire/fixtures.js';

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

test('a restarted coordinator publishes only the shards without a stored result (taken by the dead one or not), past the duplicate window too', async (t) => {
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
  t.is(got.length, 3);
  // While no coordinator runs, a fourth is answered: stored, never taken.
  await answer(workerSide, got, worker.signal, 1);
  const before = got.length;
  t.is(before, 4);
  void answer(workerSide, got, worker.signal);
  // The second gets every result: the three stored ones from the stream, the others computed.
  const second = await connect();
  t.teardown(() => second.close());
  await claimRun(second, { planId: 'p', study: 'test', networks: 1 });
  const all: number[] = [];
  await runShardSet(second, 'p', specs, (i) => void all.push(i));
  t.deepEqual(all.sort(), [0, 1, 2, 3, 4, 5]);
  for (const id of got.slice(0, before)) t.false(got.slice(before).includes(id), `${id} was computed again`);
  t.is(new Set(got).size, 6);
});

test('a slice result that arrives twice (a copy under another msgID) is taken once and reported as a duplicate', async (t) => {
  const server = await startNatsServer();
  t.teardown(() => server.cleanup());
  const prefix = uniquePrefix();
  const tr = await natsTransport({ prefix, connection: { servers: server.url } });
  t.teardown(() => tr.close());
  const nc = await connectNats({ servers: server.url });
  t.teardown(() => nc.close());
  const specs: ShardSpec[] = Array.from({ length: 4 }, () => (sliceShard() as { spec: ShardSpec }).spec);
  const worker = new AbortController();
  // The worker answers every shard, and a copy of each answer goes out again under another msgID
  // (as a worker that lost its ack and was redelivered would send it), so the server keeps both.
  const answering = (async () => {
    for await (const d of tr.pullWork({ signal: worker.signal })) {
      const shard = decodeWork(d.bytes);
      const bytes = encode({ ...sliceResult(), planId: shard.planId, shardId: d.shardId });
      await tr.publishResult(d.shardId, bytes);
      const h = headers();
      h.set(RESULT_SHARD_HEADER, d.shardId);
      await jetstream(nc).publish(subjects(prefix).resultSubject, bytes, { msgID: `copy:${d.shardId}`, headers: h });
      await d.ack();
    }
  })();
  await claimRun(tr, { planId: 'p', study: 'test', networks: 1 });
  const handled: number[] = [];
  const seen: [number, boolean][] = [];
  await runShardSet(tr, 'p', specs, (i) => void handled.push(i), { onResult: (i, _m, fresh) => seen.push([i, fresh]) });
  t.deepEqual(handled.sort(), [0, 1, 2, 3]);
  t.is(seen.filter(([, fresh]) => fresh).length, 4);
  // The copies that came before the last original were reported as duplicates, never handled.
  for (const [i, fresh] of seen) if (!fresh) t.true(handled.includes(i));
  t.true(seen.some(([, fresh]) => !fresh), 'a copy arrived before the end');
  worker.abort();
  await answering; // its last copy is published before the connections close
});

test('shards are published in publication order, not plan order, each under its own id', async (t) => {
  const tr = memoryTransport();
  t.teardown(() => tr.close());
  const specs: ShardSpec[] = Array.from({ length: 6 }, () => (sliceShard() as { spec: ShardSpec }).spec);
  const got: string[] = [];
  const worker = new AbortController();
  const answering = answer(tr, got, worker.signal);
  await runShardSet(tr, 'p', specs, () => undefined, { base: 10 });
  worker.abort();
  await answering;
  t.deepEqual(got, publicationOrder(6).map((i) => `p:${10 + i}`));
  t.deepEqual(got, ['p:10', 'p:14', 'p:12', 'p:11', 'p:15', 'p:13']);
});
