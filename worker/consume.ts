/**
 * The worker loop: pull shards from the transport, evaluate them in the pool, publish the result,
 * then ack; a shard's slot is freed once the pool is done with it, so the next one is already
 * being evaluated while the result travels. Long shards send in-progress acks; failures nak with
 * back-off; a malformed shard is terminated with a `shard-failed` result; a shard on its last
 * delivery that fails again is reported as failed rather than retried forever.
 */
import type { CheckpointTally } from '../shared/evaluate/checkpoints.js';
import type { Delivery, Transport } from '../transport/transport.js';
import { encode } from '../shared/wire/codec.js';
import type { ErrorRecord } from '../shared/wire/errors.js';
import type { ShardPool } from './pool.js';

export type WorkerEvent =
  | { readonly kind: 'done'; readonly shardId: string; readonly ms: number; readonly candidates: number; readonly redelivered: boolean; readonly checkpoints?: CheckpointTally[] }
  | { readonly kind: 'failed'; readonly shardId: string; readonly error: ErrorRecord; readonly final: boolean }
  | { readonly kind: 'rejected'; readonly shardId: string; readonly error: ErrorRecord };

export interface ConsumeOptions {
  readonly worker: string;
  readonly signal?: AbortSignal;
  /** How often a busy shard tells the broker it is still alive. @default a third of the ack wait, at most 5000 */
  readonly heartbeatMs?: number;
  /** Back-off of the n-th retry: base * 2^(n-1), capped. @default 1000 */
  readonly retryBaseMs?: number;
  readonly onEvent?: (event: WorkerEvent) => void;
  /** Wall clock for durations (injected so the loop itself stays testable). */
  readonly now?: () => number;
}

function planIdOf(shardId: string): string {
  const i = shardId.lastIndexOf(':');
  return i > 0 ? shardId.slice(0, i) : shardId;
}

/**
 * Tells the coordinator a shard failed. A message whose id is not a shard id of any plan (poison)
 * cannot be encoded as a `shard-failed` result and no coordinator waits for it: nothing is sent.
 */
async function publishFailure(transport: Transport, shardId: string, error: ErrorRecord, retryable: boolean): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = encode({ type: 'shard-failed', v: 1, planId: planIdOf(shardId), shardId, code: error.code, message: error.message.slice(0, 2000), retryable });
  } catch {
    return;
  }
  await transport.publishResult(shardId, bytes);
}

/** Three beats per ack wait, so one late timer never lets a live shard be redelivered. */
export function heartbeatFor(ackWaitMs: number): number {
  return Math.max(50, Math.min(5000, Math.floor(ackWaitMs / 3)));
}

async function handle(transport: Transport, pool: ShardPool, d: Delivery, o: ConsumeOptions): Promise<void> {
  const now = o.now ?? Date.now;
  const t0 = now();
  const heartbeat = setInterval(() => d.working(), o.heartbeatMs ?? heartbeatFor(transport.policy.ackWaitMs));
  let output;
  try {
    output = await pool.run({ bytes: d.bytes, worker: o.worker, delivery: d.deliveryCount });
  } catch (err) {
    output = { ok: false as const, error: { name: 'Error', message: String((err as Error)?.message ?? err), code: 'POOL', retryable: true } };
  } finally {
    clearInterval(heartbeat);
  }
  // The pool is free: the next shard is fetched and started while this result is published and
  // acked (10-35 ms a result over NATS, measured: a thread idle that long per shard otherwise).
  d.free();
  if (output.ok) {
    await transport.publishResult(d.shardId, output.bytes, { compress: d.compressResult });
    await d.ack();
    o.onEvent?.({ kind: 'done', shardId: d.shardId, ms: now() - t0, candidates: output.candidates, redelivered: d.deliveryCount > 1, ...(output.checkpoints && { checkpoints: output.checkpoints }) });
    return;
  }
  const { error } = output;
  if (!error.retryable) {
    await publishFailure(transport, d.shardId, error, false);
    d.term(error.message);
    o.onEvent?.({ kind: 'rejected', shardId: d.shardId, error });
  } else if (d.lastAttempt) {
    await publishFailure(transport, d.shardId, error, true);
    await d.ack();
    o.onEvent?.({ kind: 'failed', shardId: d.shardId, error, final: true });
  } else {
    d.nak(Math.min(60_000, (o.retryBaseMs ?? 1000) * 2 ** (d.deliveryCount - 1)));
    o.onEvent?.({ kind: 'failed', shardId: d.shardId, error, final: false });
  }
}

/** Runs until the signal aborts or the transport closes; in-flight shards finish first. */
export async function consume(transport: Transport, pool: ShardPool, o: ConsumeOptions): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  const pull = transport.pullWork({ maxInFlight: pool.threads, ...(o.signal && { signal: o.signal }) });
  for await (const d of pull) {
    const p = handle(transport, pool, d, o).catch((err) => {
      // Publishing the result or the ack failed (connection lost). Nak so the slot is freed and the
      // shard comes back; a nak lost too only delays that until the ack wait. A late ack of an
      // already-published result is harmless: results are de-duplicated by shard id.
      try {
        d.nak(o.retryBaseMs ?? 1000);
      } catch {
        // settled either way: the slot is free
      }
      o.onEvent?.({ kind: 'failed', shardId: d.shardId, error: { name: 'Error', message: String(err), code: 'PUBLISH', retryable: true }, final: false });
    });
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }
  await Promise.all(inFlight);
}
