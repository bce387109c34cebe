/**
 * The worker loop hands each shard's answer to the transport with that shard's own say on
 * compression: a shard from a coordinator that reads compressed results gets its result
 * compressed, one from an older coordinator plain (transport/resultGzip.ts).
 */
import test from 'ava';
import { consume } from '../../worker/consume.js';
import type { ShardPool } from '../../worker/pool.js';
import { memoryTransport } from '../../transport/memoryTransport.js';
import type { PublishResultOptions, Transport } from '../../transport/transport.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/** Echoes a shard's bytes as its result. */
const echoPool: ShardPool = {
  threads: 2,
  run: async ({ bytes }) => ({ ok: true, bytes: enc(`done ${dec(bytes)}`), candidates: 1 }),
  utilization: () => 0,
  queueSize: () => 0,
  close: async () => {},
};

test('consume: each result is published with its own shard\'s compressResult', async (t) => {
  const inner = memoryTransport();
  const published: [string, string, PublishResultOptions | undefined][] = [];
  // Shard "new:*" says its coordinator reads compressed results; "old:*" does not.
  const transport: Transport = {
    policy: inner.policy,
    publishWork: (id, bytes) => inner.publishWork(id, bytes),
    async *pullWork(opts) {
      for await (const d of inner.pullWork(opts)) yield { ...d, compressResult: d.shardId.startsWith('new') };
    },
    publishResult: async (shardId, bytes, opts) => {
      published.push([shardId, dec(bytes), opts]);
      await inner.publishResult(shardId, bytes, opts);
    },
    results: (opts) => inner.results(opts),
    kvGet: (key) => inner.kvGet(key),
    kvPut: (key, bytes) => inner.kvPut(key, bytes),
    pendingWork: () => inner.pendingWork(),
    storedResults: () => inner.storedResults(),
    reset: () => inner.reset(),
    close: () => inner.close(),
  };
  await transport.publishWork('new:0', enc('a'));
  await transport.publishWork('old:1', enc('b'));
  const stop = new AbortController();
  const done = consume(transport, echoPool, {
    worker: 'w',
    signal: stop.signal,
    onEvent: (e) => {
      if (e.kind === 'done' && published.length === 2) stop.abort();
    },
  });
  await done;
  published.sort((a, b) => a[0].localeCompare(b[0]));
  t.deepEqual(published, [
    ['new:0', 'done a', { compress: true }],
    ['old:1', 'done b', { compress: false }],
  ]);
  await inner.close();
});
