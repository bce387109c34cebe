import test from 'ava';
import { memoryTransport } from '../../transport/memoryTransport.js';
import { transportConformance } from './conformance.js';

transportConformance(test, 'memory', async (policy) => memoryTransport(policy));

test('memory: rejects a bad policy with the field name', (t) => {
  t.throws(() => memoryTransport({ maxDeliver: 0 }), { message: 'transport.maxDeliver must be a positive integer, got 0' });
});

test('memory: a worker that publishes a result and acks gets its next shard before the result reaches the coordinator', async (t) => {
  // The embedded pool's coordinator merges results on the same thread: handled first, a merge
  // would keep the freed pool thread waiting for its next shard.
  const transport = memoryTransport();
  await transport.publishWork('p:0', new Uint8Array([0]));
  await transport.publishWork('p:1', new Uint8Array([1]));
  const order: string[] = [];
  const stop = new AbortController();
  const coordinator = (async () => {
    let results = 0;
    for await (const r of transport.results({ signal: stop.signal })) {
      order.push(`result ${r.shardId}`);
      await r.ack();
      if (++results === 2) break;
    }
  })();
  for await (const d of transport.pullWork({ maxInFlight: 1, signal: stop.signal })) {
    order.push(`shard ${d.shardId}`);
    await transport.publishResult(d.shardId, d.bytes);
    await d.ack();
    if (d.shardId === 'p:1') break;
  }
  await coordinator;
  stop.abort();
  await transport.close();
  t.deepEqual(order, ['shard p:0', 'shard p:1', 'result p:0', 'result p:1']);
});

test('memory: work, results and kv values are copies, also of a Node Buffer (whose own slice is a view)', async (t) => {
  const transport = memoryTransport();
  const work = Buffer.from([1, 2, 3]);
  const result = Buffer.from([4, 5, 6]);
  const kv = Buffer.from([7, 8, 9]);
  await transport.publishWork('p:0', work);
  await transport.kvPut('k', kv);
  work[0] = 0;
  kv[0] = 0;
  const stop = new AbortController();
  for await (const d of transport.pullWork({ maxInFlight: 1, signal: stop.signal })) {
    t.deepEqual([...d.bytes], [1, 2, 3]);
    d.bytes[1] = 0;
    await transport.publishResult(d.shardId, result);
    result[0] = 0;
    await d.ack();
    break;
  }
  for await (const r of transport.results({ signal: stop.signal })) {
    t.deepEqual(r.kind === 'result' ? [...r.bytes] : r.kind, [4, 5, 6]);
    await r.ack();
    break;
  }
  const got = await transport.kvGet('k');
  t.deepEqual(got && [...got], [7, 8, 9]);
  if (got) got[1] = 0;
  const again = await transport.kvGet('k');
  t.deepEqual(again && [...again], [7, 8, 9]);
  stop.abort();
  await transport.close();
});
