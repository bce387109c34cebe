/**
 * Grounding counts of the circuits whose output has exactly two parents (two on second-layer
 * nodes), for the fast count (groundingFast.ts). For them the output's admissible gates are not a
 * function of the partition its parents' tables induce: completions that are XOR or XNOR of the
 * two parents are dropped (SEMANTICS.md), and whether one agrees with the fixed tuples depends on
 * the tables themselves, not their partition. So these circuits skip the Möbius inversion and sum
 * over the tables directly:
 *
 *   count = sum over states s, tables t1 and t2 of g1(t1 | s) * g2(t2 | s) * G(t1, t2),
 *   G(t1, t2) = sum over the output's tables v of the output's gate count given (t1, t2),
 *
 * with g_j node j's gate counts per combination of its parents' tables (groundingUnit.ts keeps
 * them divided by 2^shift). That is at most states x T1 x T2 products (27 x 3 x 3 with three
 * first-layer nodes on), where the plain DP took about 60 us a circuit: a width-6 network under
 * the paper's sparsity filter, whose kept circuits are sparse, spent half its time there.
 *
 * Exactness: every g and G is a non-negative integer, so the float64 sum is exact while it stays
 * below the limit (rounding is monotone: a product or partial sum that reached it keeps the total
 * there); at or past it the result is NaN, and the plain DP counts the circuit.
 */
import type { GateCount, NodeRow } from './groundingUnit.js';

export class TwoParentOutput {
  /** G(t1, t2) at t1 * T2 + t2 for the current circuit. */
  private readonly G: Float64Array;
  private readonly parents = new Int32Array(2);

  constructor(
    P: number,
    private readonly gates: GateCount,
    private readonly limit: number,
  ) {
    this.G = new Float64Array((P + 1) * (P + 1));
  }

  /**
   * The count of a circuit whose on second-layer nodes are `first` and `second` (in index order,
   * both with tables) and whose output has the tables `out`, divided by 2^(first.shift +
   * second.shift); NaN when float64 cannot hold it exactly.
   */
  scaledCount(first: NodeRow, second: NodeRow, out: Int32Array, states: number): number {
    const { G, parents, gates } = this;
    const T1 = first.T;
    const T2 = second.T;
    for (let t1 = 0; t1 < T1; t1++) {
      parents[0] = first.tables[t1] as number;
      for (let t2 = 0; t2 < T2; t2++) {
        parents[1] = second.tables[t2] as number;
        let sum = 0;
        for (let v = 0; v < out.length; v++) sum += gates(out[v] as number, parents);
        G[t1 * T2 + t2] = sum;
      }
    }
    const g1 = first.g;
    const g2 = second.g;
    const c1 = first.comboOf;
    const c2 = second.comboOf;
    let total = 0;
    for (let s = 0; s < states; s++) {
      const b1 = (c1[s] as number) * T1;
      const b2 = (c2[s] as number) * T2;
      for (let t1 = 0; t1 < T1; t1++) {
        const x = g1[b1 + t1] as number;
        if (x === 0) continue;
        let row = 0;
        for (let t2 = 0; t2 < T2; t2++) row += (g2[b2 + t2] as number) * (G[t1 * T2 + t2] as number);
        total += x * row;
      }
    }
    return total < this.limit ? total : NaN;
  }
}
