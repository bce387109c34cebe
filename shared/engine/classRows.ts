/**
 * The one-free-node rows of subtreeCount.ts: a sparse term list (the pair terms times the last
 * fixed node's a) against the a of every class of the free node. A sparse dot per class gathered
 * each factor again at the terms' indices; on slice 2146 of k = 6 (1.4 million rows of about 290
 * terms against 45 classes) that was 40% of the slice. Here each term adds its value times one
 * row of the grouping's class matrix (classMatrices.ts) to all the sums at once, eight columns in
 * four SIMD registers (pairKernel.ts `rows`).
 *
 * Exactness is termList.ts's: a column's sum is used when the terms' sum of magnitudes times its
 * class's largest a is below the limit (every partial sum an integer below 2^53, in any order);
 * otherwise that class is summed by `exactDot`, its positive and negative parts apart.
 *
 * The narrow form (`rows16n`, over the matrix's int16 copy) is taken where every term's value and
 * every entry fits an int16 and the terms' sum of magnitudes times the largest entry is below
 * NARROW_SUMS: then every column's sum is an exact int32. On XOR k = 6 that is every row of the
 * sampled slices (values at most 2^8, sums below 2^18).
 */
import type { ClassMatrices, ClassMatrix } from './classMatrices.js';
import { NARROW_MAX, NARROW_SUMS } from './pairKernel.js';
import type { SubtreeGroup } from './groundingSubtree.js';
import type { NodeRow } from './groundingUnit.js';
import { exactDot, largestMagnitude, type TermList } from './termList.js';

/** Receives the exact sum of a cell (NaN: inexact) and the cell's power of two (a memo row: no closure per row). */
export interface CellSink {
  set(cell: number, sum: number, shift: number): void;
}

/** The pair terms and their product with a node's a, as prefixTerms.ts keeps them. */
export interface PairTerms {
  readonly pairList: TermList;
  /** The product of `pairFirst`'s last call. */
  readonly oneList: TermList;
  pairFirst(first: NodeRow | null): void;
}

export class ClassRows {
  constructor(
    private readonly store: ClassMatrices,
    private readonly limit: number,
  ) {}

  /**
   * Sets every class of `groups`' free node that has circuits and a table: the sum of `terms`
   * times its a. False, with nothing set, when the grouping has no matrix (yet: classMatrices.ts);
   * the caller sums it then.
   */
  run(terms: TermList, groups: SubtreeGroup, dim: number, sink: CellSink): boolean {
    const m = this.store.matrices(groups, dim, terms.len * groups.reps[0].length)?.[0];
    if (!m) return false;
    const { kernel } = this.store;
    const at = this.store.copyTerms(terms, m.blocks * 8, false);
    // Without an int16 copy the largest magnitude decides nothing.
    this.sums(m, at.idx, at.val, terms.len, terms.abs, m.at16 >= 0 ? largestMagnitude(terms) : Infinity, at.free);
    const { f64 } = kernel;
    const reps = groups.reps[0];
    const { cols } = m;
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j] as number;
      const node = reps[c];
      if (!node?.a) continue;
      const sum = terms.abs * node.max < this.limit ? (f64[at.free + j] as number) : exactDot(terms, node.a, node.max, this.limit);
      sink.set(c, sum, node.shift);
    }
    return true;
  }

  /**
   * `run` for the pair terms of `prefix` times the last fixed node `last`'s a (`prefix.pairFirst`),
   * scaled by the kernel in its memory (`ClassMatrices.vector`): scaling them in JavaScript and
   * copying the product over was a sixth of a heavy k = 6 part. The product is built in
   * JavaScript only for a class past the bound. False, with nothing set, when the grouping has no
   * matrix; the caller scales and sums then.
   */
  runScaled(prefix: PairTerms, last: NodeRow, groups: SubtreeGroup, dim: number, sink: CellSink): boolean {
    const pair = prefix.pairList;
    const m = this.store.matrices(groups, dim, pair.len * groups.reps[0].length)?.[0];
    if (!m) return false;
    const a = this.store.vector(last, dim);
    if (a < 0) {
      prefix.pairFirst(last);
      return this.run(prefix.oneList, groups, dim, sink);
    }
    const { kernel } = this.store;
    const at = this.store.copyTerms(pair, m.blocks * 8, false);
    const len = kernel.scale(at.idx, at.val, pair.len, a, at.idx, at.val);
    const abs = kernel.sums[0] as number;
    this.sums(m, at.idx, at.val, len, abs, kernel.sums[1] as number, at.free);
    const { f64 } = kernel;
    const reps = groups.reps[0];
    const { cols } = m;
    let scaled = false;
    for (let j = 0; j < cols.length; j++) {
      const c = cols[j] as number;
      const node = reps[c];
      if (!node?.a) continue;
      let sum: number;
      if (abs * node.max < this.limit) sum = f64[at.free + j] as number;
      else {
        if (!scaled) prefix.pairFirst(last);
        scaled = true;
        sum = exactDot(prefix.oneList, node.a, node.max, this.limit);
      }
      sink.set(c, sum, node.shift);
    }
    return true;
  }

  /** Every column's sum of the terms (`most`: their largest magnitude) at `out`, in the narrow form where it is exact. */
  private sums(m: ClassMatrix, idx: number, val: number, len: number, abs: number, most: number, out: number): void {
    const { kernel } = this.store;
    if (m.at16 >= 0 && most <= NARROW_MAX && abs * m.max < NARROW_SUMS) kernel.rows16n(idx, val, len, m.at16, m.blocks * 8, out);
    else kernel.rows(idx, val, len, m.at, m.blocks, out);
  }
}
