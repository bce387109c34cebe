/**
 * A fixed set of shards through a transport: publish each, collect until every one has a result,
 * de-duplicated by shard id. `analyze` runs one network's slices this way (embedded over the
 * in-memory transport with a local pool, or over NATS); a failed slice fails the whole analysis,
 * since an exact count with a hole in it is not exact.
 */
import { decodeResult, encode } from '../shared/wire/codec.js';
import type { ShardResultMessage, ShardSpec } from '../shared/wire/messages.js';
import { shardId } from '../shared/wire/subjects.js';
import type { Transport } from '../transport/transport.js';
import { publicationOrder } from './publicationOrder.js';

export class ShardSetFailed extends Error {
  override name = 'ShardSetFailed';
}

export interface ShardSetEvents {
  /** A result was stored (`fresh` false for a duplicate delivery, which is dropped). */
  onResult?(index: number, message: ShardResultMessage, fresh: boolean): void;
}

/**
 * Publishes `specs` as shards `${planId}:${base + i}`, in publication order (publicationOrder.ts),
 * and resolves once each has one result (`handle` gets i). A later batch of the same run takes a
 * `base` past the earlier ones.
 */
export async function runShardSet(transport: Transport, planId: string, specs: readonly ShardSpec[], handle: (index: number, message: ShardResultMessage) => void | Promise<void>, o: ShardSetEvents & { signal?: AbortSignal; base?: number } = {}): Promise<void> {
  const base = o.base ?? 0;
  // Results stored before a restart (taken by the dead coordinator or not) come back from the
  // results stream: publishing their shards again would, past the duplicate window, compute them
  // a second time.
  const stored = await transport.storedResults();
  for (const i of publicationOrder(specs.length)) {
    const id = shardId(planId, base + i);
    if (stored.has(id)) continue;
    await transport.publishWork(id, encode({ type: 'shard', v: 1, planId, shardId: id, index: base + i, spec: specs[i] as ShardSpec }));
  }
  const done = new Set<number>();
  if (specs.length === 0) return;
  for await (const c of transport.results(o.signal ? { signal: o.signal } : {})) {
    const index = c.shardId.startsWith(`${planId}:`) ? Number(c.shardId.slice(planId.length + 1)) - base : NaN;
    if (!(Number.isInteger(index) && index >= 0 && index < specs.length)) {
      await c.ack();
      continue; // another run's leftover
    }
    if (c.kind === 'dead') throw new ShardSetFailed(`slice ${c.shardId} failed ${c.deliveries} times; no results were written`);
    const message = decodeResult(c.bytes);
    if (message.type === 'shard-failed') throw new ShardSetFailed(`slice ${c.shardId} failed: ${message.message}`);
    const fresh = !done.has(index);
    if (fresh) {
      await handle(index, message);
      done.add(index);
    }
    o.onResult?.(index, message, fresh);
    await c.ack().catch(() => undefined); // stored already: a lost ack only brings a duplicate back
    if (done.size === specs.length) return;
  }
  if (done.size < specs.length) throw new ShardSetFailed(`stopped with ${done.size} of ${specs.length} slices done`);
}
