/**
 * What one step of the grounding DP walks, in float64 (groundingDp.ts) or in residues
 * (residueDp.ts) alike: the joint choices of the layer below as an odometer (node 0 most
 * significant, so the state index counts up), each node's parents' tables in the current choice,
 * and the strides of the layer's own state index. Made once per DP, reused by every step; it keeps
 * each node's non-zero gate counts per choice of its parents' tables across steps and circuits
 * (gateVectors.ts), which the DP must `forget` from the layer above the first it recomputes.
 */
import type { TableNode } from './circuitTables.js';
import { GateVectors, MAX_LAYER_SLOTS, type LayerGates } from './gateVectors.js';

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
  /**
   * The nodes' gate counts kept between steps and circuits (gateVectors.ts); this step's layer of
   * them, where each node's counts and slots start (-1: not kept, asked of `gates`), and its
   * parents' strides in its choice index.
   */
  private readonly vectors: GateVectors;
  private kept: LayerGates | null = null;
  private readonly countAt: Int32Array;
  private readonly slotAt: Int32Array;
  /** choiceStride[q * widest + r]: what below node q's digit weighs in node r's choice index (0: not its parent). */
  private readonly choiceStride: Int32Array;
  /** choice[r]: node r's parents' joint choice in the current state below, kept up by `advance`. */
  private readonly choice: Int32Array;
  private n = 0;
  private readonly widest: number;

  /** `layers`: the network's non-input layers; `maxSlots`: the gate counts kept per layer (tests lower it). */
  constructor(widest: number, layers: number, maxSlots = MAX_LAYER_SLOTS) {
    this.widest = widest;
    this.vectors = new GateVectors(layers, maxSlots);
    this.countAt = new Int32Array(widest);
    this.slotAt = new Int32Array(widest);
    this.choiceStride = new Int32Array(widest * widest);
    this.choice = new Int32Array(widest);
    this.chosen = new Int32Array(widest);
    this.nonZero = new Int32Array(widest);
    this.stride = new Float64Array(widest);
    this.digit = new Int32Array(widest);
    this.belowDigit = new Int32Array(widest);
    const parents = new Int32Array(widest);
    this.parentViews = Array.from({ length: widest + 1 }, (_, n) => parents.subarray(0, n));
  }

  /** Forgets the gate counts kept for layers l and above: the DP recomputes layer l - 1. */
  forget(l: number): void {
    this.vectors.forget(l);
  }

  /**
   * Sets layer l's strides (a joint choice's state index is the sum of each choice times its
   * stride), finds its nodes' kept gate counts, and starts at state 0 below.
   */
  start(below: readonly TableNode[], layer: readonly TableNode[], l: number): void {
    const { stride, belowDigit, chosen, choiceStride, choice, countAt, slotAt, widest } = this;
    for (let r = layer.length - 1, at = 1; r >= 0; r--) {
      stride[r] = at;
      at *= (layer[r] as TableNode).tables.length;
    }
    this.n = layer.length;
    const kept = this.vectors.byLayer[l - 1] as LayerGates;
    if (kept.full) kept.clear();
    for (let r = 0; r < layer.length; r++) {
      const { parents } = layer[r] as TableNode;
      for (let q = 0; q < below.length; q++) choiceStride[q * widest + r] = 0;
      let choices = 1;
      for (let i = parents.length - 1; i >= 0; i--) {
        const q = parents[i] as number;
        choiceStride[q * widest + r] = choices;
        choices *= (below[q] as TableNode).tables.length;
      }
      choice[r] = 0;
      const e = kept.of(layer[r] as TableNode, choices);
      countAt[r] = e < 0 ? -1 : (kept.countStart[e] as number);
      slotAt[r] = e < 0 ? -1 : (kept.slotStart[e] as number);
    }
    this.kept = kept;
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
        this.shift(r, 1);
        return;
      }
      this.shift(r, 1 - d);
      belowDigit[r] = 0;
      chosen[r] = options[0] as number;
    }
  }

  /** Below node q's digit moved by `delta`: the choice indices of its children follow. */
  private shift(q: number, delta: number): void {
    const { choice, choiceStride, n } = this;
    const at = q * this.widest;
    for (let r = 0; r < n; r++) choice[r] = (choice[r] as number) + delta * (choiceStride[at + r] as number);
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
    const { nonZero, stride, countAt, slotAt, choice } = this;
    const kept = this.kept as LayerGates;
    for (let r = 0; r < layer.length; r++) {
      const node = layer[r] as TableNode;
      const at = countAt[r] as number;
      if (at >= 0) {
        const t = choice[r] as number;
        let c = kept.counts[at + t] as number;
        const T = node.tables.length;
        const from = (slotAt[r] as number) + t * T;
        if (c < 0) c = this.fill(kept, at + t, from, node, gates);
        for (let k = 0; k < c; k++) {
          factors[(r * maxT + k) * width] = kept.gates[from + k] as number;
          offsets[r * maxT + k] = (kept.which[from + k] as number) * (stride[r] as number);
        }
        nonZero[r] = c;
        if (c === 0) return false;
        continue;
      }
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

  /**
   * Node r's non-zero gate counts over the current state below, for that node alone (lastNodeSums.ts
   * asks one node per state): the c-th at factors[at + c], its table's index among the node's at
   * which[at + c]; returns how many.
   */
  gatherNode(r: number, node: TableNode, gates: GateCountOf, factors: Float64Array, which: Int32Array, at: number): number {
    const e = this.countAt[r] as number;
    if (e >= 0) {
      const kept = this.kept as LayerGates;
      const t = this.choice[r] as number;
      let c = kept.counts[e + t] as number;
      const from = (this.slotAt[r] as number) + t * node.tables.length;
      if (c < 0) c = this.fill(kept, e + t, from, node, gates);
      for (let k = 0; k < c; k++) {
        factors[at + k] = kept.gates[from + k] as number;
        which[at + k] = kept.which[from + k] as number;
      }
      return c;
    }
    const ps = this.parentsOf(node);
    let c = 0;
    for (let i = 0; i < node.tables.length; i++) {
      const g = gates(node.tables[i] as number, ps);
      if (g === 0) continue;
      factors[at + c] = g;
      which[at + c] = i;
      c++;
    }
    return c;
  }

  /** This step's layer of kept gate counts, and where node r's counts and slots start in it (-1: node r is not kept). */
  get keptLayer(): LayerGates | null {
    return this.kept;
  }

  countStart(r: number): number {
    return this.countAt[r] as number;
  }

  slotStart(r: number): number {
    return this.slotAt[r] as number;
  }

  /**
   * Kept node r's non-zero gate counts under its parents' joint choice t (as the kept counts index
   * it: the last parent's digit least significant), whatever the current state below; filled once,
   * for a caller that walks the states below itself (lastNodeGroups.ts). How many.
   */
  countsAtChoice(r: number, node: TableNode, t: number, gates: GateCountOf): number {
    const kept = this.kept as LayerGates;
    const at = (this.countAt[r] as number) + t;
    const c = kept.counts[at] as number;
    if (c >= 0) return c;
    const ps = this.parentViews[node.parents.length] as Int32Array;
    let rest = t;
    for (let i = node.parents.length - 1; i >= 0; i--) {
      const options = (this.below[node.parents[i] as number] as TableNode).tables;
      const d = rest % options.length;
      rest = (rest - d) / options.length;
      ps[i] = options[d] as number;
    }
    return this.fillWith(kept, at, (this.slotAt[r] as number) + t * node.tables.length, node, gates, ps);
  }

  /** The node's non-zero gate counts under the current state below, kept: their number at counts[count], them from slot `from`. */
  private fill(kept: LayerGates, count: number, from: number, node: TableNode, gates: GateCountOf): number {
    return this.fillWith(kept, count, from, node, gates, this.parentsOf(node));
  }

  private fillWith(kept: LayerGates, count: number, from: number, node: TableNode, gates: GateCountOf, ps: Int32Array): number {
    let c = 0;
    for (let i = 0; i < node.tables.length; i++) {
      const g = gates(node.tables[i] as number, ps);
      if (g === 0) continue;
      kept.gates[from + c] = g;
      kept.which[from + c] = i;
      c++;
    }
    kept.counts[count] = c;
    return c;
  }
}
