/**
 * What one step of the grounding DP walks, in float64 (groundingDp.ts) or in residues
 * (residueDp.ts) alike: the joint choices of the layer below as an odometer (node 0 most
 * significant, so the state index counts up), each node's parents' tables in the current choice,
 * and the strides of the layer's own state index. Made once per DP, reused by every step.
 */
import type { TableNode } from './circuitTables.js';

/** A node's admissible local gates for its table given its parents' tables (groundingCount.ts). */
export type GateCountOf = (table: number, parents: Int32Array) => number;

export class StepScratch {
  /** chosen[r]: the table of the layer below's node r in the current state. */
  readonly chosen: Int32Array;
  /** Per node of the layer stepped to: how many of its gate counts are non-zero, and its stride. */
  readonly nonZero: Int32Array;
  readonly stride: Float64Array;
  /** The odometer over the layer's own joint choices (of non-zero gate counts). */
  readonly digit: Int32Array;
  private readonly belowDigit: Int32Array;
  /** parentViews[n]: the first n slots of one buffer, the parents' tables of a node with n parents (a view made once, not per node). */
  private readonly parentViews: Int32Array[];
  private below: readonly TableNode[] = [];

  constructor(widest: number) {
    this.chosen = new Int32Array(widest);
    this.nonZero = new Int32Array(widest);
    this.stride = new Float64Array(widest);
    this.digit = new Int32Array(widest);
    this.belowDigit = new Int32Array(widest);
    const parents = new Int32Array(widest);
    this.parentViews = Array.from({ length: widest + 1 }, (_, n) => parents.subarray(0, n));
  }

  /** Sets `layer`'s strides (a joint choice's state index is the sum of each choice times its stride) and starts at state 0 below. */
  start(below: readonly TableNode[], layer: readonly TableNode[]): void {
    const { stride, belowDigit, chosen } = this;
    for (let r = layer.length - 1, at = 1; r >= 0; r--) {
      stride[r] = at;
      at *= (layer[r] as TableNode).tables.length;
    }
    this.below = below;
    for (let r = 0; r < below.length; r++) {
      belowDigit[r] = 0;
      chosen[r] = (below[r] as TableNode).tables[0] as number;
    }
  }

  /** The next state below (a division and a remainder per node and state, stepped instead). */
  advance(): void {
    const { below, belowDigit, chosen } = this;
    for (let r = below.length - 1; r >= 0; r--) {
      const options = (below[r] as TableNode).tables;
      const d = (belowDigit[r] as number) + 1;
      if (d < options.length) {
        belowDigit[r] = d;
        chosen[r] = options[d] as number;
        return;
      }
      belowDigit[r] = 0;
      chosen[r] = options[0] as number;
    }
  }

  /** The tables of `node`'s parents in the current state below (one buffer, valid until the next call). */
  parentsOf(node: TableNode): Int32Array {
    const ps = this.parentViews[node.parents.length] as Int32Array;
    for (let i = 0; i < node.parents.length; i++) ps[i] = this.chosen[node.parents[i] as number] as number;
    return ps;
  }

  /**
   * Each node's non-zero gate counts over the current state below, in the layer's order:
   * node r's c-th at factors[(r * maxT + c) * width] (the slots between are the caller's), its
   * table's term of the state index at offsets[r * maxT + c], how many in nonZero[r]. False (and
   * the rest left) at the first node that admits no gate: that state contributes nothing.
   */
  gather(layer: readonly TableNode[], gates: GateCountOf, factors: Float64Array, offsets: Float64Array, maxT: number, width: number): boolean {
    const { nonZero, stride } = this;
    for (let r = 0; r < layer.length; r++) {
      const node = layer[r] as TableNode;
      const ps = this.parentsOf(node);
      let c = 0;
      for (let i = 0; i < node.tables.length; i++) {
        const g = gates(node.tables[i] as number, ps);
        if (g === 0) continue;
        factors[(r * maxT + c) * width] = g;
        offsets[r * maxT + c] = i * (stride[r] as number);
        c++;
      }
      nonZero[r] = c;
      if (c === 0) return false;
    }
    return true;
  }
}
