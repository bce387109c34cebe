/**
 * The sums of a two-free-node subtree (groundingFast.ts): for every class pair (c0, c1) with
 * circuits, sum over the pair terms' indices x of val(x) * a_c0(x) * a_c1(x). That is a small
 * matrix product, so the second classes' a are gathered once at the terms' indices into dense
 * rows, and each first class's row of sums is contiguous dot products, four second classes at a
 * time, and two first classes at a time where their second classes agree (a sparse dot per pair
 * gathered every factor again: on a pair-heavy k = 6 slice that was a third of its time). The dot
 * products run in WebAssembly SIMD (pairKernel.ts), whose memory holds the rows and the gathered
 * factors.
 *
 * Exactness is termList.ts's: when sum |val * a_c0| times the largest a_c1 is below the limit
 * every partial sum is an exact integer and one signed sum is exact; otherwise the positive and
 * negative parts are summed apart and each checked.
 */
import type { NodeRow } from './groundingUnit.js';
import { PairKernel } from './pairKernel.js';
import type { TermsView } from './termList.js';

/** Receives the exact sum of a cell (NaN: inexact) and the cell's power of two. */
export type CellSink = (cell: number, sum: number, shift: number) => void;

export class PairSums {
  private readonly kernel = new PairKernel();
  private live = new Int32Array(0);

  constructor(private readonly limit: number) {}

  run(terms: TermsView, firsts: readonly NodeRow[], seconds: readonly NodeRow[], counts: Float64Array, set: CellSink): void {
    const { idx, val, len } = terms;
    const C1 = seconds.length;
    // The kernel's memory: two rows of the terms times a first class's a, then the second
    // classes' a gathered at the terms' indices, one row each.
    const kernel = this.kernel;
    kernel.reserve((2 + C1) * len);
    const f = kernel.f64;
    const U = kernel.base;
    const G = U + 2 * len;
    for (let c1 = 0; c1 < C1; c1++) {
      const a = (seconds[c1] as NodeRow).a;
      if (!a) continue;
      const at = G + c1 * len;
      for (let i = 0; i < len; i++) f[at + i] = a[idx[i] as number] as number;
    }
    if (this.live.length < 2 * C1) this.live = new Int32Array(2 * C1);
    const live = this.live;
    // Rows are taken two at a time when their second classes agree (most rows of a unit whose
    // subtrees keep every pair): each loaded factor then serves eight sums, not four.
    let pending = -1;
    let pendingAbs = 0;
    let pendingM = 0;
    for (let c0 = 0; c0 <= firsts.length; c0++) {
      const first = firsts[c0];
      const a = first?.a;
      if (c0 < firsts.length && !a) continue; // these cells count 0
      let abs = 0;
      let m = 0;
      const slot = pending < 0 ? 0 : 1;
      if (first && a) {
        const at = U + slot * len;
        for (let i = 0; i < len; i++) {
          const v = (val[i] as number) * (a[idx[i] as number] as number);
          f[at + i] = v;
          abs += Math.abs(v);
        }
        for (let c1 = 0; c1 < C1; c1++) if (counts[c0 * C1 + c1] !== 0 && (seconds[c1] as NodeRow).a) live[slot * C1 + m++] = c1;
      }
      if (pending < 0) {
        if (!first) break;
        pending = c0;
        pendingAbs = abs;
        pendingM = m;
        continue;
      }
      let same = first !== undefined && m === pendingM;
      for (let k = 0; same && k < m; k++) same = live[k] === live[C1 + k];
      if (same) {
        this.twoRows(pending, c0, firsts, seconds, len, C1, m, Math.max(pendingAbs, abs), set);
        pending = -1;
        continue;
      }
      this.oneRow(pending, firsts[pending] as NodeRow, seconds, U, len, C1, 0, pendingM, pendingAbs, set);
      if (!first) break;
      // This row becomes the pending one: move it to slot 0.
      f.copyWithin(U, U + len, U + 2 * len);
      live.copyWithin(0, C1, C1 + m);
      pending = c0;
      pendingAbs = abs;
      pendingM = m;
    }
  }

  /** Rows r0 (slot 0) and r1 (slot 1) against the same m second classes (live[0..m]). */
  private twoRows(r0: number, r1: number, firsts: readonly NodeRow[], seconds: readonly NodeRow[], len: number, C1: number, m: number, abs: number, set: CellSink): void {
    const { live, kernel } = this;
    const U = kernel.base;
    const G = U + 2 * len;
    const f0 = firsts[r0] as NodeRow;
    const f1 = firsts[r1] as NodeRow;
    let k = 0;
    for (; k + 3 < m; k += 4) {
      const c0s = live[k] as number;
      const c1s = live[k + 1] as number;
      const c2s = live[k + 2] as number;
      const c3s = live[k + 3] as number;
      const n0 = seconds[c0s] as NodeRow;
      const n1 = seconds[c1s] as NodeRow;
      const n2 = seconds[c2s] as NodeRow;
      const n3 = seconds[c3s] as NodeRow;
      if (!(abs * Math.max(n0.max, n1.max, n2.max, n3.max) < this.limit)) break;
      kernel.two(U, U + len, G + c0s * len, G + c1s * len, G + c2s * len, G + c3s * len, len);
      const s = kernel.sums;
      set(r0 * C1 + c0s, s[0] as number, f0.shift + n0.shift);
      set(r0 * C1 + c1s, s[1] as number, f0.shift + n1.shift);
      set(r0 * C1 + c2s, s[2] as number, f0.shift + n2.shift);
      set(r0 * C1 + c3s, s[3] as number, f0.shift + n3.shift);
      set(r1 * C1 + c0s, s[4] as number, f1.shift + n0.shift);
      set(r1 * C1 + c1s, s[5] as number, f1.shift + n1.shift);
      set(r1 * C1 + c2s, s[6] as number, f1.shift + n2.shift);
      set(r1 * C1 + c3s, s[7] as number, f1.shift + n3.shift);
    }
    // What is left (or past the bound): each row alone, from class k on.
    this.oneRow(r0, f0, seconds, U, len, C1, k, m, abs, set);
    this.oneRow(r1, f1, seconds, U + len, len, C1, k, m, abs, set);
  }

  /** The row at element `u` against second classes live[from..m]: four at a time while bounded. */
  private oneRow(r: number, first: NodeRow, seconds: readonly NodeRow[], u: number, len: number, C1: number, from: number, m: number, abs: number, set: CellSink): void {
    const { live, kernel } = this;
    const G = kernel.base + 2 * len;
    let k = from;
    for (; k + 3 < m; k += 4) {
      const c0 = live[k] as number;
      const c1 = live[k + 1] as number;
      const c2 = live[k + 2] as number;
      const c3 = live[k + 3] as number;
      const n0 = seconds[c0] as NodeRow;
      const n1 = seconds[c1] as NodeRow;
      const n2 = seconds[c2] as NodeRow;
      const n3 = seconds[c3] as NodeRow;
      if (!(abs * Math.max(n0.max, n1.max, n2.max, n3.max) < this.limit)) break;
      kernel.one(u, G + c0 * len, G + c1 * len, G + c2 * len, G + c3 * len, len);
      const s = kernel.sums;
      set(r * C1 + c0, s[0] as number, first.shift + n0.shift);
      set(r * C1 + c1, s[1] as number, first.shift + n1.shift);
      set(r * C1 + c2, s[2] as number, first.shift + n2.shift);
      set(r * C1 + c3, s[3] as number, first.shift + n3.shift);
    }
    for (; k < m; k++) {
      const c1 = live[k] as number;
      const second = seconds[c1] as NodeRow;
      const g = G + c1 * len;
      set(r * C1 + c1, abs * second.max < this.limit ? kernel.dot(u, g, len) : this.parts(u, g, len), first.shift + second.shift);
    }
  }

  /** A dot product past the bound: its positive and negative parts summed apart and each checked. */
  private parts(u: number, g: number, len: number): number {
    const f = this.kernel.f64;
    let pos = 0;
    let neg = 0;
    for (let i = 0; i < len; i++) {
      const v = (f[u + i] as number) * (f[g + i] as number);
      if (v > 0) pos += v;
      else neg -= v;
    }
    return pos < this.limit && neg < this.limit ? pos - neg : NaN;
  }
}
