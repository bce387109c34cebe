/**
 * What the fast grounding count (groundingFast.ts) needs of one unit of a [n, k1, k2, 1] network:
 * the first layer's tables and their joint states, and per (second-layer node, edge row) the
 * node's output contributions and its factor a(sigma | s) over (state, partition). A unit fixes
 * the node masks and the first-pair rows, so all of this is built once per unit and (node, row)
 * and shared by every circuit of the unit.
 */
import { bitList, twoAdic } from './bits.js';
import { tablesOf } from './circuitTables.js';
import { leakyRelu, preActivation } from './network.js';
import type { PartitionLattice } from './partitions.js';
import type { GroundingPatterns } from './truthTables.js';
import type { NetworkModel } from './types.js';

export type GateCount = (table: number, parents: Int32Array) => number;

/**
 * First-layer node i's activation on every grounding pattern when fed by the inputs in `row`, into
 * `out` (P values): the dot over the row's inputs in ascending order, as networks.ts sums it.
 */
export function firstLayerValues(model: NetworkModel, patterns: GroundingPatterns, i: number, row: number, out: Float64Array): void {
  const nIn = model.layerSizes[0] as number;
  const w = model.weights[0] as Float32Array;
  const bias = (model.biases[0] as Float32Array)[i] as number;
  const x = patterns.x;
  const lower = bitList(row);
  for (let p = 0; p < patterns.count; p++) {
    let dot = 0;
    for (let q = 0; q < lower.length; q++) dot += (w[i * nIn + (lower[q] as number)] as number) * (x[p * nIn + (lower[q] as number)] as number);
    out[p] = leakyRelu(preActivation(dot, bias));
  }
}

/** One second-layer node fed by one row, in the current unit. */
export interface NodeRow {
  /** Unit this entry was built for. */
  stamp: number;
  /** a(sigma | s) / 2^shift at [s * lattice.size + sigma]; null when the node has no table. */
  a: Float64Array | null;
  shift: number;
  /** Output weight times the node's value per pattern (exact float64 products of float32s). */
  readonly contrib: Float64Array;
  /** The largest entry of a; 2^53 or more (or NaN) when float64 can no longer hold it exactly. */
  max: number;
  /** Class of equal (a, shift) in this unit, from classOf; 0: no table; -1: not yet known. */
  cls: number;
  /**
   * The node's own gate counts / 2^shift per combination of its parents' tables and table of its
   * own, g[c * T + t] (non-negative integers), and which combination each state picks,
   * comboOf[s]: what a two-parent output's count sums over (twoParentOutput.ts).
   */
  g: Float64Array;
  /** The node's tables (P bits each), tables[0..T). */
  readonly tables: Int32Array;
  T: number;
  comboOf: Int32Array;
}

/** A NodeRow not yet built, for P patterns. */
export function newNodeRow(P: number): NodeRow {
  return { stamp: 0, a: null, shift: 0, contrib: new Float64Array(P), max: 0, cls: -1, g: new Float64Array(0), tables: new Int32Array(P + 1), T: 0, comboOf: new Int32Array(0) };
}

export class UnitTables {
  /** Joint first-layer states (product of the on nodes' table counts); 0: some node has none. */
  states = 0;
  /** states * lattice.size: the length of every a. */
  dim = 0;
  /** (node, row) entries built so far, over all units. */
  built = 0;
  private stamp = 0;
  private m1 = 0;
  private on1: Uint8Array = new Uint8Array(0);
  private readonly rows1: Int32Array;
  private readonly radix: Int32Array;
  private readonly options: number[][] = [];
  private digits = new Uint8Array(0);
  private readonly act1: Float32Array;
  private readonly nodeRows: (NodeRow | undefined)[] = [];
  private readonly rowSlots: number;
  private readonly compat = new Map<number, Int32Array>();
  /** Representatives of the classes of this unit by a hash of their content. */
  private readonly classes = new Map<number, NodeRow[]>();
  private classCount = 0;
  private readonly values: Float64Array;
  private readonly sorted: Float64Array;
  private readonly tables: Int32Array;
  private readonly parents: Int32Array;
  /** Per combination of a node's parents' tables: its a over the partitions. */
  private perCombo = new Float64Array(0);
  private readonly k1: number;
  private readonly P: number;

  constructor(
    private readonly model: NetworkModel,
    private readonly patterns: GroundingPatterns,
    private readonly lattice: PartitionLattice,
    private readonly gates: GateCount,
  ) {
    this.k1 = model.layerSizes[1] as number;
    this.P = patterns.count;
    this.rowSlots = 2 ** this.k1;
    this.rows1 = new Int32Array(this.k1);
    this.radix = new Int32Array(this.k1);
    this.act1 = new Float32Array(this.k1 * this.P);
    this.values = new Float64Array(this.P);
    this.sorted = new Float64Array(this.P + 1);
    this.tables = new Int32Array(this.P + 1);
    this.parents = new Int32Array(Math.max(1, this.k1));
  }

  /** Whether the unit of `masks[0]` and first-pair `rows` is the current one. */
  same(m1: number, rows: Uint32Array): boolean {
    if (m1 !== this.m1 || this.stamp === 0) return false;
    const { on1, rows1 } = this;
    const inputs = 2 ** (this.model.layerSizes[0] as number) - 1;
    for (let k = 0; k < on1.length; k++) if ((((rows[on1[k] as number] as number) & inputs) >>> 0) !== rows1[k]) return false;
    return true;
  }

  /** Loads a unit: first-layer tables and states; every NodeRow of the last unit goes stale. */
  load(m1: number, rows: Uint32Array, maxDim: number): void {
    this.stamp++;
    this.classes.clear();
    this.classCount = 0;
    this.m1 = m1;
    this.on1 = bitList(m1);
    const { P, act1, values, sorted, tables, on1 } = this;
    const inputs = 2 ** (this.model.layerSizes[0] as number) - 1;
    this.states = 1;
    for (let k = 0; k < on1.length; k++) {
      const i = on1[k] as number;
      const row = ((rows[i] as number) & inputs) >>> 0;
      this.rows1[k] = row;
      firstLayerValues(this.model, this.patterns, i, row, values);
      act1.set(values.subarray(0, P), i * P);
      const T = tablesOf(values, P, sorted, tables);
      this.options[k] = Array.from(tables.subarray(0, T));
      this.radix[k] = T;
      this.states *= T;
    }
    this.dim = this.states * this.lattice.size;
    if (this.states === 0 || this.dim > maxDim) return;
    // digits[s * a + k]: which of node k's tables state s picks (node 0 most significant).
    const a = on1.length;
    if (this.digits.length < this.states * a) this.digits = new Uint8Array(this.states * a);
    for (let s = 0; s < this.states; s++) {
      let rest = s;
      for (let k = a - 1; k >= 0; k--) {
        const r = this.radix[k] as number;
        this.digits[s * a + k] = rest % r;
        rest = Math.floor(rest / r);
      }
    }
  }

  /** Node j fed by `row` (a subset of the first layer's on nodes), built once per unit. */
  node(j: number, row: number): NodeRow {
    const slot = j * this.rowSlots + row;
    let node = this.nodeRows[slot];
    if (node && node.stamp === this.stamp) return node;
    if (!node) this.nodeRows[slot] = node = newNodeRow(this.P);
    node.stamp = this.stamp;
    node.cls = -1;
    this.built++;
    const { P, act1, values, sorted, tables, k1 } = this;
    const w = this.model.weights[1] as Float32Array;
    const wOut = (this.model.weights[2] as Float32Array)[j] as number;
    const bias = (this.model.biases[1] as Float32Array)[j] as number;
    const lower = bitList(row);
    for (let p = 0; p < P; p++) {
      // The order of networks.ts and circuitTables.ts: ascending inputs, summed in float64.
      let dot = 0;
      for (let q = 0; q < lower.length; q++) dot += (w[j * k1 + (lower[q] as number)] as number) * (act1[(lower[q] as number) * P + p] as number);
      const v = leakyRelu(preActivation(dot, bias));
      values[p] = v;
      node.contrib[p] = wOut * v;
    }
    const T = tablesOf(values, P, sorted, tables);
    node.T = T;
    node.tables.set(tables.subarray(0, T));
    node.a = T === 0 ? null : this.factors(node, row, tables, T);
    return node;
  }

  /**
   * a(sigma | s) depends on s only through the parents' tables: computed once per combination of
   * those, then copied to every state.
   */
  private factors(node: NodeRow, row: number, tables: Int32Array, T: number): Float64Array {
    const { on1, radix, lattice, parents } = this;
    const size = lattice.size;
    const positions: number[] = [];
    for (let k = 0; k < on1.length; k++) if ((row >>> (on1[k] as number)) & 1) positions.push(k);
    const chosen = parents.subarray(0, positions.length);
    let combos = 1;
    for (const k of positions) combos *= radix[k] as number;
    const g = node.g.length >= combos * T ? node.g : (node.g = new Float64Array(combos * T));
    let shift = Infinity;
    for (let c = 0; c < combos; c++) {
      let rest = c;
      for (let i = positions.length - 1; i >= 0; i--) {
        const k = positions[i] as number;
        const r = radix[k] as number;
        chosen[i] = (this.options[k] as number[])[rest % r] as number;
        rest = Math.floor(rest / r);
      }
      for (let t = 0; t < T; t++) {
        const v = this.gates(tables[t] as number, chosen);
        g[c * T + t] = v;
        if (v !== 0 && v < Infinity) shift = Math.min(shift, twoAdic(v));
      }
    }
    if (this.perCombo.length < combos * size) this.perCombo = new Float64Array(combos * size);
    const per = this.perCombo;
    per.fill(0, 0, combos * size);
    node.shift = shift === Infinity ? 0 : shift;
    const unit = 2 ** node.shift; // factors are at most 2^1023, so this is finite and division exact
    for (let k = 0; k < combos * T; k++) g[k] = (g[k] as number) / unit;
    for (let t = 0; t < T; t++) {
      const sigmas = this.compatible(tables[t] as number);
      for (let c = 0; c < combos; c++) {
        const v = g[c * T + t] as number;
        if (v === 0) continue;
        for (let i = 0; i < sigmas.length; i++) {
          const k = c * size + (sigmas[i] as number);
          per[k] = (per[k] as number) + v;
        }
      }
    }
    let max = 0;
    for (let k = 0; k < combos * size; k++) max = Math.max(max, per[k] as number); // NaN stays NaN
    node.max = max;
    const a = node.a && node.a.length >= this.dim ? node.a : new Float64Array(this.dim);
    const { digits, states } = this;
    const width = on1.length;
    const comboOf = node.comboOf.length >= states ? node.comboOf : (node.comboOf = new Int32Array(states));
    for (let s = 0; s < states; s++) {
      let c = 0;
      for (const k of positions) c = c * (radix[k] as number) + (digits[s * width + k] as number);
      comboOf[s] = c;
      for (let i = 0; i < size; i++) a[s * size + i] = per[c * size + i] as number;
    }
    return a;
  }

  /**
   * Nodes of a unit with equal a and shift count alike whatever their row or node: their class
   * (1, 2, ...; 0 for no table) lets a whole subtree of circuits be counted once per class.
   */
  classOf(node: NodeRow): number {
    if (node.cls >= 0) return node.cls;
    const a = node.a;
    if (!a) return (node.cls = 0);
    const dim = this.dim;
    let h = node.shift | 0;
    for (let k = 0; k < dim; k++) h = Math.imul(h ^ ((a[k] as number) | 0) ^ (k & 0xffff), 0x9e3779b1) ^ (h >>> 15);
    const same = this.classes.get(h);
    for (const other of same ?? []) {
      if (other.shift !== node.shift) continue;
      const b = other.a as Float64Array;
      let k = 0;
      while (k < dim && a[k] === b[k]) k++;
      if (k === dim) return (node.cls = other.cls);
    }
    node.cls = ++this.classCount;
    if (same) same.push(node);
    else this.classes.set(h, [node]);
    return node.cls;
  }

  /** The partitions table t is a union of blocks of. */
  private compatible(t: number): Int32Array {
    let list = this.compat.get(t);
    if (!list) {
      const out: number[] = [];
      for (let s = 0; s < this.lattice.size; s++) if (this.lattice.compatible(t, s)) out.push(s);
      this.compat.set(t, (list = Int32Array.from(out)));
    }
    return list;
  }
}
