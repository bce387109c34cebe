/**
 * Float64Arrays handed out again once given back, for merges that would otherwise take fresh
 * memory each time. On this machine the first write to each page of a new array costs far more
 * than the merge itself: two runs of 8 million distinct counts merged in 0.2 s into arrays written
 * before, 0.6-1.0 s into new ones (and V8 gives a large array's memory back to the system when it
 * is collected, so each merge faults anew).
 *
 * Only buffers of this pool are recycled: `give` ignores any other array, and `disown` takes one
 * out of its hands for good (an array that leaves its owner must never be written again). Small
 * requests get fresh arrays, and a request never takes a buffer more than `slack` times its size,
 * so the large buffers stay for the large merges. At most `keep` free buffers are held: the
 * largest.
 */
export interface Float64PoolOptions {
  /** Free buffers held at most (default 4: a merge's two outputs, twice). */
  keep?: number;
  /** Requests below this many elements get fresh, unpooled arrays (default 65 536). */
  minLength?: number;
  /** A new buffer's capacity over the request, so that a slowly growing run fits it again (default 1.25). */
  headroom?: number;
  /** The most a handed-out buffer may exceed the request, as a factor (default 4). */
  slack?: number;
}

export class Float64Pool {
  private readonly free: Float64Array[] = [];
  private readonly mine = new WeakSet<ArrayBufferLike>();
  private readonly keep: number;
  private readonly minLength: number;
  private readonly headroom: number;
  private readonly slack: number;

  constructor(o: Float64PoolOptions = {}) {
    this.keep = o.keep ?? 4;
    this.minLength = o.minLength ?? 65_536;
    this.headroom = o.headroom ?? 1.25;
    this.slack = o.slack ?? 4;
  }

  /** An array of exactly `length` elements; its contents are whatever was there (not zeroed). */
  take(length: number): Float64Array {
    if (length < this.minLength) return new Float64Array(length);
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const n = (this.free[i] as Float64Array).length;
      if (n >= length && n <= length * this.slack && (best < 0 || n < (this.free[best] as Float64Array).length)) best = i;
    }
    if (best >= 0) return (this.free.splice(best, 1)[0] as Float64Array).subarray(0, length);
    const whole = new Float64Array(Math.ceil(length * this.headroom));
    this.mine.add(whole.buffer);
    return whole.subarray(0, length);
  }

  /** Gives back an array `take` returned, once its contents are no longer read; others are ignored. */
  give(a: Float64Array): void {
    if (!this.mine.has(a.buffer) || this.free.some((f) => f.buffer === a.buffer)) return;
    this.free.push(new Float64Array(a.buffer));
    if (this.free.length > this.keep) {
      this.free.sort((x, y) => y.length - x.length);
      this.free.length = this.keep;
    }
  }

  /** The array leaves the pool's hands: its buffer is never handed out again. */
  disown(a: Float64Array): void {
    this.mine.delete(a.buffer);
    const i = this.free.findIndex((f) => f.buffer === a.buffer);
    if (i >= 0) this.free.splice(i, 1);
  }

  /** Free buffers held now, and their elements in all. */
  get held(): { buffers: number; elements: number } {
    return { buffers: this.free.length, elements: this.free.reduce((s, f) => s + f.length, 0) };
  }
}
