/**
 * Bounded search over the edge rows of the last hidden pair, for one state of everything below:
 * what the strict search (outputSearch.ts, clean data: every sample must be right) and the loose
 * one (looseSearch.ts, noisy data: a budget of wrong samples) share.
 *
 * Rows are chosen in node order and the output dot of each sample is accumulated row by row, in
 * the reference's order. At every node of the search tree each sample's final dot is bounded by
 * adding the least (greatest) contribution of every remaining row, in the same order: float
 * addition is monotone, so the bounds hold exactly. Compared with the sample's correct interval
 * (outputInterval.ts) a sample is then decided correct, decided wrong, or open:
 *  - too much weight decided wrong: no completion can be kept, the subtree is pruned;
 *  - the wrong and open weight together within the budget: every completion is kept, and the
 *    subtree's valid completions are listed without any float work (`emitAll`);
 *  - otherwise the search goes one row deeper.
 * The column-cover constraint (every lower on node has an edge) is enforced on each listed
 * completion: the last row must be a superset of the lower nodes still uncovered.
 */
import { popcount } from './bits.js';
import type { BulkCount } from './bulkCount.js';
import type { RowTables } from './rowTables.js';
import { coverTables, coveringCompletions, type CoverTables } from './searchTables.js';

export abstract class SearchCore {
  /** Each sample's dot on entering row r, at dots[r * count + p]. */
  protected readonly dots: Float64Array;
  private readonly coverCache = new Map<number, CoverTables>();
  // Per run:
  protected t!: RowTables;
  protected upper!: Uint8Array;
  protected R = 0;
  protected O = 0;
  protected options!: Uint32Array;
  protected lowerMask = 0;
  protected cover!: CoverTables;
  protected rows!: Uint32Array;
  protected emit!: () => void;

  /** Bulk counting, when the caller allows it (see BulkCount). */
  bulk: BulkCount = { countOnly: false, counted: 0 };
  /** The first row's options searched: [firstFrom, firstTo), all of them by default. */
  protected firstFrom = 0;
  protected firstTo = Infinity;
  /** The same as bitmasks over option indices 0..31 and 32..63. */
  protected firstLo = 0xffffffff;
  protected firstHi = 0xffffffff;

  constructor(
    protected readonly count: number,
    maxRows: number,
    protected readonly weight: Uint32Array,
    protected readonly failBudget: number,
    protected readonly lo: Float64Array,
    protected readonly hi: Float64Array,
  ) {
    this.dots = new Float64Array((maxRows + 1) * count);
  }

  /** From now on only the first row's options [from, to) are searched (a part of a unit). */
  firstRows(from: number, to: number): void {
    this.firstFrom = from;
    this.firstTo = to;
    const bits = (lo: number, hi: number): number => {
      let m = 0;
      for (let o = Math.max(lo, 0); o < Math.min(hi, 32); o++) m = (m | (1 << o)) >>> 0;
      return m;
    };
    this.firstLo = bits(from, to);
    this.firstHi = bits(from - 32, to - 32);
  }

  /**
   * Searches the rows of the upper nodes `upper` (ascending) over `options`, the subsets of
   * `lowerMask`; writes each kept completion into `rows` (indexed by node) and calls `emit`.
   */
  run(t: RowTables, upper: Uint8Array, options: Uint32Array, lowerMask: number, rows: Uint32Array, emit: () => void): void {
    this.t = t;
    this.upper = upper;
    this.R = upper.length;
    this.O = options.length;
    this.options = options;
    this.lowerMask = lowerMask;
    let cover = this.coverCache.get(lowerMask);
    if (!cover) this.coverCache.set(lowerMask, (cover = coverTables(lowerMask)));
    this.cover = cover;
    this.rows = rows;
    this.emit = emit;
    this.dots.fill(0, 0, this.count);
    this.search();
  }

  /** The search from the root, once `run` has set the run's tables. */
  protected abstract search(): void;

  /** Whether rows r.. are every completion (not only some first rows). */
  protected whole(r: number): boolean {
    return r > 0 || (this.firstFrom === 0 && this.firstTo >= this.O);
  }

  /** Every completion of rows r.. is kept: list the ones that cover the lower nodes. */
  protected emitAll(r: number, covered: number): void {
    const whole = this.whole(r);
    if (whole && this.bulk.countOnly) {
      this.bulk.counted += coveringCompletions(popcount(this.lowerMask), popcount(this.lowerMask & ~covered), this.R - r);
      return;
    }
    const subtree = this.bulk.groundingsInBulk ? this.bulk.subtree : undefined;
    if (whole && subtree && this.R - r <= 2) {
      const n = subtree(this.R - r);
      if (n >= 0) {
        this.bulk.counted += n;
        return;
      }
    }
    const { upper, options, rows } = this;
    const j = upper[r] as number;
    if (r === this.R - 1) {
      const list = this.cover.lists[this.lowerMask & ~covered] as Uint8Array;
      for (let i = 0; i < list.length; i++) {
        const o = list[i] as number;
        if (!whole && (o < this.firstFrom || o >= this.firstTo)) continue;
        if (this.bulk.countOnly) this.bulk.counted++;
        else {
          rows[j] = options[o] as number;
          this.emit();
        }
      }
      return;
    }
    const from = whole ? 0 : this.firstFrom;
    const to = whole ? this.O : Math.min(this.firstTo, this.O);
    for (let o = from; o < to; o++) {
      const opt = options[o] as number;
      rows[j] = opt;
      this.emitAll(r + 1, covered | opt);
    }
  }

  /**
   * Last row, any budget: check each covering option on the samples still open, `open[at..at + n)`
   * (the rest were decided above this row, `failedDecided` of their weight wrong).
   */
  protected lastRowPlain(covered: number, failedDecided: number, open: Int32Array, at: number, n: number): void {
    const { count, dots, weight, failBudget, R, O, options, rows } = this;
    const { lo: dLo, hi: dHi } = this;
    const j = this.upper[R - 1] as number;
    const { contrib } = this.t;
    const dotsAt = (R - 1) * count;
    const list = this.cover.lists[this.lowerMask & ~covered] as Uint8Array;
    for (let i = 0; i < list.length; i++) {
      const o = list[i] as number;
      if (R === 1 && (o < this.firstFrom || o >= this.firstTo)) continue;
      const c = (j * O + o) * count;
      let failed = failedDecided;
      for (let e = 0; e < n && failed <= failBudget; e++) {
        const p = open[at + e] as number;
        const d = (dots[dotsAt + p] as number) + (contrib[c + p] as number);
        if (d < (dLo[p] as number) || d > (dHi[p] as number)) failed += weight[p] as number;
      }
      if (failed > failBudget) continue;
      if (this.bulk.countOnly) {
        this.bulk.counted++;
        continue;
      }
      rows[j] = options[o] as number;
      this.emit();
    }
  }
}
