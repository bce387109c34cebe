/**
 * The sums of a two-free-node subtree (groundingFast.ts): for every class pair (c0, c1) with
 * circuits, sum over the pair terms' indices x of val(x) * a_c0(x) * a_c1(x). That is a small
 * matrix product. Both free nodes' classes are matrices in the WebAssembly kernel's memory
 * (classMatrices.ts), from which the kernel gathers, per subtree, each first class's val * a_c0
 * and each second class's a_c1 at the terms' indices into dense rows (pairKernel.ts `gather`;
 * in JavaScript that was a fifth of a pair-heavy k = 6 slice). A grouping without matrices (not
 * yet, or larger than their cap) has the same rows gathered in JavaScript. Each first row's sums are then
 * contiguous dot products, four second classes at a time, and two first rows at a time where
 * their second classes agree (each loaded factor serves eight sums).
 *
 * Exactness is termList.ts's: when sum |val * a_c0| (the kernel's `rows` over the magnitudes)
 * times the largest a_c1 is below the limit, every partial sum is an exact integer and one signed
 * sum is exact; otherwise the positive and negative parts are summed apart and each checked.
 *
 * The narrow form: where every u and a_c1 fits an int16 and the bound is below 2^30, the rows are
 * gathered as int16s and multiplied eight pairs an instruction (pairKernel.ts `two16`). On XOR
 * k = 6 every pair of its heaviest slices fits: u at most 2^8, a at most 4, sums below 2^19.
 */
import { liveClasses, type ClassMatrices } from './classMatrices.js';
import type { CellSink } from './classRows.js';
import type { SubtreeGroup } from './groundingSubtree.js';
import type { NodeRow } from './groundingUnit.js';
import { NARROW_MAX, NARROW_SUMS } from './pairKernel.js';
import { largestMagnitude, type TermsView } from './termList.js';

/** One run's layout in the kernel's memory, as float64 elements. */
interface Rows {
  /** First row of u = val * a_c0 (one per first column), and of the second columns' a. */
  readonly U: number;
  readonly G: number;
  /** Elements a row: the terms, or in the narrow form their int16 row padded to a multiple of 8. */
  readonly len: number;
  /** Whether U, G and len count int16 elements (the narrow form) rather than float64 ones. */
  readonly narrow: boolean;
  readonly firsts: readonly NodeRow[];
  readonly seconds: readonly NodeRow[];
  /** cols1[q]: the second class of G's row q. */
  readonly cols1: Int32Array;
  readonly C1: number;
  readonly sink: CellSink;
}

export class PairSums {
  private live = new Int32Array(0);

  constructor(
    private readonly store: ClassMatrices,
    private readonly limit: number,
  ) {}

  /** Sets every cell of `groups` with circuits whose classes both have a table. */
  run(terms: TermsView & { readonly abs: number }, groups: SubtreeGroup, dim: number, sink: CellSink): void {
    const { len } = terms;
    const placed = this.store.matrices(groups, dim, (groups.reps[0].length + groups.reps[1].length) * len);
    const m0 = placed?.[0];
    const m1 = placed?.[1];
    const cols0 = m0 ? m0.cols : liveClasses(groups, 0);
    const cols1 = m1 ? m1.cols : liveClasses(groups, 1);
    const w0 = Math.ceil(cols0.length / 8) * 8;
    const max0 = largest(groups.reps[0], cols0);
    const max1 = largest(groups.reps[1], cols1);
    // Each first row's sum of magnitudes bounds its sums; the terms' own sum times its class's
    // largest a bounds that, and when even those bounds pass everywhere (almost always) neither the
    // kernel's pass over the matrix for them (a tenth of a heavy k = 6 part) nor the terms'
    // magnitudes it reads are needed. Half the limit covers the two roundings of the product, and
    // of the per-row bounds made from it.
    const bounded = terms.abs * max0 * max1 < this.limit / 2;
    const exact = m0 !== undefined && !bounded;
    const narrow = m0 !== undefined && m1 !== undefined && bounded && fitsNarrow(terms, max0, max1);
    const step = narrow ? Math.ceil(len / 8) * 8 : len;
    const at = this.store.copyTerms(terms, w0 + (cols0.length + cols1.length) * (narrow ? step / 4 : len), exact);
    const absAt = at.free;
    const U = narrow ? (absAt + w0) * 4 : absAt + w0;
    const G = U + cols0.length * step;
    const { kernel } = this.store;
    if (m0 && m1) {
      if (exact) kernel.rows(at.idx, at.abs, len, m0.at, m0.blocks, absAt);
      else {
        const f = kernel.f64;
        for (let j = 0; j < cols0.length; j++) f[absAt + j] = terms.abs * (groups.reps[0][cols0[j] as number] as NodeRow).max;
      }
      if (narrow) {
        kernel.gather16(at.idx, at.val, len, m0.at, w0, cols0.length, U, true, step);
        kernel.gather16(at.idx, at.val, len, m1.at, m1.blocks * 8, cols1.length, G, false, step);
      } else {
        kernel.gather(at.idx, at.val, len, m0.at, w0, cols0.length, U, true);
        kernel.gather(at.idx, at.val, len, m1.at, m1.blocks * 8, cols1.length, G, false);
      }
    } else this.gather(terms, groups, cols0, cols1, absAt, U, G);
    const [firsts, seconds] = groups.reps;
    const { counts } = groups;
    const C1 = seconds.length;
    const rows: Rows = { U, G, len: step, narrow, firsts, seconds, cols1, C1, sink };
    if (this.live.length < 2 * cols1.length) this.live = new Int32Array(2 * cols1.length);
    const live = this.live;
    const f64 = kernel.f64;
    // Rows are taken two at a time when their second classes agree (most rows of a unit whose
    // subtrees keep every pair).
    let pending = -1;
    let pendingM = 0;
    for (let j = 0; j < cols0.length; j++) {
      const c0 = cols0[j] as number;
      const slot = pending < 0 ? 0 : 1;
      let m = 0;
      for (let q = 0; q < cols1.length; q++) if (counts[c0 * C1 + (cols1[q] as number)] !== 0) live[slot * cols1.length + m++] = q;
      if (pending < 0) {
        pending = j;
        pendingM = m;
        continue;
      }
      let same = m === pendingM;
      for (let k = 0; same && k < m; k++) same = live[k] === live[cols1.length + k];
      const abs0 = f64[absAt + pending] as number;
      if (same) {
        this.twoRows(rows, cols0[pending] as number, pending, c0, j, m, Math.max(abs0, f64[absAt + j] as number));
        pending = -1;
        continue;
      }
      this.oneRow(rows, cols0[pending] as number, pending, 0, 0, pendingM, abs0);
      // This row becomes the pending one.
      live.copyWithin(0, cols1.length, cols1.length + m);
      pending = j;
      pendingM = m;
    }
    if (pending >= 0) this.oneRow(rows, cols0[pending] as number, pending, 0, 0, pendingM, f64[absAt + pending] as number);
  }

  /** First rows j0 and j1 (classes c0, c1) against the same m second columns (live[0..m]). */
  private twoRows(rows: Rows, c0: number, j0: number, c1: number, j1: number, m: number, abs: number): void {
    const { live } = this;
    const { kernel } = this.store;
    const { U, G, len, narrow, firsts, seconds, cols1, C1, sink } = rows;
    const f0 = firsts[c0] as NodeRow;
    const f1 = firsts[c1] as NodeRow;
    let k = 0;
    for (; k + 3 < m; k += 4) {
      const q0 = live[k] as number;
      const q1 = live[k + 1] as number;
      const q2 = live[k + 2] as number;
      const q3 = live[k + 3] as number;
      const s0 = cols1[q0] as number;
      const s1 = cols1[q1] as number;
      const s2 = cols1[q2] as number;
      const s3 = cols1[q3] as number;
      const n0 = seconds[s0] as NodeRow;
      const n1 = seconds[s1] as NodeRow;
      const n2 = seconds[s2] as NodeRow;
      const n3 = seconds[s3] as NodeRow;
      if (!(abs * Math.max(n0.max, n1.max, n2.max, n3.max) < this.limit)) break;
      if (narrow) kernel.two16(U + j0 * len, U + j1 * len, G + q0 * len, G + q1 * len, G + q2 * len, G + q3 * len, len);
      else kernel.two(U + j0 * len, U + j1 * len, G + q0 * len, G + q1 * len, G + q2 * len, G + q3 * len, len);
      const s = kernel.sums;
      sink.set(c0 * C1 + s0, s[0] as number, f0.shift + n0.shift);
      sink.set(c0 * C1 + s1, s[1] as number, f0.shift + n1.shift);
      sink.set(c0 * C1 + s2, s[2] as number, f0.shift + n2.shift);
      sink.set(c0 * C1 + s3, s[3] as number, f0.shift + n3.shift);
      sink.set(c1 * C1 + s0, s[4] as number, f1.shift + n0.shift);
      sink.set(c1 * C1 + s1, s[5] as number, f1.shift + n1.shift);
      sink.set(c1 * C1 + s2, s[6] as number, f1.shift + n2.shift);
      sink.set(c1 * C1 + s3, s[7] as number, f1.shift + n3.shift);
    }
    // What is left (or past the bound): each row alone, from column k on.
    this.oneRow(rows, c0, j0, 0, k, m, abs);
    this.oneRow(rows, c1, j1, 0, k, m, abs);
  }

  /** First row j (class c) against second columns live[base + from..base + m]: four at a time while bounded. */
  private oneRow(rows: Rows, c: number, j: number, base: number, from: number, m: number, abs: number): void {
    const { live } = this;
    const { kernel } = this.store;
    const { U, G, len, narrow, firsts, seconds, cols1, C1, sink } = rows;
    const first = firsts[c] as NodeRow;
    const u = U + j * len;
    let k = from;
    for (; k + 3 < m; k += 4) {
      const q0 = live[base + k] as number;
      const q1 = live[base + k + 1] as number;
      const q2 = live[base + k + 2] as number;
      const q3 = live[base + k + 3] as number;
      const n0 = seconds[cols1[q0] as number] as NodeRow;
      const n1 = seconds[cols1[q1] as number] as NodeRow;
      const n2 = seconds[cols1[q2] as number] as NodeRow;
      const n3 = seconds[cols1[q3] as number] as NodeRow;
      if (!(abs * Math.max(n0.max, n1.max, n2.max, n3.max) < this.limit)) break;
      if (narrow) kernel.one16(u, G + q0 * len, G + q1 * len, G + q2 * len, G + q3 * len, len);
      else kernel.one(u, G + q0 * len, G + q1 * len, G + q2 * len, G + q3 * len, len);
      const s = kernel.sums;
      sink.set(c * C1 + (cols1[q0] as number), s[0] as number, first.shift + n0.shift);
      sink.set(c * C1 + (cols1[q1] as number), s[1] as number, first.shift + n1.shift);
      sink.set(c * C1 + (cols1[q2] as number), s[2] as number, first.shift + n2.shift);
      sink.set(c * C1 + (cols1[q3] as number), s[3] as number, first.shift + n3.shift);
    }
    for (; k < m; k++) {
      const q = live[base + k] as number;
      const second = seconds[cols1[q] as number] as NodeRow;
      const g = G + q * len;
      const sum = narrow ? kernel.dot16(u, g, len) : abs * second.max < this.limit ? kernel.dot(u, g, len) : this.parts(u, g, len);
      sink.set(c * C1 + (cols1[q] as number), sum, first.shift + second.shift);
    }
  }

  /** A dot product of kernel rows past the bound: positive and negative parts summed apart and each checked. */
  private parts(u: number, g: number, len: number): number {
    const f = this.store.kernel.f64;
    let pos = 0;
    let neg = 0;
    for (let i = 0; i < len; i++) {
      const v = (f[u + i] as number) * (f[g + i] as number);
      if (v > 0) pos += v;
      else neg -= v;
    }
    return pos < this.limit && neg < this.limit ? pos - neg : NaN;
  }

  /**
   * Without matrices: the same rows gathered in JavaScript from the classes' a (u = val * a_c0
   * and its sum of magnitudes, then each second class's a).
   */
  private gather({ idx, val, len }: TermsView, groups: SubtreeGroup, cols0: Int32Array, cols1: Int32Array, absAt: number, U: number, G: number): void {
    const f = this.store.kernel.f64;
    const [firsts, seconds] = groups.reps;
    for (let j = 0; j < cols0.length; j++) {
      const a = (firsts[cols0[j] as number] as NodeRow).a as Float64Array;
      const at = U + j * len;
      let abs = 0;
      for (let i = 0; i < len; i++) {
        const v = (val[i] as number) * (a[idx[i] as number] as number);
        f[at + i] = v;
        abs += Math.abs(v);
      }
      f[absAt + j] = abs;
    }
    for (let q = 0; q < cols1.length; q++) {
      const a = (seconds[cols1[q] as number] as NodeRow).a as Float64Array;
      const at = G + q * len;
      for (let i = 0; i < len; i++) f[at + i] = a[idx[i] as number] as number;
    }
  }
}

/** The largest a of the classes `cols` of `reps` (NaN where one is: then no bound passes). */
function largest(reps: readonly NodeRow[], cols: Int32Array): number {
  let max = 0;
  for (let j = 0; j < cols.length; j++) max = Math.max(max, (reps[cols[j] as number] as NodeRow).max);
  return max;
}

/**
 * Whether the narrow form is exact: every u = val * a_c0 and every a_c1 at most NARROW_MAX in
 * magnitude (each is an integer: termList.ts), and every partial sum below 2^31, which abs (the
 * terms' sum of magnitudes) times both largest a bounds below NARROW_SUMS.
 */
function fitsNarrow(terms: TermsView & { readonly abs: number }, max0: number, max1: number): boolean {
  if (!(max1 <= NARROW_MAX && terms.abs * max0 * max1 < NARROW_SUMS)) return false;
  return largestMagnitude(terms) * max0 <= NARROW_MAX;
}
