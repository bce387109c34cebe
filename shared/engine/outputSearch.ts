/**
 * Bounded search over the edge rows of the last hidden pair, for one state of everything below.
 *
 * Rows are chosen in node order and the output dot of each sample is accumulated row by row, in
 * the reference's order. At every node of the search tree each sample's final dot is bounded by
 * adding the least (greatest) contribution of every remaining row, in the same order: float
 * addition is monotone, so the bounds hold exactly. Compared with the sample's correct interval
 * (outputInterval.ts) a sample is then decided correct, decided wrong, or open:
 *  - too much weight decided wrong: no completion can be kept, the subtree is pruned;
 *  - the wrong and open weight together within the budget: every completion is kept, and the
 *    subtree's valid completions are listed without any float work;
 *  - otherwise the search goes one row deeper; the last row's keeping options are, per open
 *    sample, one range of its sorted contributions (a bitmask by binary search).
 * The column-cover constraint (every lower on node has an edge) is enforced on each listed
 * completion: the last row must be a superset of the lower nodes still uncovered.
 */
import { popcount } from './bits.js';
import { LastPairBoxes } from './lastPairBoxes.js';
import { MASKED_OPTIONS, type RowTables } from './rowTables.js';
import { coverTables, coveringCompletions, firstAbove, firstAtLeast, type CoverTables } from './searchTables.js';

/**
 * Shared with the caller: while `countOnly` is set, kept completions are added to `counted` in
 * bulk (a whole accepted subtree by inclusion-exclusion, a last row by popcount) instead of being
 * written and emitted one by one. The caller sets it once it needs no more individual circuits.
 */
export interface BulkCount {
  countOnly: boolean;
  counted: number;
  /** Set by the caller once no list is kept: accepted subtrees go to `subtree` when it can. */
  groundingsInBulk?: boolean;
  /**
   * With groundings: counts a whole accepted subtree whose last `free` rows are open (circuits and
   * their groundings, into the caller's summary) and returns how many circuits, or -1 when it
   * cannot and they must be emitted one by one. Set by evaluateCircuits.
   */
  subtree?: (free: number) => number;
  /**
   * With groundings: counts the kept options of the last row (bit o of lo, or of hi for o - 32,
   * is options[o]) with the other rows as they are, into the caller's summary, and returns how
   * many circuits, or -1 when they must be emitted one by one. Set by evaluateCircuits.
   */
  lastRow?: (lo: number, hi: number) => number;
}

export class OutputSearch {
  private readonly dots: Float64Array;
  private readonly state: Uint8Array;
  private readonly strict: boolean;
  /**
   * Loose budget only: the samples still open on entering row r, at open[r * count..] (openCount[r]
   * of them). A child's bounds lie within its parent's (the same float additions in the same order,
   * from a contribution at least the row's least and at most its greatest), so a sample decided at
   * a node stays decided below it: noisy data's hundreds of samples are looked at once each where
   * they are decided, not again at every node under it.
   */
  private readonly open: Int32Array;
  private readonly openCount: Int32Array;
  private readonly coverCache = new Map<number, CoverTables>();
  // Per run:
  private t!: RowTables;
  private upper!: Uint8Array;
  private R = 0;
  private O = 0;
  private options!: Uint32Array;
  private lowerMask = 0;
  private cover!: CoverTables;
  private rows!: Uint32Array;
  private emit!: () => void;
  /** The last two rows' pairs in a tree, asked once a run has come there often enough. */
  private readonly boxes: LastPairBoxes;

  /** Bulk counting, when the caller allows it (see BulkCount). */
  bulk: BulkCount = { countOnly: false, counted: 0 };
  /** The first row's options searched: [firstFrom, firstTo), all of them by default. */
  private firstFrom = 0;
  private firstTo = Infinity;
  /** The same as bitmasks over option indices 0..31 and 32..63. */
  private firstLo = 0xffffffff;
  private firstHi = 0xffffffff;

  constructor(
    private readonly count: number,
    maxRows: number,
    private readonly weight: Uint32Array,
    private readonly failBudget: number,
    private readonly lo: Float64Array,
    private readonly hi: Float64Array,
    /** Calls of the last two rows in a run before their pairs' tree is built (tests vary it). */
    boxesAfter?: number,
  ) {
    this.boxes = new LastPairBoxes(count, boxesAfter);
    this.dots = new Float64Array((maxRows + 1) * count);
    this.state = new Uint8Array(count);
    // Strict: any wrong sample alone exceeds the budget (clean data: every sample must be right).
    this.strict = weight.every((w) => w > failBudget);
    this.open = this.strict ? new Int32Array(0) : new Int32Array((maxRows + 1) * count);
    this.openCount = new Int32Array(maxRows + 1);
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

  /** Whether rows r.. are every completion (not only some first rows). */
  private whole(r: number): boolean {
    return r > 0 || (this.firstFrom === 0 && this.firstTo >= this.O);
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
    this.boxes.newRun();
    this.dots.fill(0, 0, this.count);
    if (this.strict) return this.node(0, 0);
    for (let p = 0; p < this.count; p++) this.open[p] = p;
    this.openCount[0] = this.count;
    this.looseNode(0, 0, 0, -1);
  }

  /**
   * `node` under a loose budget: only the samples open at the parent are looked at (see `open`).
   * `c` is where the parent's chosen option's contributions start (-1 at the root): each sample's
   * dot is extended here, as its bounds are taken, so a node pruned early extends no more dots.
   */
  private looseNode(r: number, covered: number, failedAbove: number, c: number): void {
    const { count, dots, weight, failBudget, lo: dLo, hi: dHi, R, upper, open: list, openCount } = this;
    const { minC, maxC, contrib } = this.t;
    const at = r * count;
    const n = openCount[r] as number;
    const next = at + count;
    let failed = failedAbove;
    let open = 0;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const p = list[at + i] as number;
      let lo = r === 0 ? (dots[p] as number) : (dots[at - count + p] as number) + (contrib[c + p] as number);
      dots[at + p] = lo;
      let hi = lo;
      for (let q = r; q < R; q++) {
        const e = (upper[q] as number) * count + p;
        lo += minC[e] as number;
        hi += maxC[e] as number;
      }
      if (hi < (dLo[p] as number) || lo > (dHi[p] as number)) {
        failed += weight[p] as number;
        if (failed > failBudget) return;
      } else if (lo < (dLo[p] as number) || hi > (dHi[p] as number)) {
        open += weight[p] as number;
        list[next + k++] = p;
      }
    }
    if (failed + open <= failBudget) return this.emitAll(r, covered);
    openCount[r + 1] = k;
    if (r === R - 1) return this.lastRowPlain(covered, failed);
    const j = upper[r] as number;
    const { O, options, rows } = this;
    const from = r === 0 ? this.firstFrom : 0;
    const to = r === 0 ? Math.min(this.firstTo, O) : O;
    for (let o = from; o < to; o++) {
      const opt = options[o] as number;
      rows[j] = opt;
      // Each child reads this node's list at `next` and writes its own below it.
      this.looseNode(r + 1, covered | opt, failed, (j * O + o) * count);
    }
  }

  /** A node of the search under a strict budget (`run` sends a loose one to `looseNode`). */
  private node(r: number, covered: number): void {
    const { count, dots, state, weight, failBudget, lo: dLo, hi: dHi, R, upper } = this;
    const { minC, maxC } = this.t;
    const at = r * count;
    let failed = 0;
    let open = 0;
    for (let p = 0; p < count; p++) {
      let lo = dots[at + p] as number;
      let hi = lo;
      for (let q = r; q < R; q++) {
        const k = (upper[q] as number) * count + p;
        lo += minC[k] as number;
        hi += maxC[k] as number;
      }
      if (hi < (dLo[p] as number) || lo > (dHi[p] as number)) {
        failed += weight[p] as number;
        if (failed > failBudget) return;
        state[p] = 2;
      } else if (lo >= (dLo[p] as number) && hi <= (dHi[p] as number)) {
        state[p] = 1;
      } else {
        state[p] = 0;
        open += weight[p] as number;
      }
    }
    if (failed + open <= failBudget) return this.emitAll(r, covered);
    if (r === R - 1) {
      if (this.O <= MASKED_OPTIONS) this.lastRowMasked(covered);
      else this.lastRowPlain(covered, failed);
      return;
    }
    if (r === R - 2 && this.O <= MASKED_OPTIONS) return this.lastTwo(covered);
    const j = upper[r] as number;
    const { contrib } = this.t;
    const { O, options, rows } = this;
    const next = at + count;
    const from = r === 0 ? this.firstFrom : 0;
    const to = r === 0 ? Math.min(this.firstTo, O) : O;
    for (let o = from; o < to; o++) {
      const c = (j * O + o) * count;
      for (let p = 0; p < count; p++) dots[next + p] = (dots[at + p] as number) + (contrib[c + p] as number);
      const opt = options[o] as number;
      rows[j] = opt;
      this.node(r + 1, covered | opt);
    }
  }

  /**
   * Rows R - 2 and R - 1, strict budget: what `node` would do at the last row, for each option of
   * the row before it, without a call per option. Almost every node of a large search is at the
   * last row (k = 6: 142 of 144 million), where a call and its setup cost more than its few samples.
   * The same float operations in the same order as `node`, so the same decisions.
   */
  private lastTwo(covered: number): void {
    const { count, dots, state, R, O, options, rows, upper, lo: dLo, hi: dHi } = this;
    const { contrib, minC, maxC } = this.t;
    const j = upper[R - 2] as number;
    const last = (upper[R - 1] as number) * count;
    const at = (R - 2) * count;
    const next = at + count;
    const from = R === 2 ? this.firstFrom : 0;
    const to = R === 2 ? Math.min(this.firstTo, O) : O;
    const { boxes } = this;
    const asked = boxes.ask(this.t, j, upper[R - 1] as number, dots, at, dLo, dHi);
    const wantLo = asked ? boxes.lo : 0xffffffff;
    const wantHi = asked ? boxes.hi : 0xffffffff;
    for (let o = from; o < to; o++) {
      if (o < 32 ? ((wantLo >>> o) & 1) === 0 : ((wantHi >>> (o - 32)) & 1) === 0) continue;
      const c = (j * O + o) * count;
      let open = 0;
      let p = 0;
      for (; p < count; p++) {
        const d = (dots[at + p] as number) + (contrib[c + p] as number);
        dots[next + p] = d;
        const lo = d + (minC[last + p] as number);
        const hi = d + (maxC[last + p] as number);
        // Strict: one wrong sample is past the budget, so the option is pruned.
        if (hi < (dLo[p] as number) || lo > (dHi[p] as number)) break;
        if (lo >= (dLo[p] as number) && hi <= (dHi[p] as number)) state[p] = 1;
        else {
          state[p] = 0;
          open++;
        }
      }
      if (p < count) continue;
      const opt = options[o] as number;
      rows[j] = opt;
      // Strict: any open sample's weight is past the budget, so none open means all kept.
      if (open === 0) this.emitAll(R - 1, covered | opt);
      else this.lastRowMasked(covered | opt);
    }
  }

  /** Every completion of rows r.. is kept: list the ones that cover the lower nodes. */
  private emitAll(r: number, covered: number): void {
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

  /** Last row, strict budget: intersect each open sample's range of keeping options. */
  private lastRowMasked(covered: number): void {
    const { count, dots, state, R, O, options, rows } = this;
    const { lo: dLo, hi: dHi } = this;
    const j = this.upper[R - 1] as number;
    const needed = this.lowerMask & ~covered;
    // A part of a unit with one on node: its first row is this last row.
    let mLo = (this.cover.lo[needed] as number) & (R === 1 ? this.firstLo : 0xffffffff);
    let mHi = (this.cover.hi[needed] as number) & (R === 1 ? this.firstHi : 0xffffffff);
    const t = this.t;
    t.ensureSorted(j);
    const { sorted, prefLo, prefHi } = t;
    const at = (R - 1) * count;
    for (let p = 0; p < count && (mLo | mHi) !== 0; p++) {
      if (state[p] !== 0) continue; // decided correct (decided wrong was pruned: strict)
      const base = dots[at + p] as number;
      const s = (j * count + p) * O;
      const a = firstAtLeast(sorted, s, O, base, dLo[p] as number);
      const b = firstAbove(sorted, s, O, base, dHi[p] as number);
      const f = (j * count + p) * (O + 1);
      mLo &= (prefLo[f + b] as number) & ~(prefLo[f + a] as number);
      mHi &= (prefHi[f + b] as number) & ~(prefHi[f + a] as number);
    }
    if (this.bulk.countOnly) {
      this.bulk.counted += popcount(mLo >>> 0) + popcount(mHi >>> 0);
      return;
    }
    // Tens of options a call on the heavy k = 6 slices: counted together, not one circuit at a time.
    const lastRow = this.bulk.groundingsInBulk && (mLo | mHi) !== 0 ? this.bulk.lastRow : undefined;
    if (lastRow) {
      const n = lastRow(mLo >>> 0, mHi >>> 0);
      if (n >= 0) {
        this.bulk.counted += n;
        return;
      }
    }
    for (let m = mLo >>> 0; m !== 0; m &= m - 1) {
      rows[j] = options[31 - Math.clz32(m & -m)] as number;
      this.emit();
    }
    for (let m = mHi >>> 0; m !== 0; m &= m - 1) {
      rows[j] = options[32 + 31 - Math.clz32(m & -m)] as number;
      this.emit();
    }
  }

  /** Last row, general budget: check each covering option on the open samples. */
  private lastRowPlain(covered: number, failedDecided: number): void {
    const { count, dots, state, weight, failBudget, R, O, options, rows } = this;
    const { lo: dLo, hi: dHi } = this;
    const j = this.upper[R - 1] as number;
    const { contrib } = this.t;
    const at = (R - 1) * count;
    const list = this.cover.lists[this.lowerMask & ~covered] as Uint8Array;
    // The samples still open at this row (the rest were decided above it).
    const { open: openList } = this;
    const openAt = R * count;
    const n = this.openCount[R] as number;
    for (let i = 0; i < list.length; i++) {
      const o = list[i] as number;
      if (R === 1 && (o < this.firstFrom || o >= this.firstTo)) continue;
      const c = (j * O + o) * count;
      let failed = failedDecided;
      if (this.strict) {
        for (let p = 0; p < count && failed <= failBudget; p++) {
          if (state[p] !== 0) continue;
          const d = (dots[at + p] as number) + (contrib[c + p] as number);
          if (d < (dLo[p] as number) || d > (dHi[p] as number)) failed += weight[p] as number;
        }
      } else {
        for (let e = 0; e < n && failed <= failBudget; e++) {
          const p = openList[openAt + e] as number;
          const d = (dots[at + p] as number) + (contrib[c + p] as number);
          if (d < (dLo[p] as number) || d > (dHi[p] as number)) failed += weight[p] as number;
        }
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
