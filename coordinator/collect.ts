/**
 * collect: results stream in from the transport, are checked, de-duplicated by shard id and stored.
 * A malformed or foreign message is counted and dropped, never fatal; a dead-lettered shard is
 * stored as failed so the run still completes.
 */
import { decodeResult, encode } from '../shared/wire/codec.js';
import type { ResultMessage } from '../shared/wire/messages.js';
import type { Plan } from './plan.js';
import type { RunStore } from './runStore.js';
import { parseShardId } from './shards.js';
import type { SplitNetworks } from './splitNetworks.js';
import type { Transport } from '../transport/transport.js';

export type CollectEvent =
  /** `assembled`: a large network's result merged from its slices (its shards were counted as slices). */
  | { readonly kind: 'stored'; readonly index: number; readonly message: ResultMessage; readonly assembled?: boolean }
  /** `work`: the slices' estimated work (networkSlices.ts sliceWork), for the ETA. */
  | { readonly kind: 'slices-planned'; readonly index: number; readonly count: number; readonly work: number }
  | { readonly kind: 'slice-stored'; readonly index: number; readonly message: ResultMessage; readonly work: number }
  | { readonly kind: 'duplicate'; readonly shardId: string }
  | { readonly kind: 'rejected'; readonly reason: string }
  | { readonly kind: 'ack-failed'; readonly reason: string };

export interface CollectOptions {
  /** Large networks' slices; without it every network result is final. */
  readonly split?: SplitNetworks;
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
    const parsed = parseShardId(plan, c.shardId);
    const index = parsed?.network ?? null;
    let message: ResultMessage | null = null;
    let bytes: Uint8Array | null = null;
    let gzipped: Uint8Array | undefined;
    if (parsed === null) o.onEvent?.({ kind: 'rejected', reason: `shard ${c.shardId} is not in plan ${plan.planId}` });
    else if (index !== null && store.finished.has(index)) o.onEvent?.({ kind: 'duplicate', shardId: c.shardId });
    else if (c.kind === 'dead') {
      message = deadLetter(plan, c.shardId, c.deliveries);
      bytes = encode(message);
    } else {
      try {
        message = decodeResult(c.bytes);
        bytes = c.bytes;
        gzipped = c.gzipped;
        if (message.shardId !== c.shardId) throw new Error(`result for ${message.shardId} arrived as ${c.shardId}`);
      } catch (err) {
        message = null;
        o.onEvent?.({ kind: 'rejected', reason: (err as Error).message });
      }
    }
    if (index !== null && message && bytes) await settle(index, parsed?.slice ?? null, { bytes, gzipped }, message, store, o);
    // Stored before acked: a lost ack (server restarting) only brings the message back as a duplicate.
    await c.ack().catch((err: unknown) => o.onEvent?.({ kind: 'ack-failed', reason: String((err as Error)?.message ?? err) }));
    if (store.finished.size >= total) return;
  }
}

/** A result's bytes, and the same gzipped when they came so (stored as they are). */
interface Received {
  readonly bytes: Uint8Array;
  readonly gzipped: Uint8Array | undefined;
}

/** Stores one result: a network's own, a large network's training, or one of its slices. */
async function settle(index: number, slice: number | null, { bytes, gzipped }: Received, message: ResultMessage, store: RunStore, o: CollectOptions): Promise<void> {
  const split = o.split;
  if (slice === null) {
    if (split?.needsSlices(index, message)) {
      if (store.trained.has(index)) return o.onEvent?.({ kind: 'duplicate', shardId: message.shardId });
      const { count, work } = await split.trained(index, bytes, message, gzipped);
      return o.onEvent?.({ kind: 'slices-planned', index, count, work });
    }
    await store.save(index, bytes, message, gzipped);
    return o.onEvent?.({ kind: 'stored', index, message });
  }
  if (!split) return o.onEvent?.({ kind: 'rejected', reason: `slice ${message.shardId} of a run without large networks` });
  const work = split.workOf(index, slice);
  const outcome = await split.slice(index, slice, bytes, message, gzipped);
  if (outcome.kind === 'duplicate') return o.onEvent?.({ kind: 'duplicate', shardId: message.shardId });
  if (outcome.kind === 'foreign') return o.onEvent?.({ kind: 'rejected', reason: `${message.shardId} is not slice ${slice} of network ${index} as this version cuts it (published again once the duplicate window is past)` });
  o.onEvent?.({ kind: 'slice-stored', index, message, work });
  if (outcome.kind === 'stored' && outcome.relisted.count > 0) o.onEvent?.({ kind: 'slices-planned', index, ...outcome.relisted });
  if (outcome.kind === 'finished') o.onEvent?.({ kind: 'stored', index, message: outcome.message, assembled: true });
}
