/**
 * The output search under a loose budget (noisy data, where some samples may be wrong): the bounds
 * and decisions of searchCore.ts, looking only at the samples each node's parent left open.
 *
 * A child's bounds lie within its parent's (the same float additions in the same order, from a
 * contribution at least the row's least and at most its greatest), so a sample decided at a node
 * stays decided below it: noisy data's thousands of samples are looked at once each where they
 * are decided, not again at every node under it.
 */
import { SearchCore } from './searchCore.js';

export class LooseSearch extends SearchCore {
  /** The samples still open on entering row r, at open[r * count..] (openCount[r] of them). */
  private readonly open: Int32Array;
  private readonly openCount: Int32Array;

  constructor(count: number, maxRows: number, weight: Uint32Array, failBudget: number, lo: Float64Array, hi: Float64Array) {
    super(count, maxRows, weight, failBudget, lo, hi);
    this.open = new Int32Array((maxRows + 1) * count);
    this.openCount = new Int32Array(maxRows + 1);
  }

  protected search(): void {
    for (let p = 0; p < this.count; p++) this.open[p] = p;
    this.openCount[0] = this.count;
    this.node(0, 0, 0, -1);
  }

  /**
   * `c` is where the parent's chosen option's contributions start (-1 at the root): each sample's
   * dot is extended here, as its bounds are taken, so a node pruned early extends no more dots.
   */
  private node(r: number, covered: number, failedAbove: number, c: number): void {
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
    if (r === R - 1) return this.lastRowPlain(covered, failed, list, next, k);
    const j = upper[r] as number;
    const { O, options, rows } = this;
    const from = r === 0 ? this.firstFrom : 0;
    const to = r === 0 ? Math.min(this.firstTo, O) : O;
    for (let o = from; o < to; o++) {
      const opt = options[o] as number;
      rows[j] = opt;
      // Each child reads this node's list at `next` and writes its own below it.
      this.node(r + 1, covered | opt, failed, (j * O + o) * count);
    }
  }
}
