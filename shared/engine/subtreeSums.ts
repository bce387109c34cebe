/**
 * One row of remembered subtree sums (subtreeMemo.ts): a term list's sums against every cell of a
 * grouping, and what was tallied with them since the memo last flushed.
 */

/** 2^e for e < 1024, exact. */
export const POW2 = Float64Array.from({ length: 1024 }, (_, e) => 2 ** e);

/** Where the row being filled keeps its per-cell sums until it is sealed: one per memo. */
export interface RowScratch {
  /** Sum per cell, without any power of two. */
  raw: Float64Array;
  /** Powers of two of the cell's free nodes; -1: the cell counts 0 (a node has no table). */
  shift: Int32Array;
}

/**
 * The sums of one term list against every cell (class, or class pair) of one grouping. Filled
 * through `set` in the memo's scratch, then sealed (`SubtreeMemo`) into one number per cell with
 * circuits; which cells those are, and their circuits, is the grouping's and shared by its rows.
 * A pair row of a heavy k = 6 unit so takes 26 KB, not the 115 KB of a raw sum, a shift and a
 * value and circuits per cell: four times the rows in the memo's bound, and no arrays to collect
 * for each row (slice 3607: 40.4 -> 35.1 s, 4087: 13.0 -> 12.4 s, peak RSS unchanged). A bound
 * four times larger again took 4087 to 9.3 s but 3607 from 794 to 1 065 MB, so it stays.
 */
export class SubtreeSums {
  /** Some cell with circuits has an inexact sum: these subtrees go to the plain DP. */
  bad = false;
  /** Largest raw * 2^shift, and largest shift, over cells with circuits. */
  maxScaled = 0;
  maxShift = 0;
  /**
   * Subtrees seen since the last flush, per shift of their term list: the first shift in fields
   * (almost every row meets one shift between flushes), any other in a map made then. A map per
   * row was an allocation per row, millions on the heavy k = 6 slices.
   */
  pendingShift = -1;
  pendingCount = 0;
  morePending: Map<number, number> | null = null;
  /** Where its counts start in the memo's value pool once sealed (one per entry of `circuits`). */
  at = -1;
  /** The circuits of its cells (the grouping's, shared by its rows), once sealed. */
  circuits: Float64Array | null = null;
  /**
   * Circuits tallied cell by cell since the last flush (some options of a last row), per cell with
   * circuits, at the power of two `partialShift`: where they start in the memo's partial pool, -1
   * until the first such tally.
   */
  partialAt = -1;
  partialShift = -1;
  partialPending = false;

  constructor(
    /** Circuits per cell (the grouping's counts). */
    public counts: Float64Array,
    private readonly scratch: RowScratch,
  ) {}

  /**
   * As new, for `counts`: the memo reuses its rows once it has forgotten them (their objects
   * outlived the young generation). Every field back to its initial value above: a field added
   * there belongs here too.
   */
  renew(counts: Float64Array): this {
    this.counts = counts;
    this.bad = false;
    this.maxScaled = 0;
    this.maxShift = 0;
    this.pendingShift = -1;
    this.pendingCount = 0;
    this.morePending = null;
    this.at = -1;
    this.circuits = null;
    this.partialAt = -1;
    this.partialShift = -1;
    this.partialPending = false;
    return this;
  }

  /** Sets a cell's sum (call for every cell with circuits and a table, before sealing), keeping the bounds. */
  set(cell: number, raw: number, shift: number): void {
    this.scratch.raw[cell] = raw;
    this.scratch.shift[cell] = shift;
    if (!(raw === raw)) this.bad = true;
    this.maxShift = Math.max(this.maxShift, shift);
    this.maxScaled = Math.max(this.maxScaled, raw * (POW2[shift] ?? Infinity));
  }

  /**
   * Reads the scratch into one count per cell with circuits (`circuits`: the grouping's, one per
   * such cell), written in `pool` from `at` on.
   */
  seal(circuits: Float64Array, pool: Float64Array, at: number): void {
    const { counts } = this;
    const { raw, shift } = this.scratch;
    let n = at;
    for (let c = 0; c < counts.length; c++) {
      if (counts[c] === 0) continue;
      const cs = shift[c] as number;
      pool[n++] = cs < 0 || this.bad ? 0 : (raw[c] as number) * (POW2[cs] ?? Infinity);
    }
    this.at = at;
    this.circuits = circuits;
  }
}
