/**
 * collect: results stream in from the transport, are checked, de-duplicated by shard id and stored.
 * A malformed or foreign message is counted and dropped, never fatal; a dead-lettered shard is
 * stored as failed so the run still completes.
 */
import { decodeResult, encode } from '../shared/wire/codec.js';
import type { ResultMessage } from '../shared/wire/messages.js';
import type { Plan } from './plan.js';
import type { RunStore } from './runStore.js';
import { shardIndex } from './shards.js';
import type { Transport } from '../transport/transport.js';

export type CollectEvent =
  | { readonly kind: 'stored'; readonly index: number; readonly message: ResultMessage }
  | { readonly kind: 'duplicate'; readonly shardId: string }
  | { readonly kind: 'rejected'; readonly reason: string }
  | { readonly kind: 'ack-failed'; readonly reason: string };

export interface CollectOptions {
  readonly signal?: AbortSignal;
  readonly onEvent?: (e: CollectEvent) => void;
}

function deadLetter(plan: Plan, shardId: string, deliveries: number): ResultMessage {
  return { type: 'shard-failed', v: 1, planId: plan.planId, shardId, code: 'MAX_DELIVERIES', message: `gave up after ${deliveries} deliveries`, retryable: false };
}

/** Collects until every shard of the plan is stored (or the signal aborts). */
export async function collect(transport: Transport, plan: Plan, store: RunStore, o: CollectOptions = {}): Promise<void> {
  const total = plan.networks.length;
  if (store.finished.size >= total) return;
  for await (const c of transport.results(o.signal ? { signal: o.signal } : {})) {
    const index = shardIndex(plan, c.shardId);
    let message: ResultMessage | null = null;
    let bytes: Uint8Array | null = null;
    if (index === null) o.onEvent?.({ kind: 'rejected', reason: `shard ${c.shardId} is not in plan ${plan.planId}` });
    else if (store.finished.has(index)) o.onEvent?.({ kind: 'duplicate', shardId: c.shardId });
    else if (c.kind === 'dead') {
      message = deadLetter(plan, c.shardId, c.deliveries);
      bytes = encode(message);
    } else {
      try {
        message = decodeResult(c.bytes);
        bytes = c.bytes;
        if (message.shardId !== c.shardId) throw new Error(`result for ${message.shardId} arrived as ${c.shardId}`);
      } catch (err) {
        message = null;
        o.onEvent?.({ kind: 'rejected', reason: (err as Error).message });
      }
    }
    if (index !== null && message && bytes) {
      await store.save(index, bytes, message);
      o.onEvent?.({ kind: 'stored', index, message });
    }
    // Stored before acked: a lost ack (server restarting) only brings the message back as a duplicate.
    await c.ack().catch((err: unknown) => o.onEvent?.({ kind: 'ack-failed', reason: String((err as Error)?.message ?? err) }));
    if (store.finished.size >= total) return;
  }
}
