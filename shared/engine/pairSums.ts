/**
 * The sums of a two-free-node subtree (groundingFast.ts): for every class pair (c0, c1) with
 * circuits, sum over the pair terms' indices x of val(x) * a_c0(x) * a_c1(x). That is a small
 * matrix product, so the second classes' a are gathered once at the terms' indices into dense
 * rows, and each first class's row of sums is contiguous dot products, four second classes at a
 * time, and two first classes at a time where their second classes agree (a sparse dot per pair
 * gathered every factor again: on a pair-heavy k = 6 slice that was a third of its time).
 *
 * Exactness is termList.ts's: when sum |val * a_c0| times the largest a_c1 is below the limit
 * every partial sum is an exact integer and one signed sum is exact; otherwise the positive and
 * negative parts are summed apart and each checked.
 */
import type { NodeRow } from './groundingUnit.js';
import type { TermsView } from './termList.js';

/** Receives the exact sum of a cell (NaN: inexact) and the cell's power of two. */
export type CellSink = (cell: number, sum: number, shift: number) => void;

export class PairSums {
  private gathered = new Float64Array(0);
  /** Two rows of the terms times a first class's a. */
  private rows = new Float64Array(0);
  private live = new Int32Array(0);

  constructor(private readonly limit: number) {}

  run(terms: TermsView, firsts: readonly NodeRow[], seconds: readonly NodeRow[], counts: Float64Array, set: CellSink): void {
    const { idx, val, len } = terms;
    const C1 = seconds.length;
    if (this.gathered.length < C1 * len) this.gathered = new Float64Array(C1 * len);
    const g = this.gathered;
    for (let c1 = 0; c1 < C1; c1++) {
      const a = (seconds[c1] as NodeRow).a;
      if (!a) continue;
      const at = c1 * len;
      for (let i = 0; i < len; i++) g[at + i] = a[idx[i] as number] as number;
    }
    if (this.live.length < 2 * C1) this.live = new Int32Array(2 * C1);
    if (this.rows.length < 2 * len) this.rows = new Float64Array(2 * len);
    const live = this.live;
    const u = this.rows;
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
        const at = slot * len;
        for (let i = 0; i < len; i++) {
          const v = (val[i] as number) * (a[idx[i] as number] as number);
          u[at + i] = v;
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
        this.twoRows(pending, c0, firsts, seconds, u, g, len, C1, m, Math.max(pendingAbs, abs), set);
        pending = -1;
        continue;
      }
      this.oneRow(pending, firsts[pending] as NodeRow, seconds, u, 0, g, len, C1, 0, pendingM, pendingAbs, set);
      if (!first) break;
      // This row becomes the pending one: move it to slot 0.
      u.copyWithin(0, len, 2 * len);
      live.copyWithin(0, C1, C1 + m);
      pending = c0;
      pendingAbs = abs;
      pendingM = m;
    }
  }

  /** Rows c0 (slot 0) and c1 (slot 1) of u against the same m second classes (live[0..m]). */
  private twoRows(r0: number, r1: number, firsts: readonly NodeRow[], seconds: readonly NodeRow[], u: Float64Array, g: Float64Array, len: number, C1: number, m: number, abs: number, set: CellSink): void {
    const live = this.live;
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
      const b0 = c0s * len;
      const b1 = c1s * len;
      const b2 = c2s * len;
      const b3 = c3s * len;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let t0 = 0;
      let t1 = 0;
      let t2 = 0;
      let t3 = 0;
      for (let i = 0; i < len; i++) {
        const x = u[i] as number;
        const y = u[len + i] as number;
        const g0 = g[b0 + i] as number;
        const g1 = g[b1 + i] as number;
        const g2 = g[b2 + i] as number;
        const g3 = g[b3 + i] as number;
        s0 += x * g0;
        s1 += x * g1;
        s2 += x * g2;
        s3 += x * g3;
        t0 += y * g0;
        t1 += y * g1;
        t2 += y * g2;
        t3 += y * g3;
      }
      set(r0 * C1 + c0s, s0, f0.shift + n0.shift);
      set(r0 * C1 + c1s, s1, f0.shift + n1.shift);
      set(r0 * C1 + c2s, s2, f0.shift + n2.shift);
      set(r0 * C1 + c3s, s3, f0.shift + n3.shift);
      set(r1 * C1 + c0s, t0, f1.shift + n0.shift);
      set(r1 * C1 + c1s, t1, f1.shift + n1.shift);
      set(r1 * C1 + c2s, t2, f1.shift + n2.shift);
      set(r1 * C1 + c3s, t3, f1.shift + n3.shift);
    }
    // What is left (or past the bound): each row alone, from class k on.
    this.oneRow(r0, f0, seconds, u, 0, g, len, C1, k, m, abs, set);
    this.oneRow(r1, f1, seconds, u, len, g, len, C1, k, m, abs, set);
  }

  /** Row r of u (at offset `at`) against second classes live[from..m]. */
  private oneRow(r: number, first: NodeRow, seconds: readonly NodeRow[], u: Float64Array, at: number, g: Float64Array, len: number, C1: number, from: number, m: number, abs: number, set: CellSink): void {
    for (let k = from; k < m; k++) {
      const c1 = this.live[k] as number;
      const second = seconds[c1] as NodeRow;
      set(r * C1 + c1, this.one(u, at, g, c1 * len, len, abs * second.max < this.limit), first.shift + second.shift);
    }
  }

  /** One dot product, signed when `bounded`, else with its positive and negative parts checked. */
  private one(u: Float64Array, uat: number, g: Float64Array, at: number, len: number, bounded: boolean): number {
    if (bounded) {
      let s0 = 0;
      let s1 = 0;
      let i = 0;
      for (; i + 1 < len; i += 2) {
        s0 += (u[uat + i] as number) * (g[at + i] as number);
        s1 += (u[uat + i + 1] as number) * (g[at + i + 1] as number);
      }
      if (i < len) s0 += (u[uat + i] as number) * (g[at + i] as number);
      return s0 + s1;
    }
    let pos = 0;
    let neg = 0;
    for (let i = 0; i < len; i++) {
      const v = (u[uat + i] as number) * (g[at + i] as number);
      if (v > 0) pos += v;
      else neg -= v;
    }
    return pos < this.limit && neg < this.limit ? pos - neg : NaN;
  }
}
