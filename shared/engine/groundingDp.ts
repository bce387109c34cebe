/**
 * The grounding DP of groundingCount.ts in float64 for many circuits in a row, keeping what
 * consecutive circuits share.
 *
 * f_l (the weight of each joint choice of layer l's tables) depends only on layers 1..l: their
 * node masks and edge rows fix the tables (through the nodes' values) and the parents. The search
 * emits circuits with the last layers' rows varying fastest, so each layer's tables and f_l are
 * kept, and a circuit recomputes them only from the first layer whose mask or rows changed: on a
 * depth-4 width-3 network (the growth preset's) the groundings were 70% of the run, all of it in
 * this DP, one circuit at a time from layer 1.
 *
 * Exactness as the DP's: gate counts are integers, and every product, f entry and the total is
 * checked against the limit; at or past it the count is NaN and the caller redoes the circuit in
 * BigInt. A layer is kept only once all of it was computed exactly.
 */
import type { CircuitCode } from './circuitRecord.js';
import { CircuitTabler, jointStates, type TableNode } from './circuitTables.js';
import { LayerKeys } from './layerKeys.js';
import type { LastNodeWay } from './lastNodeGroups.js';
import { LastNodeSums } from './lastNodeSums.js';
import { StepScratch, type GateCountOf } from './stepScratch.js';
import type { GroundingPatterns } from './truthTables.js';
import type { NetworkModel } from './types.js';

export type { GateCountOf } from './stepScratch.js';

export class PrefixDp {
  /** Layers taken as they were from the circuit before, and layers computed (for measurements). */
  readonly stats = { kept: 0, computed: 0 };
  private readonly tabler: CircuitTabler;
  private readonly L: number;
  /** Layers 1..valid (at index l - 1) hold this circuit's tables, states and f. */
  private valid = 0;
  private readonly keys: LayerKeys;
  private readonly layers: TableNode[][] = [];
  private readonly states: number[] = [];
  private readonly f: Float64Array[] = [];
  private readonly scratch: StepScratch;
  /** factors[r * maxT + c]: node r's c-th non-zero gate count; offsets: that table's term of the state index. */
  private factors = new Float64Array(0);
  private offsets = new Float64Array(0);
  /** The last two steps summed per group of circuits (lastNodeSums.ts); null below two hidden layers or when turned off. */
  readonly sums: LastNodeSums | null;

  /** `lastNodes`: how the last two layers are counted (lastNodeGroups.ts; other than the walk only to test it and the other ways against each other). */
  constructor(
    model: NetworkModel,
    patterns: GroundingPatterns,
    private readonly gates: GateCountOf,
    private readonly limit: number,
    lastNodes: LastNodeWay = 'walk',
  ) {
    const sizes = model.layerSizes;
    this.tabler = new CircuitTabler(model, patterns);
    this.L = sizes.length - 1;
    this.keys = new LayerKeys(sizes);
    this.scratch = new StepScratch(Math.max(...sizes), this.L);
    this.sums = lastNodes !== 'off' && this.L >= 3 ? new LastNodeSums(this.scratch, gates, limit, patterns.count, Math.max(...sizes), lastNodes) : null;
  }

  /** The number of groundings of `code`, exact; NaN when float64 cannot hold it (count it in BigInt). */
  count(code: CircuitCode): number {
    const L = this.L;
    let l = this.keys.firstChanged(code, this.valid);
    this.valid = l - 1;
    // The layers above l are built on a new layer l: their kept gate counts no longer hold.
    this.scratch.forget(l + 1);
    this.stats.kept += l - 1;
    const { sums } = this;
    if (sums && l < L - 1) sums.reset();
    for (; l <= L; l++) {
      this.stats.computed++;
      const layer = this.tabler.layer(code, l);
      if (!layer) return 0; // some node has no truth table
      const states = jointStates(layer);
      this.layers[l - 1] = layer;
      this.states[l - 1] = states;
      if (l === L) return l === 1 ? (states < this.limit ? states : NaN) : this.step(l, null);
      if (sums && l === L - 1 && sums.fits(this.states[l - 2] as number, 1, (layer[layer.length - 1] as TableNode).tables.length)) {
        const out = this.tabler.layer(code, L);
        if (!out) return 0;
        if (out.length === 1) {
          const below = this.layers[l - 2] as TableNode[];
          return sums.total(below, this.f[l - 2] as Float64Array, this.states[l - 2] as number, layer, code.masks[l - 1] as number, out[0] as TableNode, l);
        }
      }
      let f = this.f[l - 1];
      if (!f || f.length < states) this.f[l - 1] = f = new Float64Array(states);
      if (l === 1) f.fill(1, 0, states);
      else {
        f.fill(0, 0, states);
        if (Number.isNaN(this.step(l, f))) return NaN;
      }
      this.keys.remember(code, l);
      this.valid = l;
    }
    return NaN; // not reached: the loop returns at layer L
  }

  /**
   * f_l from f_{l-1} into `next` (zeroed), or, for the output layer (`next` null), the total.
   * NaN when some value reaches the limit. Each node's zero gate counts are left out before the
   * joint choices are walked: on a depth-4 width-3 network 71% of the joint choices had a zero
   * factor (256 of 361 million).
   */
  private step(l: number, next: Float64Array | null): number {
    const below = this.layers[l - 2] as TableNode[];
    const layer = this.layers[l - 1] as TableNode[];
    const prev = this.f[l - 2] as Float64Array;
    const prevStates = this.states[l - 2] as number;
    const { scratch, limit } = this;
    const { digit, nonZero } = scratch;
    const n = layer.length;
    let maxT = 1;
    for (const node of layer) maxT = Math.max(maxT, node.tables.length);
    if (this.factors.length < n * maxT) {
      this.factors = new Float64Array(n * maxT);
      this.offsets = new Float64Array(n * maxT);
    }
    const { factors, offsets } = this;
    scratch.start(below, layer, l);
    let total = 0;
    for (let sp = 0; sp < prevStates; sp++) {
      if (sp > 0) scratch.advance();
      const weight = prev[sp] as number;
      if (weight === 0) continue;
      // Each node's non-zero gate counts, with the offsets of their tables in the state index.
      const admitted = scratch.gather(layer, this.gates, factors, offsets, maxT, 1);
      if (!admitted) continue; // some node of layer l admits no gate over this choice below
      // Every joint choice of layer l with non-zero factors: nodes 0..n-2 as an odometer, their
      // product serving every choice of the last node, which varies fastest.
      const last = n - 1;
      const lastAt = last * maxT;
      const lastCount = nonZero[last] as number;
      for (let r = 0; r < last; r++) digit[r] = 0;
      for (;;) {
        let prod = weight;
        let s = 0;
        for (let r = 0; r < last; r++) {
          const k = r * maxT + (digit[r] as number);
          prod *= factors[k] as number;
          s += offsets[k] as number;
        }
        for (let c = 0; c < lastCount; c++) {
          const term = prod * (factors[lastAt + c] as number);
          if (term >= limit) return NaN;
          if (next) {
            const at = s + (offsets[lastAt + c] as number);
            const v = (next[at] as number) + term;
            if (v >= limit) return NaN;
            next[at] = v;
          } else {
            total += term;
            if (total >= limit) return NaN;
          }
        }
        let r = last - 1;
        while (r >= 0 && (digit[r] = (digit[r] as number) + 1) === nonZero[r]) digit[r--] = 0;
        if (r < 0) break;
      }
    }
    return total;
  }
}
