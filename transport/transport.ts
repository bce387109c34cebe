import { ConfigError } from '../shared/wire/errors.js';

/**
 * The one seam between the pipeline and its broker. Embedded mode injects `memoryTransport`,
 * distributed mode `natsTransport`; both pass `test/transport/conformance.ts`, so nothing above
 * this file branches on the mode. Payloads are opaque bytes (see `shared/wire/codec.ts`).
 */

/** One delivery of one shard to one worker; settle it exactly once with ack, nak or term. */
export interface Delivery {
  readonly shardId: string;
  readonly bytes: Uint8Array;
  /** 1 on first delivery; bounded by the transport's `maxDeliver`. */
  readonly deliveryCount: number;
  /** True when a nak (or an ack timeout) will not be redelivered but dead-lettered. */
  readonly lastAttempt: boolean;
  /**
   * The coordinator that published this shard reads a compressed result: pass it on as
   * `publishResult`'s `compress` (over NATS a shard says so in a header; an older coordinator's
   * shard does not, and its result must travel as it is).
   */
  readonly compressResult: boolean;
  /** Done: the shard leaves the queue; resolves once the broker confirmed. Publish the result first. */
  ack(): Promise<void>;
  /** Retry later (after `delayMs`), or dead-letter it if this was the last attempt. */
  nak(delayMs?: number): void;
  /** Still busy: restarts the ack deadline so a long shard is not redelivered. */
  working(): void;
  /**
   * The work is done and only its result's publishing is left: frees this delivery's slot, so the
   * puller fetches the next shard while the result travels (settling frees it otherwise). The
   * delivery must still be settled; until then it is unacked and may be redelivered as before.
   */
  free(): void;
  /** Never retry (malformed shard); publish a `shard-failed` result first. */
  term(reason: string): void;
}

export interface PublishResultOptions {
  /** The shard's `Delivery.compressResult`. @default false */
  readonly compress?: boolean;
}

export interface PullOptions {
  /** Deliveries held unsettled at once by this puller (the worker's concurrency). @default 1 */
  readonly maxInFlight?: number;
  /** Ends the iteration; the pending deliveries go back to the queue after their ack deadline. */
  readonly signal?: AbortSignal;
}

/** What the coordinator collects: a published result, or a shard that exhausted its deliveries. */
export type Collected =
  | {
      readonly kind: 'result';
      readonly shardId: string;
      /** The result's msgpack bytes. */
      readonly bytes: Uint8Array;
      /**
       * The same result as it travelled, gzipped, when the worker compressed it (over NATS, from
       * 64 KiB): a run directory stores these as they are instead of compressing `bytes` again.
       * Present only when they inflated to `bytes`.
       */
      readonly gzipped?: Uint8Array;
      ack(): Promise<void>;
    }
  | { readonly kind: 'dead'; readonly shardId: string; readonly deliveries: number; ack(): Promise<void> };

export interface Transport {
  /** The retry policy in force (over NATS: the server's, which the first process set). */
  readonly policy: QueuePolicy;
  /** Queues a shard; a second publish of the same id inside the duplicate window is dropped. */
  publishWork(shardId: string, bytes: Uint8Array): Promise<void>;
  /** Deliveries for this worker, until `signal` aborts, the loop breaks, or `close()`. */
  pullWork(opts?: PullOptions): AsyncIterable<Delivery>;
  /**
   * Stores a shard's result; only the first result per shard id is kept. With `compress` the
   * transport may compress it on the way (NATS: gzip from 64 KiB); the collector hands back the
   * bytes as they were published either way.
   */
  publishResult(shardId: string, bytes: Uint8Array, opts?: PublishResultOptions): Promise<void>;
  /** Results and dead-lettered shards, in arrival order, until `signal` aborts or `close()`. */
  results(opts?: { readonly signal?: AbortSignal }): AsyncIterable<Collected>;
  /** The run's small state (plan, progress); null when the key was never written. */
  kvGet(key: string): Promise<Uint8Array | null>;
  kvPut(key: string, bytes: Uint8Array): Promise<void>;
  /** Shards neither acked, terminated nor dead-lettered: queued plus in flight. */
  pendingWork(): Promise<number>;
  /**
   * Drops every queued shard and stored result of the run, and the memory of their ids (so a shard
   * id published again is not taken for a duplicate); the kv stays. For a new plan taking the run
   * prefix (coordinator/runState.ts `claimRun`): without it the stored results of every earlier
   * plan pile up on the server.
   */
  reset(): Promise<void>;
  /**
   * Ids of the shards whose result is stored whole (not those of dead letters), read without the
   * results themselves: a restarted coordinator publishes only the others (coordinator/shardSet.ts).
   */
  storedResults(): Promise<Set<string>>;
  close(): Promise<void>;
}

/** Retry policy shared by both transports so they redeliver alike. */
export interface QueuePolicy {
  /** Unsettled deliveries return to the queue after this long. @default 30_000 */
  readonly ackWaitMs: number;
  /** Deliveries per shard before it is dead-lettered. @default 3 */
  readonly maxDeliver: number;
  /** A shard id republished within this window is dropped. @default 120_000 */
  readonly duplicateWindowMs: number;
}

export const DEFAULT_ACK_WAIT_MS = 30_000;
export const DEFAULT_MAX_DELIVER = 3;
export const DEFAULT_DUPLICATE_WINDOW_MS = 120_000;

/** Fills the defaults and checks the policy once, at construction. */
export function queuePolicy(p: Partial<QueuePolicy> = {}): QueuePolicy {
  const policy = {
    ackWaitMs: p.ackWaitMs ?? DEFAULT_ACK_WAIT_MS,
    maxDeliver: p.maxDeliver ?? DEFAULT_MAX_DELIVER,
    duplicateWindowMs: p.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS,
  };
  for (const [key, value] of Object.entries(policy)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new ConfigError(`transport.${key} must be a positive integer, got ${String(value)}`);
    }
  }
  return Object.freeze(policy);
}

/** `PullOptions.maxInFlight`, defaulted and checked. */
export function inFlightLimit(opts: PullOptions): number {
  const max = opts.maxInFlight ?? 1;
  if (!Number.isSafeInteger(max) || max < 1) throw new ConfigError(`pullWork maxInFlight must be a positive integer, got ${max}`);
  return max;
}

/**
 * A delivery's hold on its puller's slot, as both transports keep it: the slot is freed once, by
 * `free` (the work is done, the result still to publish) or by the first settling, never by the
 * ack deadline (JetStream does the same); a second settling does nothing.
 */
export class DeliverySlot {
  #freed = false;
  #settled = false;

  constructor(private readonly release: () => void) {}

  get settled(): boolean {
    return this.#settled;
  }

  readonly free = (): void => {
    if (this.#freed) return;
    this.#freed = true;
    this.release();
  };

  /** Runs `then` (the broker's ack, nak or term) on the first settling only. */
  settle(then: () => void): void {
    if (this.#settled) return;
    this.#settled = true;
    this.free();
    then();
  }
}

/** NATS KV's key alphabet; the memory transport enforces it too so both reject the same keys. */
const KV_KEY = /^[-/_=a-zA-Z0-9]+(\.[-/_=a-zA-Z0-9]+)*$/;

export function checkKvKey(key: string): string {
  if (!KV_KEY.test(key)) {
    throw new ConfigError(`kv key must be dot-separated tokens of A-Z a-z 0-9 - / _ =, got ${JSON.stringify(key)}`);
  }
  return key;
}
