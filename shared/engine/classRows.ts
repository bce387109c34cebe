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
 */
import type { ClassMatrices } from './classMatrices.js';
import type { SubtreeGroup } from './groundingSubtree.js';
import { exactDot, type TermList } from './termList.js';

/** Receives the exact sum of a cell (NaN: inexact) and the cell's power of two (a memo row: no closure per row). */
export interface CellSink {
  set(cell: number, sum: number, shift: number): void;
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
    kernel.rows(at.idx, at.val, terms.len, m.at, m.blocks, at.free);
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
}
