/**
 * Lists of (product, row) entries, one per live state of a group walk, current while stamped with
 * the lists' epoch: the walk's joint choices (groupWalk.ts) and the choices but the last node's
 * kept across groups (jointPrefix.ts). Entries of all the states share two growing arrays; past
 * `max` entries every list goes stale and the arrays fill again from the start.
 */
export class StateLists {
  /** The entries' products and W rows; replaced when they grow, so read them after `begin`. */
  products = new Float64Array(1024);
  rows = new Int32Array(1024);
  /** length[i]: the i-th state's entries, from `at(i)`. */
  length = new Int32Array(0);
  private from = new Int32Array(0);
  private stamp = new Int32Array(0);
  private epoch = 1;
  private used = 0;

  constructor(private readonly max: number) {}

  /** Room for `states` live states. */
  hold(states: number): void {
    if (this.stamp.length >= states) return;
    this.stamp = new Int32Array(states);
    this.from = new Int32Array(states);
    this.length = new Int32Array(states);
  }

  /** Every state's list stale, the entries from the start. */
  stale(): void {
    if (this.epoch === 0x7fffffff) {
      this.stamp.fill(0);
      this.epoch = 0;
    }
    this.epoch++;
    this.used = 0;
  }

  /** Where the i-th state's list starts while it is current, else -1. */
  at(i: number): number {
    return this.stamp[i] === this.epoch ? (this.from[i] as number) : -1;
  }

  /** Room for `count` more entries (grown, or every list stale past `max`): where the next list starts. */
  begin(count: number): number {
    if (this.used + count <= this.products.length) return this.used;
    if (this.used + count > this.max) {
      this.stale();
      if (count <= this.products.length) return 0;
    }
    const size = Math.max(2 * this.products.length, this.used + count);
    const products = new Float64Array(size);
    products.set(this.products.subarray(0, this.used));
    const rows = new Int32Array(size);
    rows.set(this.rows.subarray(0, this.used));
    this.products = products;
    this.rows = rows;
    return this.used;
  }

  /** The i-th state's list is the entries from `start` (begin's answer) to `end`. */
  end(i: number, start: number, end: number): void {
    this.used = end;
    this.stamp[i] = this.epoch;
    this.from[i] = start;
    this.length[i] = end - start;
  }
}
