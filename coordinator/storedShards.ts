/**
 * Which shards of a plan have a stored result, recorded in the run's kv as the coordinator collects
 * them, so that a restarted coordinator (kill -9, a lost node) publishes only the others.
 *
 * The results themselves come back from the results stream, which keeps them (natsTopology.ts).
 * Without this record `analyze --nats` published every slice again: inside the duplicate window
 * the done ones were dropped by their msgIDs, but past it they were queued behind the missing ones
 * and computed a second time after the answer was written (a k = 6 run is over an hour of workers).
 * Studies keep the same knowledge in their run directory (runStore.ts) and do not need it.
 *
 * The record can only say "stored" of a shard whose result the coordinator has received from the
 * stream; `claimRun` forgets it before another plan empties the streams, so it never names a
 * result that is gone. Writes are at most one a second (and one at the end); a lost write only
 * means that a resumed run publishes a few done shards again.
 */
import type { Transport } from '../transport/transport.js';

export const STORED_KEY = 'shards.stored';
const WRITE_EVERY_MS = 1_000;

interface StoredRecord {
  readonly v: 1;
  readonly planId: string;
  /** Per batch (its first shard index, as a decimal string): a bitmap of its done shards, base64. */
  readonly batches: Record<string, string>;
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/** The record of `planId`, or an empty one when the kv holds none, another plan's, or garbage. */
function parse(bytes: Uint8Array | null, planId: string): StoredRecord {
  const empty: StoredRecord = { v: 1, planId, batches: {} };
  if (bytes === null || bytes.length === 0) return empty;
  try {
    const r = JSON.parse(dec(bytes)) as Partial<StoredRecord>;
    if (r.v !== 1 || r.planId !== planId || typeof r.batches !== 'object' || r.batches === null) return empty;
    const batches: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.batches)) if (/^\d+$/.test(k) && typeof v === 'string') batches[k] = v;
    return { v: 1, planId, batches };
  } catch {
    return empty;
  }
}

export class StoredShards {
  private lastWrite = 0;
  private dirty = false;

  private constructor(
    private readonly transport: Transport,
    private readonly record: StoredRecord,
    private readonly base: number,
    private readonly bits: Uint8Array,
    private readonly now: () => number,
  ) {}

  /** The shards base..base + n - 1 of `planId` recorded as stored (none for a new run). */
  static async read(transport: Transport, planId: string, base: number, n: number, now: () => number = Date.now): Promise<StoredShards> {
    const record = parse(await transport.kvGet(STORED_KEY), planId);
    const bits = new Uint8Array(Math.ceil(n / 8));
    const saved = record.batches[String(base)];
    const bytes = saved === undefined ? null : Buffer.from(saved, 'base64');
    if (bytes && bytes.length === bits.length) bits.set(bytes);
    return new StoredShards(transport, record, base, bits, now);
  }

  has(i: number): boolean {
    return (((this.bits[i >> 3] as number) >> (i & 7)) & 1) === 1;
  }

  /** Records shard base + i as stored; written to the kv when the last write is a second old. */
  async mark(i: number): Promise<void> {
    this.bits[i >> 3] = (this.bits[i >> 3] as number) | (1 << (i & 7));
    this.dirty = true;
    if (this.now() - this.lastWrite >= WRITE_EVERY_MS) await this.flush();
  }

  /** Writes what changed since the last write. */
  async flush(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    this.lastWrite = this.now();
    this.record.batches[String(this.base)] = Buffer.from(this.bits).toString('base64');
    await this.transport.kvPut(STORED_KEY, enc(JSON.stringify(this.record))).catch(() => {
      this.dirty = true; // tried again with the next mark or flush
    });
  }
}

/** Empties the record: before another plan empties the streams, so it never names a result that is gone. */
export async function forgetStoredShards(transport: Transport): Promise<void> {
  await transport.kvPut(STORED_KEY, new Uint8Array(0));
}
