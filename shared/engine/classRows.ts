/**
 * The one-free-node rows of subtreeCount.ts: a sparse term list (the pair terms times the last
 * fixed node's a) against the a of every class of the free node. A sparse dot per class gathered
 * each factor again at the terms' indices; on slice 2146 of k = 6 (1.4 million rows of about 290
 * terms against 45 classes) that was 40% of the slice. Here the grouping's classes are laid out
 * once as a dense matrix, one row per (state, partition) and one column per class with circuits,
 * in the WebAssembly kernel's memory (pairKernel.ts `rows`): each term then adds its value times
 * one contiguous matrix row to all the sums at once, eight columns in four SIMD registers.
 *
 * Exactness is termList.ts's: a column's sum is used when the terms' sum of magnitudes times its
 * class's largest a is below the limit (every partial sum an integer below 2^53, in any order);
 * otherwise that class is summed by `exactDot`, its positive and negative parts apart.
 */
import type { SubtreeGroup } from './groundingSubtree.js';
import { PairKernel } from './pairKernel.js';
import { exactDot, type TermList } from './termList.js';

/** Receives the exact sum of a cell (NaN: inexact) and the cell's power of two. */
export type ClassSink = (cell: number, sum: number, shift: number) => void;

/** Float64 values the matrices of one thread may hold (32 MB) before they are laid out again. */
const MATRIX_VALUES = 2 ** 22;

/** A grouping's matrix in the kernel's memory. */
interface Placed {
  /** Float64 element where it starts. */
  at: number;
  /** Column blocks of eight. */
  blocks: number;
  /** live[j]: the class of column j. */
  live: Int32Array;
}

export class ClassRows {
  private readonly kernel = new PairKernel();
  /** Matrices of this unit's groupings; a grouping that is not here has none yet. */
  private readonly placed = new Map<SubtreeGroup, Placed>();
  /** First float64 element past the matrices. */
  private top: number;

  constructor(
    private readonly limit: number,
    private readonly cap = MATRIX_VALUES,
  ) {
    this.top = this.kernel.base;
  }

  /** A new unit: its groupings are new, and their classes' a too. */
  reset(): void {
    this.placed.clear();
    this.top = this.kernel.base;
  }

  /**
   * Sets every class of `groups`' free node that has circuits and a table: the sum of `terms`
   * times its a. False, with nothing set, when its matrix would not fit (the caller sums it).
   */
  run(terms: TermList, groups: SubtreeGroup, dim: number, set: ClassSink): boolean {
    const placed = this.placed.get(groups) ?? this.place(groups, dim);
    if (!placed) return false;
    const { kernel } = this;
    const { len } = terms;
    const width = placed.blocks * 8;
    // Scratch past the matrices: the sums, then the indices (two to a float64), then the values.
    const out = this.top;
    const idxAt = out + width;
    const valAt = idxAt + Math.ceil(len / 2);
    this.room(valAt + len);
    kernel.i32.set(terms.idx.subarray(0, len), idxAt * 2);
    kernel.f64.set(terms.val.subarray(0, len), valAt);
    kernel.rows(idxAt * 2, valAt, len, placed.at, placed.blocks, out);
    const { f64 } = kernel;
    const reps = groups.reps[0];
    const { live } = placed;
    for (let j = 0; j < live.length; j++) {
      const c = live[j] as number;
      const node = reps[c];
      if (!node?.a) continue;
      const sum = terms.abs * node.max < this.limit ? (f64[out + j] as number) : exactDot(terms, node.a, node.max, this.limit);
      set(c, sum, node.shift);
    }
    return true;
  }

  /** Lays out the matrix of `groups`: null when it is larger than the cap. */
  private place(groups: SubtreeGroup, dim: number): Placed | null {
    const reps = groups.reps[0];
    const cols: number[] = [];
    for (let c = 0; c < reps.length; c++) if (groups.counts[c] !== 0 && reps[c]?.a) cols.push(c);
    const blocks = Math.ceil(cols.length / 8);
    const width = blocks * 8;
    const size = dim * width;
    if (size > this.cap) return null;
    if (this.top + size > this.kernel.base + this.cap) this.reset();
    const at = this.top;
    this.room(at + size);
    const f64 = this.kernel.f64;
    f64.fill(0, at, at + size);
    for (let j = 0; j < cols.length; j++) {
      const a = reps[cols[j] as number]?.a as Float64Array;
      for (let k = 0; k < dim; k++) f64[at + k * width + j] = a[k] as number;
    }
    this.top = at + size;
    const placed = { at, blocks, live: Int32Array.from(cols) };
    this.placed.set(groups, placed);
    return placed;
  }

  /** Memory up to float64 element `end`, the matrices kept; half as much again when it grows. */
  private room(end: number): void {
    const { kernel } = this;
    if (end * 8 <= kernel.f64.byteLength) return;
    kernel.reserve(Math.ceil(end * 1.5) - kernel.base, this.top);
  }
}
