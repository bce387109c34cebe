/**
 * In-process Transport for embedded runs and tests. It mimics JetStream's work queue: shard ids
 * de-duplicated within a window, an ack deadline per delivery, nak with delay, `maxDeliver` then
 * dead-lettering, so code written against it behaves the same over NATS.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import { TransportError } from '../shared/wire/errors.js';
import { ownBytes } from '../shared/wire/ownBytes.js';
import { checkKvKey, DeliverySlot, inFlightLimit, queuePolicy } from './transport.js';
import type { Collected, Delivery, PullOptions, QueuePolicy, Transport } from './transport.js';

interface Entry {
  readonly shardId: string;
  readonly bytes: Uint8Array;
  deliveries: number;
  state: 'ready' | 'delayed' | 'in-flight' | 'done';
  timer: NodeJS.Timeout | undefined;
}

/** Wakes every waiter on any state change; waiters re-check their own condition. */
class Pulse {
  #waiters: Array<() => void> = [];
  wait(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve));
  }
  notify(): void {
    const ws = this.#waiters;
    this.#waiters = [];
    for (const w of ws) w();
  }
}

export function memoryTransport(policy: Partial<QueuePolicy> = {}): Transport {
  return new MemoryTransport(queuePolicy(policy));
}

class MemoryTransport implements Transport {
  readonly #policy: QueuePolicy;
  readonly #entries: Entry[] = [];
  readonly #workIds = new Map<string, number>();
  readonly #resultIds = new Map<string, number>();
  readonly #collected: Collected[] = [];
  readonly #kv = new Map<string, Uint8Array>();
  readonly #pulse = new Pulse();
  #closed = false;

  constructor(policy: QueuePolicy) {
    this.#policy = policy;
  }

  get policy(): QueuePolicy {
    return this.#policy;
  }

  async publishWork(shardId: string, bytes: Uint8Array): Promise<void> {
    this.#open();
    if (this.#isDuplicate(this.#workIds, shardId)) return;
    this.#entries.push({ shardId, bytes: ownBytes(bytes), deliveries: 0, state: 'ready', timer: undefined });
    this.#pulse.notify();
  }

  async *pullWork(opts: PullOptions = {}): AsyncGenerator<Delivery> {
    const max = inFlightLimit(opts);
    const signal = opts.signal;
    let inFlight = 0;
    const onAbort = (): void => this.#pulse.notify();
    signal?.addEventListener('abort', onAbort);
    try {
      while (!this.#closed && signal?.aborted !== true) {
        const entry = inFlight < max ? this.#entries.find((e) => e.state === 'ready') : undefined;
        if (entry === undefined) {
          await this.#pulse.wait();
          continue;
        }
        inFlight++;
        yield this.#deliver(entry, () => {
          inFlight--;
          this.#pulse.notify();
        });
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async publishResult(shardId: string, bytes: Uint8Array): Promise<void> {
    this.#open();
    if (this.#isDuplicate(this.#resultIds, shardId)) return;
    this.#collect({ kind: 'result', shardId, bytes: ownBytes(bytes), ack: async () => {} });
  }

  async *results(opts: { readonly signal?: AbortSignal } = {}): AsyncGenerator<Collected> {
    const signal = opts.signal;
    const onAbort = (): void => this.#pulse.notify();
    signal?.addEventListener('abort', onAbort);
    try {
      while (!this.#closed && signal?.aborted !== true) {
        if (this.#collected.length === 0) {
          await this.#pulse.wait();
          continue;
        }
        // A turn of the event loop first: the worker side's ack and its next delivery to the
        // freed thread run before the caller handles this result (a merge can hold the thread
        // for 100 ms, and a pool thread would wait that long for its next shard).
        await nextTurn();
        const next = this.#collected.shift();
        if (next !== undefined) yield next;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async kvGet(key: string): Promise<Uint8Array | null> {
    this.#open();
    const stored = this.#kv.get(checkKvKey(key));
    return stored ? ownBytes(stored) : null;
  }

  async kvPut(key: string, bytes: Uint8Array): Promise<void> {
    this.#open();
    this.#kv.set(checkKvKey(key), ownBytes(bytes));
  }

  async pendingWork(): Promise<number> {
    return this.#entries.filter((e) => e.state !== 'done').length;
  }

  /** Results not yet taken (this transport keeps nothing past its process). */
  async storedResults(): Promise<Set<string>> {
    return new Set(this.#collected.filter((c) => c.kind === 'result').map((c) => c.shardId));
  }

  async reset(): Promise<void> {
    this.#open();
    for (const e of this.#entries) clearTimeout(e.timer);
    this.#entries.length = 0;
    this.#workIds.clear();
    this.#resultIds.clear();
    this.#collected.length = 0;
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const e of this.#entries) clearTimeout(e.timer);
    this.#pulse.notify();
  }

  #open(): void {
    if (this.#closed) throw new TransportError('memory transport is closed', 'TRANSPORT_CLOSED', false);
  }

  /** JetStream's duplicate window: an id seen within `duplicateWindowMs` is dropped. */
  #isDuplicate(seen: Map<string, number>, id: string): boolean {
    const now = Date.now();
    const at = seen.get(id);
    if (at !== undefined && now - at < this.#policy.duplicateWindowMs) return true;
    seen.set(id, now);
    return false;
  }

  #collect(c: Collected): void {
    this.#collected.push(c);
    this.#pulse.notify();
  }

  /** Hands an entry out; nak, term and working apply to this attempt only, as in JetStream. */
  #deliver(entry: Entry, release: () => void): Delivery {
    const attempt = ++entry.deliveries;
    const { ackWaitMs, maxDeliver } = this.#policy;
    entry.state = 'in-flight';
    const slot = new DeliverySlot(release);
    const current = (): boolean => entry.deliveries === attempt && entry.state === 'in-flight';
    const arm = (): void => {
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => current() && this.#retry(entry, 0), ackWaitMs);
    };
    arm();
    return {
      shardId: entry.shardId,
      bytes: ownBytes(entry.bytes),
      deliveryCount: attempt,
      lastAttempt: attempt >= maxDeliver,
      // In one process a result is handed over, never copied over a wire: nothing to compress.
      compressResult: false,
      // A late ack still removes the shard, like an ack for a stream sequence JetStream redelivered.
      ack: async () => slot.settle(() => entry.state !== 'done' && this.#finish(entry)),
      nak: (delayMs = 0) => slot.settle(() => current() && this.#retry(entry, delayMs)),
      working: () => {
        if (!slot.settled && current()) arm();
      },
      term: () => slot.settle(() => current() && this.#finish(entry)),
      free: slot.free,
    };
  }

  #finish(entry: Entry): void {
    clearTimeout(entry.timer);
    entry.state = 'done';
    this.#pulse.notify();
  }

  /** Back to the queue after `delayMs`, or dead-lettered once `maxDeliver` is spent. */
  #retry(entry: Entry, delayMs: number): void {
    clearTimeout(entry.timer);
    if (entry.deliveries >= this.#policy.maxDeliver) {
      entry.state = 'done';
      this.#collect({ kind: 'dead', shardId: entry.shardId, deliveries: entry.deliveries, ack: async () => {} });
      return;
    }
    entry.state = 'delayed';
    entry.timer = setTimeout(() => {
      entry.state = 'ready';
      this.#pulse.notify();
    }, delayMs);
  }
}
