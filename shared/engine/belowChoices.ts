/**
 * The odometer over the joint choices of a layer's nodes 0..z-1 at one state below (their non-zero
 * gate counts), which Q's cells are summed over where a group's walk does not go: by every state
 * (LastNodeWay 'states') or after a walk that left midway (lastNodeGroups.ts).
 */
import type { TableNode } from './circuitTables.js';
import type { GateCountOf, StepScratch } from './stepScratch.js';

export class BelowChoices {
  /** Node r's c-th non-zero gate count and its table's index, at r * maxT + c. */
  factors = new Float64Array(0);
  which = new Int32Array(0);
  maxT = 1;
  /** Node r's non-zero gate counts at this state, and the odometer's digit of it. */
  readonly nonZero: Int32Array;
  readonly digit: Int32Array;
  /** parentViews[n]: a buffer's first n slots, the output's parents' tables. */
  private readonly parentViews: Int32Array[];

  constructor(
    private readonly scratch: StepScratch,
    private readonly gates: GateCountOf,
    widest: number,
  ) {
    this.nonZero = new Int32Array(widest);
    this.digit = new Int32Array(widest);
    const parents = new Int32Array(widest);
    this.parentViews = Array.from({ length: widest + 1 }, (_, n) => parents.subarray(0, n));
  }

  /** Room for nodes 0..z-1 of a new group's layer (z its last node). */
  size(layer: readonly TableNode[]): void {
    const z = layer.length - 1;
    let maxT = 1;
    for (let r = 0; r < z; r++) maxT = Math.max(maxT, (layer[r] as TableNode).tables.length);
    this.maxT = maxT;
    if (this.factors.length < z * maxT) {
      this.factors = new Float64Array(z * maxT);
      this.which = new Int32Array(z * maxT);
    }
  }

  /** Nodes 0..z-1's non-zero gate counts over the current state below, their digits at 0; false when one has none (every Q of this state is 0). */
  gather(layer: readonly TableNode[]): boolean {
    const { nonZero, digit, factors, which, maxT } = this;
    const z = layer.length - 1;
    for (let r = 0; r < z; r++) {
      nonZero[r] = this.scratch.gatherNode(r, layer[r] as TableNode, this.gates, factors, which, r * maxT);
      if (nonZero[r] === 0) return false;
      digit[r] = 0;
    }
    return true;
  }

  /** The odometer one step on; the first digit that moved, or -1 past the last joint choice. */
  advance(z: number): number {
    const { digit, nonZero } = this;
    let r = z - 1;
    while (r >= 0 && (digit[r] = (digit[r] as number) + 1) === nonZero[r]) digit[r--] = 0;
    return r;
  }

  /** The current joint choice as W's row index, node r's table index by `stride[r]`. */
  joint(z: number, stride: Float64Array): number {
    const { digit, which, maxT } = this;
    let joint = 0;
    for (let r = 0; r < z; r++) joint += (which[r * maxT + (digit[r] as number)] as number) * (stride[r] as number);
    return joint;
  }

  /** The output's gate counts summed over its tables, its parents' tables those of the current digits and tau for node z. */
  outputGates(layer: readonly TableNode[], out: TableNode, tau: number): number {
    const { digit, which, maxT } = this;
    const z = layer.length - 1;
    const ps = this.parentViews[out.parents.length] as Int32Array;
    for (let p = 0; p < out.parents.length; p++) {
      const r = out.parents[p] as number;
      ps[p] = r === z ? tau : ((layer[r] as TableNode).tables[which[r * maxT + (digit[r] as number)] as number] as number);
    }
    let w = 0;
    for (let i = 0; i < out.tables.length; i++) w += this.gates(out.tables[i] as number, ps);
    return w;
  }
}
