/**
 * Large networks' grounding distributions merged beside the coordinator's main thread, as they
 * arrive.
 *
 * The coordinator's merge (DistributionMerger) was about half of its main thread's CPU on k = 6
 * (4.9 of 10.7 s in the first 150 s over NATS; 150-190 s of CPU over a whole run in 2 023 slices,
 * more than the 64-worker projection of about 100 s), and that thread also reads, inflates,
 * decodes and stores every result: no cluster could finish the network sooner. Here the main
 * thread only posts each distribution and the merge runs in one thread shared by every open
 * merger of the process (one isolate, however many networks a study has open). Merging is exact,
 * associative and commutative: the same answer.
 *
 * The arrays are moved, not copied: a decoded result's arrays own their buffers, and copying
 * them (a structured clone on this thread, another on the merge thread) cost more than it saved
 * (k = 6 over NATS, the first 300 s: the main thread 66 -> 57 ms a slice, the process 100 ->
 * 139 ms). An array that shares its buffer is copied.
 *
 * The thread is unref'd: a run stopped with networks still open exits without closing them. When
 * it fails, every open merger's result rejects, and the next merger starts a new thread.
 */
import { Worker } from 'node:worker_threads';
import type { PackedDistribution } from '../shared/engine/packedDistribution.js';
import type { MergeReply, MergeRequest } from './mergeWorker.js';

/**
 * Bytes of distributions posted and not merged yet past which `ready()` waits: the main thread
 * could otherwise read results faster than they are merged and hold them all (a k = 6 run's are
 * about 10.8 GB).
 */
export const MAX_WAITING_BYTES = 256 * 1024 * 1024;

class MergeThread {
  readonly #worker = new Worker(new URL('./mergeWorker.js', import.meta.url));
  readonly #waiting = new Map<number, (r: MergeReply) => void>();
  #failure: string | null = null;
  /** Bytes posted and not yet acknowledged as merged, and who waits for them to drop. */
  #queued = 0;
  #room: (() => void)[] = [];
  /** Callers awaiting the thread: while any does, it holds the process open. */
  #holds = 0;

  constructor(private readonly onFailed: () => void) {
    this.#worker.on('message', (r: MergeReply) => (r.kind === 'added' ? this.#merged(r.bytes) : this.#reply(r.id, r)));
    this.#worker.on('error', (err: Error) => this.#fail(err.message));
    this.#worker.on('exit', (code) => this.#fail(`its thread stopped (exit code ${code})`));
    // After the listeners: a 'message' listener added later refs the thread again (Node 20).
    this.#worker.unref();
  }

  get queued(): number {
    return this.#queued;
  }

  post(m: MergeRequest, transfer: ArrayBuffer[] = []): void {
    if (this.#failure !== null) return;
    if (m.kind === 'add') this.#queued += queuedBytes(m.d);
    this.#worker.postMessage(m, transfer);
  }

  /** Resolves once at most `limit` bytes wait to be merged (at once when the thread failed). */
  async room(limit: number): Promise<void> {
    if (this.#queued <= limit || this.#failure !== null) return;
    this.#hold(1);
    try {
      while (this.#queued > limit && this.#failure === null) await new Promise<void>((resolve) => this.#room.push(resolve));
    } finally {
      this.#hold(-1);
    }
  }

  #merged(bytes: number): void {
    this.#queued -= bytes;
    for (const wake of this.#room.splice(0)) wake();
  }

  async ask(id: number): Promise<MergeReply> {
    // Held while waiting: an unref'd thread's reply would not keep the process alive.
    this.#hold(1);
    try {
      return await new Promise<MergeReply>((resolve) => {
        if (this.#failure !== null) return resolve({ kind: 'error', id, message: this.#failure });
        this.#waiting.set(id, resolve);
        this.#worker.postMessage({ kind: 'result', id } satisfies MergeRequest);
      });
    } finally {
      this.#hold(-1);
    }
  }

  #hold(by: 1 | -1): void {
    this.#holds += by;
    if (by === 1 && this.#holds === 1) this.#worker.ref();
    else if (this.#holds === 0) this.#worker.unref();
  }

  #reply(id: number, r: MergeReply): void {
    const waiting = this.#waiting.get(id);
    this.#waiting.delete(id);
    waiting?.(r);
  }

  #fail(message: string): void {
    if (this.#failure !== null) return;
    this.#failure = message;
    this.onFailed();
    for (const id of [...this.#waiting.keys()]) this.#reply(id, { kind: 'error', id, message });
    for (const wake of this.#room.splice(0)) wake();
  }
}

/** What a posted distribution counts toward MAX_WAITING_BYTES, on both sides of the thread. */
export const queuedBytes = (d: PackedDistribution): number => d.num.byteLength + d.numCircuits.byteLength;

/** The buffers of a distribution's arrays that can be moved: whole, and not shared by the two. */
export function movable(d: PackedDistribution): ArrayBuffer[] {
  const whole = (a: Float64Array): boolean => a.byteOffset === 0 && a.byteLength === a.buffer.byteLength && a.buffer instanceof ArrayBuffer;
  const out: ArrayBuffer[] = [];
  for (const a of [d.num, d.numCircuits]) if (whole(a) && !out.includes(a.buffer as ArrayBuffer)) out.push(a.buffer as ArrayBuffer);
  return out;
}

let shared: MergeThread | null = null;
let nextId = 0;

function mergeThread(): MergeThread {
  shared ??= new MergeThread(() => (shared = null));
  return shared;
}

/** One distribution merge in the process's merge thread. */
export class ThreadedMerger {
  readonly #thread = mergeThread();
  readonly #id = nextId++;
  #done = false;

  /**
   * Posts one distribution. Its two Float64Arrays go to the merge thread: those that own their
   * buffer are moved (empty here from then on), the others copied. The caller must not read them again.
   */
  add(d: PackedDistribution): void {
    if (!this.#done) this.#thread.post({ kind: 'add', id: this.#id, d }, movable(d));
  }

  /** Bytes posted to the merge thread (by every merger) and not merged yet. */
  get waitingBytes(): number {
    return this.#thread.queued;
  }

  /** Resolves once the merge thread has at most `limit` bytes left to merge (of every merger). */
  ready(limit = MAX_WAITING_BYTES): Promise<void> {
    return this.#thread.room(limit);
  }

  /** The merge of every distribution added; rejects when the thread failed. Once only. */
  async result(): Promise<PackedDistribution> {
    if (this.#done) throw new Error('merging the grounding distributions: the merger is closed');
    this.#done = true;
    const reply = await this.#thread.ask(this.#id);
    if (reply.kind !== 'result') throw new Error(`merging the grounding distributions: ${reply.kind === 'error' ? reply.message : 'an unexpected reply'}`);
    return reply.d;
  }

  /** Forgets what was added (a network that will not finish). */
  close(): void {
    if (this.#done) return;
    this.#done = true;
    this.#thread.post({ kind: 'drop', id: this.#id });
  }
}
