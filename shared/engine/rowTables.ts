/**
 * Tables of the last hidden pair for one state of the layer below it: for every upper node j and
 * every edge-row option o (a non-empty subset of the lower on nodes), the output weight times
 * node j's activation on each sample. The output dot of a circuit is the sum of one such entry per
 * on upper node, added in node order (the reference's order).
 *
 * Besides the raw contributions each node keeps, per sample, the least and greatest contribution
 * over its options (bounds for the search) and, built on demand for the node that comes last, its
 * options sorted by contribution with prefix bitmasks of option indices, so the options that keep
 * a sample correct are one bitmask range found by binary search.
 */
import { highestBit } from './bits.js';
import { leakyRelu, preActivation } from './network.js';
import type { NetworkModel } from './types.js';

/**
 * dots[opt * count + p] while a fill runs: the dot product of option `opt` on sample p, row 0 zero.
 * One buffer for every table of the thread, since a filled table keeps only its contributions
 * (cached tables are bounded by their values, evaluateCircuits.ts).
 */
let dotScratch = new Float64Array(0);
/**
 * Entries at the start of `dotScratch` known to be zero: a fill of `count` samples writes only from
 * index `count` on, so row 0 stays zero from fill to fill and is cleared only when a fill with
 * fewer samples (another network's) may have written there. Clearing it on every fill was a
 * fifth of the fill's time on a depth-4 network of four distinct samples.
 */
let zeroPrefix = 0;

function dotRows(rows: number, count: number): Float64Array {
  if (dotScratch.length < rows * count) {
    dotScratch = new Float64Array(rows * count);
    zeroPrefix = dotScratch.length;
  }
  if (zeroPrefix < count) dotScratch.fill(0, 0, count);
  zeroPrefix = count;
  return dotScratch;
}

/** Option sets up to this size get sorted/bitmask tables (two 32-bit words). */
export const MASKED_OPTIONS = 64;

export class RowTables {
  /** contrib[(j * O + o) * count + p] */
  readonly contrib: Float64Array;
  /** minC/maxC[j * count + p]: least/greatest contribution of node j over its options. */
  readonly minC: Float64Array;
  readonly maxC: Float64Array;
  /** sorted[(j * count + p) * O + i]: node j's contributions on sample p, ascending. */
  readonly sorted: Float64Array;
  /** prefLo/Hi[(j * count + p) * (O + 1) + i]: option indices of the i smallest contributions. */
  readonly prefLo: Uint32Array;
  readonly prefHi: Uint32Array;
  private readonly sortedReady: Uint8Array;
  private readonly order: Uint8Array;
  O = 0;
  /** Counts the fills, so that what was built from the tables can tell they changed. */
  generation = 0;

  constructor(readonly nUpper: number, readonly nLower: number, readonly count: number) {
    const maxO = 2 ** nLower - 1;
    const masked = maxO <= MASKED_OPTIONS ? maxO : 0;
    this.contrib = new Float64Array(nUpper * maxO * count);
    this.minC = new Float64Array(nUpper * count);
    this.maxC = new Float64Array(nUpper * count);
    this.sorted = new Float64Array(nUpper * count * masked);
    this.prefLo = new Uint32Array(nUpper * count * (masked + 1));
    this.prefHi = new Uint32Array(nUpper * count * (masked + 1));
    this.sortedReady = new Uint8Array(nUpper);
    this.order = new Uint8Array(Math.max(masked, 1));
  }

  /**
   * Fills the nodes in `which` (bitmask of upper nodes) of layer l from the lower layer's
   * node-major activations `prev` and the options (ascending subsets of the lower on nodes).
   * `wOut[j]` is node j's weight into the single output.
   */
  fill(model: NetworkModel, l: number, prev: Float32Array, options: Uint32Array, which: number): void {
    const { count, contrib, minC, maxC } = this;
    const nIn = model.layerSizes[l - 1] as number;
    const dots = dotRows(1 << nIn, count);
    const O = options.length;
    const w = model.weights[l - 1] as Float32Array;
    const bias = model.biases[l - 1] as Float32Array;
    const wOut = model.weights[l] as Float32Array;
    this.O = O;
    this.generation++;
    for (let m = which; m !== 0; m &= m - 1) {
      const j = highestBit(m & -m);
      const b = bias[j] as number;
      const wj = wOut[j] as number;
      this.sortedReady[j] = 0;
      const mBase = j * count;
      // Option by option, each a pass over the samples: the loop body has no per-step lookups.
      for (let o = 0; o < O; o++) {
        // Options ascend, so the option without its highest input was summed before (row 0 of
        // `dots` is zeros): adding that input last keeps the reference's ascending-input order.
        const opt = options[o] as number;
        const top = highestBit(opt);
        const wt = w[j * nIn + top] as number;
        const dBase = opt * count;
        const rBase = (opt ^ (1 << top)) * count;
        const pBase = top * count;
        const cBase = (j * O + o) * count;
        if (o === 0) {
          // The first option sets the bounds: a fill() per node would cost more than this pass
          // when the distinct samples are few. NaN leaves them infinite, as the compares would.
          for (let p = 0; p < count; p++) {
            const dot = (dots[rBase + p] as number) + wt * (prev[pBase + p] as number);
            dots[dBase + p] = dot;
            const c = wj * leakyRelu(preActivation(dot, b));
            contrib[cBase + p] = c;
            minC[mBase + p] = c < Infinity ? c : Infinity;
            maxC[mBase + p] = c > -Infinity ? c : -Infinity;
          }
          continue;
        }
        for (let p = 0; p < count; p++) {
          const dot = (dots[rBase + p] as number) + wt * (prev[pBase + p] as number);
          dots[dBase + p] = dot;
          const c = wj * leakyRelu(preActivation(dot, b));
          contrib[cBase + p] = c;
          if (c < (minC[mBase + p] as number)) minC[mBase + p] = c;
          if (c > (maxC[mBase + p] as number)) maxC[mBase + p] = c;
        }
      }
    }
  }

  /** Builds node j's sorted contributions and prefix masks (once per fill). */
  ensureSorted(j: number): void {
    if (this.sortedReady[j]) return;
    const { count, contrib, sorted, prefLo, prefHi, order, O } = this;
    for (let p = 0; p < count; p++) {
      // Insertion sort of at most 63 option indices by contribution.
      for (let i = 0; i < O; i++) {
        const v = contrib[(j * O + i) * count + p] as number;
        let k = i;
        while (k > 0 && (contrib[(j * O + (order[k - 1] as number)) * count + p] as number) > v) {
          order[k] = order[k - 1] as number;
          k--;
        }
        order[k] = i;
      }
      const s = (j * count + p) * O;
      const f = (j * count + p) * (O + 1);
      let lo = 0;
      let hi = 0;
      prefLo[f] = 0;
      prefHi[f] = 0;
      for (let i = 0; i < O; i++) {
        const o = order[i] as number;
        sorted[s + i] = contrib[(j * O + o) * count + p] as number;
        if (o < 32) lo = (lo | (1 << o)) >>> 0;
        else hi = (hi | (1 << (o - 32))) >>> 0;
        prefLo[f + i + 1] = lo;
        prefHi[f + i + 1] = hi;
      }
    }
    this.sortedReady[j] = 1;
  }
}
