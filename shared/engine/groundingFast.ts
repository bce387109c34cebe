/**
 * Grounding counts of the paper's shape [n, k1, k2, 1] for millions of circuits, exactly.
 *
 * With s the joint choice of first-layer tables, second-layer node j's admissible gates
 * g_j(t | s), and the output's gate count depending only on the partition of the patterns that the
 * second layer's tables induce (for any output parent count but two), Möbius inversion on the
 * partition lattice (partitions.ts) turns the sum over every joint choice of second-layer tables
 * into
 *
 *   count = sum over s and sigma of Ĝ(sigma) * prod over on second-layer nodes j of a_j(sigma | s),
 *   a_j(sigma | s) = sum of g_j(t | s) over the tables t of j that are unions of blocks of sigma.
 *
 * a_j depends only on node j's edge row once the unit (node masks, first-pair rows) is fixed, so
 * it is built once per (node, row) and unit (groundingUnit.ts). Circuits arrive in search order:
 * the rows of all but the last on node change rarely, so the product over those nodes (sparse:
 * most entries are 0) is kept, and a circuit costs one sparse dot product with its last node's a.
 *
 * Exactness: every factor is divided by its largest power of two, leaving small integers, and
 * float64 sums and products of non-negative integers are exact while below 2^53 (rounding is
 * monotone, so a value that reached 2^53 cannot come back below it). The terms where Ĝ is positive
 * and where it is negative are summed apart and both checked. A circuit that fails a check, has two
 * output parents or another shape gets NaN, and the caller counts it with the plain DP.
 */
import { bitList } from './bits.js';
import type { CircuitCode } from './circuitRecord.js';
import { tablesOf } from './circuitTables.js';
import { UnitTables, type GateCount, type NodeRow } from './groundingUnit.js';
import { leakyRelu, preActivation, roundHalfEven } from './network.js';
import { MAX_LATTICE_PATTERNS, outputMoebius, partitionLattice, type OutputMoebius, type PartitionLattice } from './partitions.js';
import type { GroundingPatterns } from './truthTables.js';
import type { NetworkModel } from './types.js';

/** Widest first hidden layer: rows are indexed densely by their 2^k1 bitmasks. */
const MAX_ROW_BITS = 12;
/** (first-layer states) x (partitions) above this: the unit goes to the plain DP. */
const MAX_DIM = 1 << 16;

/** 2^e for e < 1024, exact; a count times 2^1024 or more is past float64 and goes to the plain DP. */
const POW2 = Float64Array.from({ length: 1024 }, (_, e) => 2 ** e);

/** What the fast path did, for measurements (plain counters, no clock). */
export interface FastGroundingStats {
  /** Units loaded (node masks and first-pair rows changed). */
  units: number;
  /** (second-layer node, row) factors built: once per unit and pair used. */
  nodeRows: number;
  /** Prefix products rebuilt (rows of the on nodes but the last changed). */
  prefixes: number;
  /** Circuits that reached the dot product. */
  leaves: number;
  /** Circuits handed back to the plain DP. */
  declined: number;
}

export class FastGroundings {
  private readonly counters = { units: 0, prefixes: 0, leaves: 0, declined: 0 };
  private readonly P: number;
  private readonly unit: UnitTables | null;
  private readonly lattice: PartitionLattice | null;
  private readonly size: number;
  private readonly limit: number;
  private readonly outputs = new Map<number, OutputMoebius>();
  private m2 = -1;
  private handled = false;
  // Depth d: the product over the first d on second-layer nodes, sparse, and the output dot so far.
  private readonly depthIdx: Int32Array[] = [];
  private readonly depthVal: Float64Array[] = [];
  private readonly depthLen: Int32Array;
  private readonly depthShift: Float64Array;
  private readonly depthRow: Int32Array;
  private readonly depthDot: Float64Array;
  /** Depths 0..validDepth hold the products for the rows in depthRow; -1: none. */
  private validDepth = -1;
  /** The signed terms (prefix product times Ĝ) were built for this output; -1: stale. */
  private termsFor = -1;
  private termIdx = new Int32Array(0);
  private termVal = new Float64Array(0);
  private termLen = 0;
  /** Sum of |termVal|: times the last node's largest a it bounds every partial sum of the dot. */
  private absSum = 0;
  /** Powers of two divided out of the terms: the prefix's and the output's. */
  private termShift = 0;
  /** The last node of the prefix, multiplied in when the terms are built. */
  private termNode: NodeRow | null = null;
  private gFull = new Float64Array(0);
  private gFullFor = -1;
  /** Some node of the prefix has no table (every count is 0) or an inexact a (plain DP). */
  private prefixZero = false;
  private prefixInexact = false;
  private on2: Uint8Array = new Uint8Array(0);
  // The last output values and their key: consecutive circuits mostly round to the same values.
  private readonly lastOut: Float64Array;
  private lastKey = -1;
  private readonly values: Float64Array;
  private readonly sorted: Float64Array;
  private readonly tables: number[] = [];

  constructor(private readonly model: NetworkModel, patterns: GroundingPatterns, gates: GateCount, exactLimit: number) {
    const sizes = model.layerSizes;
    const P = (this.P = patterns.count);
    const k1 = (sizes[1] as number) ?? 0;
    const k2 = (sizes[2] as number) ?? 0;
    const fits = sizes.length === 4 && sizes[3] === 1 && k1 <= MAX_ROW_BITS && P >= 1 && P <= MAX_LATTICE_PATTERNS;
    const lattice = (this.lattice = fits ? partitionLattice(P) : null);
    this.unit = lattice ? new UnitTables(model, patterns, lattice, gates) : null;
    this.size = lattice?.size ?? 0;
    this.limit = Math.min(exactLimit, 2 ** 53);
    this.depthLen = new Int32Array(k2 + 1);
    this.depthShift = new Float64Array(k2 + 1);
    this.depthRow = new Int32Array(k2 + 1);
    this.depthDot = new Float64Array((k2 + 1) * P);
    this.lastOut = new Float64Array(P);
    this.values = new Float64Array(P);
    this.sorted = new Float64Array(P + 1);
  }

  get stats(): FastGroundingStats {
    return { ...this.counters, nodeRows: this.unit?.built ?? 0 };
  }

  /** The exact count, or NaN when this circuit is left to the plain DP. */
  count(code: CircuitCode): number {
    const unit = this.unit;
    if (!unit) return this.decline();
    const { masks, rows } = code;
    const m1 = masks[0] as number;
    const m2 = masks[1] as number;
    if (m2 !== this.m2 || !unit.same(m1, rows[0] as Uint32Array)) this.load(m1, m2, rows[0] as Uint32Array);
    if (!this.handled) return this.decline();
    if (unit.states === 0) return 0; // a first-layer node has no table
    // The output is on and fed by every on second-layer node (always so in the circuit space).
    if (((masks[2] as number) & 1) === 0 || (((rows[2] as Uint32Array)[0] as number) & m2) !== m2) return this.decline();
    const on2 = this.on2;
    const n = on2.length;
    const row2 = rows[1] as Uint32Array;
    this.updatePrefix(row2, m1, n);
    if (this.prefixZero) return 0;
    if (this.prefixInexact) return this.decline();
    const j = on2[n - 1] as number;
    const last = unit.node(j, ((row2[j] as number) & m1) >>> 0);
    if (!last.a) return 0;
    const key = this.outputKey(n, last);
    if (key === 0) return 0; // the output has a single value: no table
    if (this.termsFor !== key) this.buildTerms(key, n);
    this.counters.leaves++;
    let sum: number;
    if (this.absSum * last.max < this.limit) {
      sum = dot(this.termIdx, this.termVal, this.termLen, last.a); // every partial sum is exact
    } else {
      sum = this.splitDot(last.a);
      if (sum !== sum) return this.decline();
    }
    const shift = this.termShift + last.shift;
    const value = shift < POW2.length ? sum * (POW2[shift] as number) : Infinity;
    return value < Infinity ? value : this.decline();
  }

  /** The positive and negative terms summed apart, each checked; NaN when either is not exact. */
  private splitDot(a: Float64Array): number {
    const { termIdx, termVal, termLen } = this;
    let pos = 0;
    let neg = 0;
    for (let i = 0; i < termLen; i++) {
      const v = (termVal[i] as number) * (a[termIdx[i] as number] as number);
      if (v > 0) pos += v;
      else neg -= v;
    }
    return pos < this.limit && neg < this.limit ? pos - neg : NaN;
  }

  private decline(): number {
    this.counters.declined++;
    return NaN;
  }

  /** Ĝ of an output with the tables packed in `key` and n parents, cached across units. */
  private output(key: number, n: number): OutputMoebius {
    const id = key * 64 + n;
    let out = this.outputs.get(id);
    if (!out) {
      const tables: number[] = [];
      for (let k = key; k > 0; k = Math.floor(k / 2 ** this.P)) tables.push(k % 2 ** this.P);
      this.outputs.set(id, (out = outputMoebius(this.lattice as PartitionLattice, tables, n)));
    }
    return out;
  }

  private load(m1: number, m2: number, rows1: Uint32Array): void {
    this.counters.units++;
    this.m2 = m2;
    this.on2 = bitList(m2);
    this.validDepth = -1;
    this.prefixZero = false;
    this.prefixInexact = false;
    this.termsFor = -1;
    this.gFullFor = -1;
    this.lastKey = -1;
    const n = this.on2.length;
    const unit = this.unit as UnitTables;
    unit.load(m1, rows1, MAX_DIM);
    this.handled = m1 !== 0 && n !== 0 && n !== 2 && unit.dim <= MAX_DIM;
  }

  /**
   * Products over the first n - 2 on nodes, rebuilt from the first depth whose row changed; node
   * n - 2 (the last of the prefix) is multiplied in with Ĝ when the terms are built.
   */
  private updatePrefix(row2: Uint32Array, m1: number, n: number): void {
    const on2 = this.on2;
    if (this.validDepth < 0) {
      this.depthZero();
      this.validDepth = 0;
    }
    let d = 0;
    while (d < this.validDepth && d < n - 1 && this.depthRow[d] === (((row2[on2[d] as number] as number) & m1) >>> 0)) d++;
    if (d === n - 1) return;
    this.termsFor = -1;
    this.prefixZero = false;
    this.prefixInexact = false;
    const unit = this.unit as UnitTables;
    const { P, depthDot } = this;
    for (; d < n - 1; d++) {
      const j = on2[d] as number;
      const row = ((row2[j] as number) & m1) >>> 0;
      const node = unit.node(j, row);
      this.depthRow[d] = row;
      this.validDepth = d;
      if (!node.a) {
        this.prefixZero = true; // every circuit with this prefix has a node without a table
        return;
      }
      if (!(node.max < this.limit)) {
        this.prefixInexact = true;
        return;
      }
      // The output dot in node order, as circuitTables.ts sums it: the prefix is summed once.
      for (let p = 0; p < P; p++) depthDot[(d + 1) * P + p] = (depthDot[d * P + p] as number) + (node.contrib[p] as number);
      if (d < n - 2) this.multiply(d, node);
      else this.termNode = node;
    }
    this.validDepth = n - 1;
    this.counters.prefixes++;
  }

  /** Depth 0: the empty product, 1 at every (state, partition); the output dot starts at 0. */
  private depthZero(): void {
    const dim = (this.unit as UnitTables).dim;
    const idx = this.depthList(0);
    const val = this.depthVal[0] as Float64Array;
    for (let i = 0; i < dim; i++) {
      idx[i] = i;
      val[i] = 1;
    }
    this.depthLen[0] = dim;
    this.depthShift[0] = 0;
    this.depthDot.fill(0, 0, this.P);
  }

  private depthList(d: number): Int32Array {
    const dim = (this.unit as UnitTables).dim;
    if (!this.depthIdx[d] || (this.depthIdx[d] as Int32Array).length < dim) {
      this.depthIdx[d] = new Int32Array(dim);
      this.depthVal[d] = new Float64Array(dim);
    }
    return this.depthIdx[d] as Int32Array;
  }

  private multiply(d: number, node: NodeRow): void {
    const a = node.a as Float64Array;
    const srcIdx = this.depthIdx[d] as Int32Array;
    const srcVal = this.depthVal[d] as Float64Array;
    const idx = this.depthList(d + 1);
    const val = this.depthVal[d + 1] as Float64Array;
    const len = this.depthLen[d] as number;
    let out = 0;
    for (let i = 0; i < len; i++) {
      const k = srcIdx[i] as number;
      const v = (srcVal[i] as number) * (a[k] as number);
      if (v === 0) continue;
      idx[out] = k;
      val[out++] = v;
    }
    this.depthLen[d + 1] = out;
    this.depthShift[d + 1] = (this.depthShift[d] as number) + node.shift;
  }

  /** The output's tables packed P bits each (0: no table), from its rounded values. */
  private outputKey(n: number, node: NodeRow): number {
    const { P, values, lastOut, depthDot } = this;
    const last = node.contrib;
    const bias = (this.model.biases[2] as Float32Array)[0] as number;
    let same = this.lastKey >= 0;
    for (let p = 0; p < P; p++) {
      const v = roundHalfEven(leakyRelu(preActivation((depthDot[(n - 1) * P + p] as number) + (last[p] as number), bias)));
      values[p] = v;
      if (v !== lastOut[p]) same = false;
    }
    if (same) return this.lastKey;
    lastOut.set(values);
    const tables = this.tables;
    tables.length = 0;
    tablesOf(values, P, this.sorted, tables);
    let key = 0;
    for (let i = tables.length - 1; i >= 0; i--) key = key * 2 ** P + (tables[i] as number);
    return (this.lastKey = key);
  }

  /**
   * The terms of the dot: the product over the first n - 1 on nodes times Ĝ, entries where either
   * is 0 dropped, and the sum of their magnitudes.
   */
  private buildTerms(key: number, n: number): void {
    const out = this.output(key, n);
    const unit = this.unit as UnitTables;
    const dim = unit.dim;
    if (this.gFullFor !== key) {
      // Ĝ spread over (state, partition), so that building the terms needs no division.
      if (this.gFull.length < dim) this.gFull = new Float64Array(dim);
      for (let k = 0; k < dim; k++) this.gFull[k] = out.g[k % this.size] as number;
      this.gFullFor = key;
    }
    const depth = Math.max(0, n - 2);
    const len = this.depthLen[depth] as number;
    if (this.termIdx.length < len) {
      this.termIdx = new Int32Array(dim);
      this.termVal = new Float64Array(dim);
    }
    const srcIdx = this.depthIdx[depth] as Int32Array;
    const srcVal = this.depthVal[depth] as Float64Array;
    const { termIdx, termVal, gFull } = this;
    const node = n >= 2 ? this.termNode : null; // one on node: the prefix is empty
    const a = node ? (node.a as Float64Array) : null;
    let m = 0;
    let abs = 0;
    for (let i = 0; i < len; i++) {
      const k = srcIdx[i] as number;
      let v = (srcVal[i] as number) * (gFull[k] as number);
      if (a) v *= a[k] as number;
      if (v === 0) continue;
      termIdx[m] = k;
      termVal[m++] = v;
      abs += Math.abs(v);
    }
    this.termLen = m;
    this.absSum = abs;
    this.termShift = (this.depthShift[depth] as number) + (node ? node.shift : 0) + out.shift;
    this.termsFor = key;
  }
}

/**
 * Sum of val[i] * a[idx[i]]: four partial sums break the chain of dependent additions; with
 * non-negative integers below 2^53 every grouping gives the same exact sum.
 */
function dot(idx: Int32Array, val: Float64Array, len: number, a: Float64Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    s0 += (val[i] as number) * (a[idx[i] as number] as number);
    s1 += (val[i + 1] as number) * (a[idx[i + 1] as number] as number);
    s2 += (val[i + 2] as number) * (a[idx[i + 2] as number] as number);
    s3 += (val[i + 3] as number) * (a[idx[i + 3] as number] as number);
  }
  for (; i < len; i++) s0 += (val[i] as number) * (a[idx[i] as number] as number);
  return s0 + s1 + (s2 + s3);
}
