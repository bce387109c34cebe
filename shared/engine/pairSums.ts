/**
 * The sums of a two-free-node subtree (groundingFast.ts): for every class pair (c0, c1) with
 * circuits, sum over the pair terms' indices x of val(x) * a_c0(x) * a_c1(x). That is a small
 * matrix product, so the second classes' a are gathered once at the terms' indices into dense
 * rows, and each first class's row of sums is contiguous dot products, four second classes at a
 * time (a sparse dot per pair gathered every factor again: on a pair-heavy k = 6 slice that was a
 * third of its time).
 *
 * Exactness is prefixTerms.ts's: when sum |val * a_c0| times the largest a_c1 is below the limit
 * every partial sum is an exact integer and one signed sum is exact; otherwise the positive and
 * negative parts are summed apart and each checked.
 */
import type { NodeRow } from './groundingUnit.js';
import type { TermsView } from './subtreeMemo.js';

/** Receives the exact sum of a cell (NaN: inexact) and the cell's power of two. */
export type CellSink = (cell: number, sum: number, shift: number) => void;

export class PairSums {
  private gathered = new Float64Array(0);
  private first = new Float64Array(0);
  private live = new Int32Array(0);

  constructor(private readonly limit: number) {}

  run(terms: TermsView, firsts: readonly NodeRow[], seconds: readonly NodeRow[], counts: Float64Array, set: CellSink): void {
    const { idx, val, len } = terms;
    const C1 = seconds.length;
    if (this.gathered.length < C1 * len) this.gathered = new Float64Array(C1 * len);
    if (this.first.length < len) this.first = new Float64Array(len);
    const g = this.gathered;
    const u = this.first;
    for (let c1 = 0; c1 < C1; c1++) {
      const a = (seconds[c1] as NodeRow).a;
      if (!a) continue;
      const at = c1 * len;
      for (let i = 0; i < len; i++) g[at + i] = a[idx[i] as number] as number;
    }
    if (this.live.length < C1) this.live = new Int32Array(C1);
    const live = this.live;
    for (let c0 = 0; c0 < firsts.length; c0++) {
      const first = firsts[c0] as NodeRow;
      const a = first.a;
      if (!a) continue; // these cells count 0
      let abs = 0;
      for (let i = 0; i < len; i++) {
        const v = (val[i] as number) * (a[idx[i] as number] as number);
        u[i] = v;
        abs += Math.abs(v);
      }
      // The second classes with circuits in this row, then four at a time.
      let m = 0;
      for (let c1 = 0; c1 < C1; c1++) if (counts[c0 * C1 + c1] !== 0 && (seconds[c1] as NodeRow).a) live[m++] = c1;
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
        for (let i = 0; i < len; i++) {
          const x = u[i] as number;
          s0 += x * (g[b0 + i] as number);
          s1 += x * (g[b1 + i] as number);
          s2 += x * (g[b2 + i] as number);
          s3 += x * (g[b3 + i] as number);
        }
        const row = c0 * C1;
        set(row + c0s, s0, first.shift + n0.shift);
        set(row + c1s, s1, first.shift + n1.shift);
        set(row + c2s, s2, first.shift + n2.shift);
        set(row + c3s, s3, first.shift + n3.shift);
      }
      for (; k < m; k++) {
        const c1 = live[k] as number;
        const second = seconds[c1] as NodeRow;
        set(c0 * C1 + c1, this.one(u, g, c1 * len, len, abs * second.max < this.limit), first.shift + second.shift);
      }
    }
  }

  /** One dot product, signed when `bounded`, else with its positive and negative parts checked. */
  private one(u: Float64Array, g: Float64Array, at: number, len: number, bounded: boolean): number {
    if (bounded) {
      let s = 0;
      for (let i = 0; i < len; i++) s += (u[i] as number) * (g[at + i] as number);
      return s;
    }
    let pos = 0;
    let neg = 0;
    for (let i = 0; i < len; i++) {
      const v = (u[i] as number) * (g[at + i] as number);
      if (v > 0) pos += v;
      else neg -= v;
    }
    return pos < this.limit && neg < this.limit ? pos - neg : NaN;
  }
}
