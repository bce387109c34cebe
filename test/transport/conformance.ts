/**
 * One behaviour suite for every Transport (bullmq's adapter-conformance): each test gets a fresh
 * transport on a fresh run prefix from `make`, so embedded and NATS runs can be compared 1:1.
 */
import type { ExecutionContext, TestFn } from 'ava';
import type { Collected, Delivery, QueuePolicy, Transport } from '../../transport/transport.js';

export type MakeTransport = (policy: Partial<QueuePolicy>) => Promise<Transport>;

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

export interface TakeOptions<T> {
  /** Runs before the next item is asked for, as a worker settles a delivery to free its slot. */
  readonly each?: (item: T) => Promise<void>;
  /** Leave the iterator running so a later `take` continues it. */
  readonly keepOpen?: boolean;
}

/** Takes `n` items, failing (not hanging) if they do not arrive within `ms`. */
export async function take<T>(iter: AsyncIterable<T>, n: number, ms: number, opts: TakeOptions<T> = {}): Promise<T[]> {
  const out: T[] = [];
  if (n === 0) return out;
  const it = iter[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`got ${out.length} of ${n} items within ${ms} ms`)), ms);
  });
  try {
    while (out.length < n) {
      const r = await Promise.race([it.next(), timeout]);
      if (r.done === true) break;
      out.push(r.value);
      await opts.each?.(r.value);
    }
  } catch (err) {
    void it.return?.();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  if (opts.keepOpen !== true) void it.return?.();
  return out;
}

/** Resolves with the next item, or null when nothing arrives within `ms` (to prove absence). */
export async function nextWithin<T>(iter: AsyncIterable<T>, ms: number): Promise<T | null> {
  const got = await take(iter, 1, ms).catch(() => []);
  return got[0] ?? null;
}

export function transportConformance(test: TestFn, name: string, make: MakeTransport): void {
  /** Runs `body` with a fresh transport and closes it even if an assertion failed. */
  const withTransport = (policy: Partial<QueuePolicy>, body: (tr: Transport, t: ExecutionContext) => Promise<void>) =>
    async (t: ExecutionContext): Promise<void> => {
      const tr = await make(policy);
      t.teardown(() => tr.close());
      await body(tr, t);
    };

  test(`${name}: every shard is delivered, de-duplicated, and its result arrives exactly once`, withTransport({}, async (tr, t) => {
    const ids = Array.from({ length: 12 }, (_, i) => `plan:${i}`);
    for (const id of ids) await tr.publishWork(id, enc(`work ${id}`));
    for (const id of ids.slice(0, 4)) await tr.publishWork(id, enc('a duplicate'));
    t.is(await tr.pendingWork(), ids.length);

    const seen = new Map<string, string>();
    await take(tr.pullWork({ maxInFlight: 4 }), ids.length, 10_000, { each: async (d) => {
      seen.set(d.shardId, dec(d.bytes));
      t.is(d.deliveryCount, 1);
      await tr.publishResult(d.shardId, enc(`result ${d.shardId}`));
      await tr.publishResult(d.shardId, enc('a second result'));
      await d.ack();
    } });
    t.deepEqual([...seen.keys()].sort(), [...ids].sort());
    for (const id of ids) t.is(seen.get(id), `work ${id}`);
    t.is(await tr.pendingWork(), 0);

    const results = tr.results();
    const got = await take(results, ids.length, 10_000);
    t.deepEqual(got.map((c) => c.kind), ids.map(() => 'result'));
    t.deepEqual(got.map((c) => c.shardId).sort(), [...ids].sort());
    for (const c of got) {
      if (c.kind === 'result') t.is(dec(c.bytes), `result ${c.shardId}`);
      await c.ack();
    }
    t.is(await nextWithin(tr.results(), 300), null, 'no duplicate result');
    t.is(await nextWithin(tr.pullWork(), 300), null, 'no duplicate shard');
  }));

  test(`${name}: free() lets the next shard in before the first is settled, and frees one slot only`, withTransport({}, async (tr, t) => {
    for (const id of ['f:1', 'f:2', 'f:3']) await tr.publishWork(id, enc(id));
    const it = tr.pullWork({ maxInFlight: 1 })[Symbol.asyncIterator]();
    t.teardown(() => void it.return?.());
    const within = async (p: Promise<IteratorResult<Delivery>>, ms: number): Promise<Delivery | 'held'> =>
      Promise.race([p.then((r) => (r.done === true ? 'held' : r.value)), new Promise<'held'>((resolve) => setTimeout(() => resolve('held'), ms))]);
    const first = await within(it.next(), 5_000);
    if (first === 'held') return t.fail('no first delivery');
    let next = it.next();
    t.is(await within(next, 500), 'held', 'the slot is taken while the first is unsettled');
    first.free();
    const second = await within(next, 5_000);
    if (second === 'held') return t.fail('free() did not let the next shard in');
    t.not(second.shardId, first.shardId);
    // Freed again, then settled: neither frees a second slot.
    first.free();
    await first.ack();
    next = it.next();
    t.is(await within(next, 500), 'held', 'the first one freed one slot, whatever followed');
    await second.ack();
    const third = await within(next, 5_000);
    if (third === 'held') return t.fail('settling the second did not free its slot');
    await third.ack();
    t.deepEqual([first.shardId, second.shardId, third.shardId].sort(), ['f:1', 'f:2', 'f:3']);
    t.is(await tr.pendingWork(), 0, 'the freed shard acked after its successor is done, not redelivered');
  }));

  test(`${name}: a nak'ed shard comes back with deliveryCount 2`, withTransport({ maxDeliver: 3 }, async (tr, t) => {
    await tr.publishWork('p:0', enc('x'));
    const [first] = await take(tr.pullWork(), 1, 5_000);
    t.is(first?.deliveryCount, 1);
    t.false(first?.lastAttempt);
    first?.nak(50);
    const [second] = await take(tr.pullWork(), 1, 5_000);
    t.is(second?.shardId, 'p:0');
    t.is(second?.deliveryCount, 2);
    await second?.ack();
    t.is(await tr.pendingWork(), 0);
  }));

  test(`${name}: a shard nak'ed past maxDeliver is dead-lettered, once`, withTransport({ maxDeliver: 2 }, async (tr, t) => {
    await tr.publishWork('p:7', enc('x'));
    const seen: Delivery[] = [];
    const controller = new AbortController();
    // Keep a puller running, as workers do: JetStream notices the exhausted shard on the next pull.
    const puller = (async () => {
      for await (const d of tr.pullWork({ signal: controller.signal })) {
        seen.push(d);
        d.nak(0);
      }
    })();
    const [dead] = await take(tr.results(), 1, 10_000);
    controller.abort();
    await puller;
    t.deepEqual(seen.map((d) => [d.deliveryCount, d.lastAttempt]), [[1, false], [2, true]]);
    t.like(dead, { kind: 'dead', shardId: 'p:7', deliveries: 2 } as Partial<Collected>);
    await dead?.ack();
    t.is(await tr.pendingWork(), 0);
    t.is(await nextWithin(tr.results(), 300), null);
  }));

  test(`${name}: a terminated shard is never redelivered`, withTransport({ ackWaitMs: 500 }, async (tr, t) => {
    await tr.publishWork('p:1', enc('x'));
    const [d] = await take(tr.pullWork(), 1, 5_000);
    d?.term('malformed');
    t.is(await nextWithin(tr.pullWork(), 1_000), null);
    t.is(await tr.pendingWork(), 0);
  }));

  test(`${name}: an unsettled shard is redelivered after ackWait, working() postpones that`, withTransport({ ackWaitMs: 800 }, async (tr, t) => {
    await tr.publishWork('p:busy', enc('busy'));
    await tr.publishWork('p:idle', enc('idle'));
    const held = await take(tr.pullWork({ maxInFlight: 2 }), 2, 5_000);
    const busy = held.find((d) => d.shardId === 'p:busy');
    const beat = setInterval(() => busy?.working(), 250);
    t.teardown(() => clearInterval(beat));
    // Well past ackWait: only the idle shard may come back.
    const again = await take(tr.pullWork({ maxInFlight: 2 }), 1, 5_000, { each: (d) => d.ack() });
    const stillNothing = await nextWithin(tr.pullWork(), 1_000);
    clearInterval(beat);
    t.deepEqual(again.map((d) => [d.shardId, d.deliveryCount]), [['p:idle', 2]]);
    t.is(stillNothing, null, 'the busy shard was not redelivered while working() was called');
    await busy?.ack();
    t.is(await tr.pendingWork(), 0);
  }));

  test(`${name}: kv put and get`, withTransport({}, async (tr, t) => {
    t.is(await tr.kvGet('plan'), null);
    await tr.kvPut('plan', enc('v1'));
    await tr.kvPut('progress.done', enc('3'));
    await tr.kvPut('plan', enc('v2'));
    t.is(dec((await tr.kvGet('plan')) ?? enc('missing')), 'v2');
    t.is(dec((await tr.kvGet('progress.done')) ?? enc('missing')), '3');
    await t.throwsAsync(() => tr.kvPut('bad key', enc('x')), { message: /kv key must be/ });
  }));

  test(`${name}: pendingWork counts queued and in-flight shards`, withTransport({}, async (tr, t) => {
    t.is(await tr.pendingWork(), 0);
    for (let i = 0; i < 3; i++) await tr.publishWork(`p:${i}`, enc('x'));
    t.is(await tr.pendingWork(), 3);
    const [d] = await take(tr.pullWork(), 1, 5_000);
    t.is(await tr.pendingWork(), 3, 'in flight still counts');
    await d?.ack();
    t.is(await tr.pendingWork(), 2);
  }));

  test(`${name}: reset drops queued shards and stored results, forgets their ids, keeps the kv`, withTransport({}, async (tr, t) => {
    await tr.kvPut('plan', enc('old'));
    for (let i = 0; i < 3; i++) await tr.publishWork(`old:${i}`, enc(`old ${i}`));
    const [d] = await take(tr.pullWork(), 1, 5_000);
    await tr.publishResult(d?.shardId ?? '', enc('old result'));
    await d?.ack();
    await tr.reset();
    t.is(await tr.pendingWork(), 0);
    t.is(dec((await tr.kvGet('plan')) ?? enc('missing')), 'old');
    // The same ids again, inside the duplicate window: new shards, not duplicates.
    await tr.publishWork('old:0', enc('new 0'));
    await tr.publishWork('old:1', enc('new 1'));
    const fresh = await take(tr.pullWork(), 2, 10_000, { each: async (x) => {
      await tr.publishResult(x.shardId, enc(`new result ${x.shardId}`));
      await x.ack();
    } });
    t.deepEqual(fresh.map((x) => dec(x.bytes)).sort(), ['new 0', 'new 1']);
    t.deepEqual([...(await tr.storedResults())].sort(), ['old:0', 'old:1'], 'the new results are stored, the old one is not');
    // The old result, were it stored still, would come first.
    const got = await take(tr.results(), 2, 10_000, { each: (c) => c.ack() });
    t.deepEqual(got.map((c) => (c.kind === 'result' ? dec(c.bytes) : c.kind)).sort(), ['new result old:0', 'new result old:1']);
    t.is(await nextWithin(tr.results(), 300), null);
  }));
}
