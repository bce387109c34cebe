/**
 * Results larger than the server's max_payload (1 MiB by default; a width-5 network's analysis
 * is often 1-2 MiB) travel as numbered parts and are reassembled by the collector before it
 * sees them. Each publishing attempt gets its own nonce, so parts of two attempts (a worker that
 * died mid-publish, then a redelivery) are never mixed: their bytes differ in timings.
 */
import { randomUUID } from 'node:crypto';

/** Header on every part: `${nonce}:${index}:${count}`. */
export const RESULT_PART_HEADER = 'Identifiability-Part';
/** Room left in each message for headers and protocol framing. */
const HEADROOM = 16 * 1024;
const MIN_PART = 16 * 1024;
const DEFAULT_MAX_PAYLOAD = 1024 * 1024;

export interface Part {
  readonly nonce: string;
  readonly index: number;
  readonly count: number;
}

/** The largest part for this server; a result up to this size goes as one message. */
export function partSize(maxPayload: number | undefined): number {
  return Math.max(MIN_PART, (maxPayload ?? DEFAULT_MAX_PAYLOAD) - HEADROOM);
}

/** Splits `bytes` into parts of at most `size` bytes, each with its header value. */
export function splitResult(bytes: Uint8Array, size: number): { header: string; bytes: Uint8Array }[] {
  const nonce = randomUUID().slice(0, 8);
  const count = Math.ceil(bytes.byteLength / size);
  return Array.from({ length: count }, (_, index) => ({
    header: `${nonce}:${index}:${count}`,
    bytes: bytes.subarray(index * size, Math.min(bytes.byteLength, (index + 1) * size)),
  }));
}

export function parsePart(header: string): Part | null {
  const m = /^([0-9a-f]{8}):(\d+):(\d+)$/.exec(header);
  if (!m) return null;
  const [index, count] = [Number(m[2]), Number(m[3])];
  return index < count ? { nonce: m[1] ?? '', index, count } : null;
}

interface Group<M> {
  readonly shardId: string;
  readonly count: number;
  readonly parts: Map<number, { bytes: Uint8Array; msg: M }>;
}

/**
 * Holds parts until a group is complete. Messages of incomplete groups stay unacked, so after a
 * collector crash the server redelivers them; `discard` drops (acks) parts no one will need.
 */
export class Reassembler<M> {
  readonly #groups = new Map<string, Group<M>>();
  readonly #completed = new Set<string>();

  constructor(private readonly discard: (msg: M) => void) {}

  /** Adds one part; returns the whole result and every part message once the group is complete. */
  add(shardId: string, part: Part, bytes: Uint8Array, msg: M): { bytes: Uint8Array; msgs: M[] } | null {
    if (this.#completed.has(shardId)) {
      this.discard(msg); // a late part of an abandoned attempt
      return null;
    }
    const key = `${shardId}|${part.nonce}`;
    const group = this.#groups.get(key) ?? { shardId, count: part.count, parts: new Map() };
    this.#groups.set(key, group);
    group.parts.set(part.index, { bytes, msg }); // a redelivered part replaces its older copy
    if (group.parts.size < group.count) return null;
    this.#groups.delete(key);
    this.#completed.add(shardId);
    this.#dropOtherAttempts(shardId);
    const ordered = [...group.parts.entries()].sort(([a], [b]) => a - b).map(([, p]) => p);
    return { bytes: concat(ordered.map((p) => p.bytes)), msgs: ordered.map((p) => p.msg) };
  }

  #dropOtherAttempts(shardId: string): void {
    for (const [key, g] of this.#groups) {
      if (g.shardId !== shardId) continue;
      for (const p of g.parts.values()) this.discard(p.msg);
      this.#groups.delete(key);
    }
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
