/**
 * The output of the fast grounding count (groundingFast.ts): its truth tables, packed P bits each
 * into a key (0: no table), from its rounded values per grounding pattern, and Ĝ of each key.
 * The output's dot is the prefix's dot plus the last nodes' contributions, added in node order as
 * circuitTables.ts adds them.
 */
import { tablesOf } from './circuitTables.js';
import { outputActivationOf, preActivation, roundHalfEven } from './network.js';
import { outputMoebius, type OutputMoebius, type PartitionLattice } from './partitions.js';
import type { NetworkModel } from './types.js';

export class OutputKeys {
  private readonly moebius = new Map<number, OutputMoebius>();
  private readonly unpacked = new Map<number, Int32Array>();
  // The last circuit's output values and their key: consecutive circuits mostly round alike.
  private readonly lastOut: Float64Array;
  private lastKey = -1;
  private readonly values: Float64Array;
  private readonly sorted: Float64Array;
  private readonly tables: Int32Array;
  private readonly bias: number;
  // 2^P, kept: `2 ** P` with P a field is a call to pow in V8's optimised code (2% of a k = 6 profile).
  private readonly radix: number;
  /** The output layer's activation (LeakyReLU, or none on an identity output). */
  private readonly outAct: (v: number) => number;

  constructor(model: NetworkModel, private readonly P: number, private readonly lattice: PartitionLattice) {
    this.outAct = outputActivationOf(model);
    this.bias = (model.biases[2] as Float32Array)[0] as number;
    this.lastOut = new Float64Array(P);
    this.values = new Float64Array(P);
    this.sorted = new Float64Array(P + 1);
    this.tables = new Int32Array(P + 1);
    this.radix = 2 ** P;
  }

  /** A new unit: the last circuit's key is stale. */
  reset(): void {
    this.lastKey = -1;
  }

  /** The key of a circuit whose prefix of n - 1 nodes has the dot `depthDot` and whose last node contributes `last`. */
  circuit(depthDot: Float64Array, n: number, last: Float64Array): number {
    const { P, values, lastOut, bias } = this;
    let same = this.lastKey >= 0;
    for (let p = 0; p < P; p++) {
      const v = roundHalfEven(this.outAct(preActivation((depthDot[(n - 1) * P + p] as number) + (last[p] as number), bias)));
      values[p] = v;
      if (v !== lastOut[p]) same = false;
    }
    if (same) return this.lastKey;
    lastOut.set(values);
    return (this.lastKey = this.pack());
  }

  /**
   * The key when the output's rounded values are the same for every completion of a prefix of
   * `fixed` nodes: bounded per pattern by the prefix's dot plus each of the `free` nodes' least
   * (greatest) contribution, bounds[(f * 2 + 0 | 1) * P + p] (float addition is monotone, and so
   * is the rounding). -1 when some pattern's rounded value is not fixed.
   */
  bounded(depthDot: Float64Array, fixed: number, bounds: Float64Array, free: number): number {
    const { P, values, bias } = this;
    for (let p = 0; p < P; p++) {
      let lo = depthDot[fixed * P + p] as number;
      let hi = lo;
      for (let f = 0; f < free; f++) {
        lo += bounds[f * 2 * P + p] as number;
        hi += bounds[f * 2 * P + P + p] as number;
      }
      const v = roundHalfEven(this.outAct(preActivation(lo, bias)));
      if (v !== roundHalfEven(this.outAct(preActivation(hi, bias)))) return -1;
      values[p] = v;
    }
    this.lastKey = -1; // values was the last circuit's scratch
    return this.pack();
  }

  /** Ĝ of an output with the tables packed in `key` and n parents, kept across units. */
  output(key: number, n: number): OutputMoebius {
    const id = key * 64 + n;
    let out = this.moebius.get(id);
    if (!out) this.moebius.set(id, (out = outputMoebius(this.lattice, Array.from(this.outputTables(key)), n)));
    return out;
  }

  /** The output's tables packed in `key` (P bits each, as `pack` lists them), kept across units. */
  outputTables(key: number): Int32Array {
    let list = this.unpacked.get(key);
    if (!list) {
      const tables: number[] = [];
      for (let k = key; k > 0; k = Math.floor(k / this.radix)) tables.push(k % this.radix);
      this.unpacked.set(key, (list = Int32Array.from(tables)));
    }
    return list;
  }

  private pack(): number {
    const { P, tables, radix } = this;
    const m = tablesOf(this.values, P, this.sorted, tables);
    let key = 0;
    for (let i = m - 1; i >= 0; i--) key = key * radix + (tables[i] as number);
    return key;
  }
}
