/**
 * The part of the fast grounding count (groundingFast.ts) shared by consecutive circuits: the
 * product of a over all on second-layer nodes but the last, times Ĝ, as a sparse list of terms.
 * The search emits circuits with the last node's row varying fastest, so the list is rebuilt once
 * per about ten circuits (xor-k5 unfiltered: 3.2 million rebuilds for 34 million circuits), from
 * the first node whose row changed, and each circuit is one sparse dot product with its last
 * node's a.
 *
 * Depth d holds the product over the first d on nodes (sparse: most entries are 0) and the output
 * dot over them per pattern, summed in node order as circuitTables.ts sums it.
 */
import type { NodeRow, UnitTables } from './groundingUnit.js';
import type { OutputMoebius } from './partitions.js';
import { exactDot, scaleTerms, TermList } from './termList.js';

export class PrefixTerms {
  /** Some node of the prefix has no table: every count with this prefix is 0. */
  zero = false;
  /** Some node of the prefix has an a past the exact limit: the plain DP counts these. */
  inexact = false;
  /** Prefix lists rebuilt (for measurements). */
  rebuilt = 0;
  /** Output dots of the prefix: depthDot[(n - 1) * P + p] for n on nodes. */
  readonly depthDot: Float64Array;
  private readonly depthIdx: Int32Array[] = [];
  private readonly depthVal: Float64Array[] = [];
  private readonly depthLen: Int32Array;
  private readonly depthShift: Float64Array;
  private readonly depthRow: Int32Array;
  /**
   * Rows 0..validDepth - 1 of depthRow are consumed: lists to depth min(validDepth, n - 2), and
   * termNode when validDepth is n - 1; -1: nothing. badDepth (when >= 0) is validDepth, its row
   * in depthRow, and names the node without a table (badZero) or with an inexact a.
   */
  private validDepth = -1;
  private badDepth = -1;
  private badZero = false;
  /** The last node of the prefix, multiplied in when the terms are built. */
  private termNode: NodeRow | null = null;
  /** Output key the terms were built for; -1: stale. */
  termsFor = -1;
  /** Terms of the per-circuit dot (every node but the last fixed) and of the two-free-node sum. */
  private readonly main = new TermList();
  private readonly pair = new TermList();
  private readonly one = new TermList();
  private gFull = new Float64Array(0);
  private gFullFor = -1;
  /** Bumped whenever a depth list changes: the pair terms are current while it has not. */
  private version = 0;
  private pairFor = -1;
  private pairN = -1;
  private pairVersion = -1;
  /** Pair term lists built so far: `pairTerms` returns it, so equal numbers mean the same terms. */
  private pairBuilt = 0;

  constructor(k2: number, private readonly P: number, private readonly limit: number) {
    this.depthLen = new Int32Array(k2 + 1);
    this.depthShift = new Float64Array(k2 + 1);
    this.depthRow = new Int32Array(k2 + 1);
    this.depthDot = new Float64Array((k2 + 1) * P);
  }

  /** A new unit: every list and term is stale. */
  reset(): void {
    this.validDepth = -1;
    this.badDepth = -1;
    this.termsFor = -1;
    this.gFullFor = -1;
    this.pairFor = -1;
    this.zero = false;
    this.inexact = false;
  }

  /**
   * Brings the lists up to date for the rows of the first `fixed` on nodes of `on2` (masked by m1),
   * rebuilt from the first whose row changed: products over the first min(fixed, n - 2) nodes, and
   * with fixed = n - 1 (every node but the last, the default) node n - 2 waits for `terms`.
   */
  update(unit: UnitTables, on2: Uint8Array, row2: Uint32Array, m1: number, fixed = on2.length - 1): void {
    const n = on2.length;
    if (this.validDepth < 0) this.depthZero(unit.dim);
    const known = this.validDepth + (this.badDepth >= 0 ? 1 : 0);
    let d = 0;
    while (d < known && d < fixed && this.depthRow[d] === (((row2[on2[d] as number] as number) & m1) >>> 0)) d++;
    if (this.badDepth >= 0 && this.badDepth < d) {
      // A node of these rows has no table (or an inexact a): known without any list.
      this.zero = this.badZero;
      this.inexact = !this.badZero;
      return;
    }
    this.zero = false;
    this.inexact = false;
    if (d === fixed) return;
    this.termsFor = -1;
    this.badDepth = -1;
    const { P, depthDot } = this;
    for (; d < fixed; d++) {
      const j = on2[d] as number;
      const row = ((row2[j] as number) & m1) >>> 0;
      const node = unit.node(j, row);
      this.depthRow[d] = row;
      this.validDepth = d;
      if (!node.a || !(node.max < this.limit)) {
        this.badDepth = d;
        this.badZero = !node.a;
        this.zero = this.badZero;
        this.inexact = !this.badZero;
        return;
      }
      for (let p = 0; p < P; p++) depthDot[(d + 1) * P + p] = (depthDot[d * P + p] as number) + (node.contrib[p] as number);
      if (d < n - 2) this.multiply(d, node, unit.dim);
      else this.termNode = node;
    }
    this.validDepth = fixed;
    this.rebuilt++;
  }

  /** Builds the terms for the output `key` (Ĝ `out`) and n on nodes. */
  terms(key: number, out: OutputMoebius, n: number, dim: number, size: number): void {
    this.spread(key, out, dim, size);
    this.fill(this.main, Math.max(0, n - 2), n >= 2 ? this.termNode : null, out, dim); // n = 1: no prefix
    this.termsFor = key;
  }

  /**
   * Terms of a subtree of the search: the product over the first n - 2 nodes (after `update` with
   * fixed = n - 2 or n - 1) times Ĝ, for the first free node (or the last fixed one) and the
   * free ones to multiply in. Not rebuilt while neither the lists nor the output changed; returns
   * a number that changes whenever they are rebuilt.
   */
  pairTerms(key: number, out: OutputMoebius, n: number, dim: number, size: number): number {
    if (this.pairFor === key && this.pairN === n && this.pairVersion === this.version) return this.pairBuilt;
    this.spread(key, out, dim, size);
    this.fill(this.pair, Math.max(0, n - 2), null, out, dim);
    this.pairFor = key;
    this.pairN = n;
    this.pairVersion = this.version;
    return ++this.pairBuilt;
  }

  /** The last fixed node after `update` with fixed = n - 1 (n >= 2): not in the pair terms. */
  get lastFixed(): NodeRow | null {
    return this.termNode;
  }

  /**
   * The pair terms times the first free node's a (the pair terms alone for null), for `pairSum`
   * with each second node.
   */
  pairFirst(first: NodeRow | null): void {
    scaleTerms(this.one, this.pair, first ? (first.a as Float64Array) : null);
    this.one.shift = this.pair.shift + (first ? first.shift : 0);
  }

  /** The powers of two divided out of the per-circuit terms. */
  get shift(): number {
    return this.main.shift;
  }

  /** The subtree terms (after `pairTerms`). */
  get pairList(): TermList {
    return this.pair;
  }

  /** The pair terms times the first node's a (after `pairFirst`), its shift not applied. */
  get oneList(): TermList {
    return this.one;
  }

  /** The powers of two divided out of the pair terms, before `pairFirst`. */
  get pairListShift(): number {
    return this.pair.shift;
  }

  /** Sum of the terms times the last node's a: exact, or NaN. */
  sum(last: NodeRow): number {
    return this.sumOf(this.main, last);
  }

  /** Sum of the pair terms times the first free node's a (`pairFirst`) and this second's. */
  pairSum(second: NodeRow): number {
    return this.sumOf(this.one, second);
  }

  private sumOf(list: TermList, node: NodeRow): number {
    return exactDot(list, node.a as Float64Array, node.max, this.limit);
  }

  /** Ĝ spread over (state, partition), so that building terms needs no division. */
  private spread(key: number, out: OutputMoebius, dim: number, size: number): void {
    if (this.gFullFor === key) return;
    if (this.gFull.length < dim) this.gFull = new Float64Array(dim);
    for (let k = 0; k < dim; k++) this.gFull[k] = out.g[k % size] as number;
    this.gFullFor = key;
  }

  /** The product at `depth`, times `node`'s a when given, times Ĝ: entries that are 0 dropped. */
  private fill(list: TermList, depth: number, node: NodeRow | null, out: OutputMoebius, dim: number): void {
    const len = this.depthLen[depth] as number;
    if (list.idx.length < len) {
      list.idx = new Int32Array(dim);
      list.val = new Float64Array(dim);
    }
    const srcIdx = this.depthIdx[depth] as Int32Array;
    const srcVal = this.depthVal[depth] as Float64Array;
    const { idx, val } = list;
    const gFull = this.gFull;
    const a = node ? (node.a as Float64Array) : null;
    let m = 0;
    let abs = 0;
    for (let i = 0; i < len; i++) {
      const k = srcIdx[i] as number;
      let v = (srcVal[i] as number) * (gFull[k] as number);
      if (a) v *= a[k] as number;
      if (v === 0) continue;
      idx[m] = k;
      val[m++] = v;
      abs += Math.abs(v);
    }
    list.len = m;
    list.abs = abs;
    list.shift = (this.depthShift[depth] as number) + (node ? node.shift : 0) + out.shift;
  }

  /** Depth 0: the empty product, 1 at every (state, partition); the output dot starts at 0. */
  private depthZero(dim: number): void {
    const idx = this.depthList(0, dim);
    const val = this.depthVal[0] as Float64Array;
    for (let i = 0; i < dim; i++) {
      idx[i] = i;
      val[i] = 1;
    }
    this.depthLen[0] = dim;
    this.version++;
    this.depthShift[0] = 0;
    this.depthDot.fill(0, 0, this.P);
    this.validDepth = 0;
    this.badDepth = -1;
  }

  private depthList(d: number, dim: number): Int32Array {
    if (!this.depthIdx[d] || (this.depthIdx[d] as Int32Array).length < dim) {
      this.depthIdx[d] = new Int32Array(dim);
      this.depthVal[d] = new Float64Array(dim);
    }
    return this.depthIdx[d] as Int32Array;
  }

  private multiply(d: number, node: NodeRow, dim: number): void {
    const a = node.a as Float64Array;
    const srcIdx = this.depthIdx[d] as Int32Array;
    const srcVal = this.depthVal[d] as Float64Array;
    const idx = this.depthList(d + 1, dim);
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
    this.version++;
    this.depthShift[d + 1] = (this.depthShift[d] as number) + node.shift;
  }
}
