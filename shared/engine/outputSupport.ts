/**
 * Which of node z's tables can give the output a gate count above zero at a live state of a group
 * walk (groupWalk.ts), so that a Q cell known to be zero is not summed.
 *
 * A local gate count is zero where two patterns with the same parent bits ask for different output
 * bits (localGates.ts). With the listed nodes' tables fixed (a row of W), the patterns fall into
 * classes of equal bits; node z's table tau then keeps the output's table w consistent exactly when
 * tau xor w is constant on every class that w splits (a class w keeps whole may be split any way).
 * Those tau form a coset of a subspace over GF(2): w xor the span of the split classes' masks and
 * the single patterns of the other classes, enumerated here (at most 2^patterns of them).
 *
 * A Q cell Q[s][tau] sums W(row, tau) over the state's listed joint choices, and W sums the
 * output's gate counts over its tables: where tau is outside every one of those rows' cosets, the
 * cell is zero. On PARITY [3, 5, 5, 1] 97% of the cells a slice summed were, and on MAJORITY
 * [3, 4, 4, 1] 74%. The masks are a superset: a count that is zero for another reason (XOR and
 * XNOR of two parents) is summed as before, so nothing depends on them but the time.
 */
import type { TableNode } from './circuitTables.js';

/** Tables of more patterns than this (masks of more than 2^8 bits) go without a support. */
const MAX_PATTERNS = 8;

export class OutputSupport {
  /** Int32 words of a mask over node z's 2^patterns tables. */
  private readonly words: number;
  /** Every pattern's bit; and every table's, in a mask of one word. */
  private readonly full: number;
  private readonly allTables: number;
  /** rowMasks[row * words ...]: the tables tau keeping some output table consistent with the row, where rowStamp[row] === group. */
  private rowMasks = new Int32Array(0);
  private rowStamp = new Int32Array(0);
  /** stateMasks[i * words ...]: the union of its listed joint choices' row masks at the i-th live state, where stateStamp[i] === epoch. */
  private stateMasks = new Int32Array(0);
  private stateStamp = new Int32Array(0);
  private group = 0;
  private epoch = 0;
  /** Classes of patterns while a row's mask is made, and the generators of its coset. */
  private readonly classes: Int32Array;
  private readonly gens: Int32Array;
  /** Whether this group's cells are tested (false past MAX_PATTERNS or W's rows). */
  on = false;

  constructor(patterns: number) {
    this.words = patterns > MAX_PATTERNS ? 0 : Math.max(1, 2 ** patterns / 32);
    this.full = 2 ** Math.min(patterns, 31) - 1;
    this.allTables = patterns >= 5 ? -1 : 2 ** (2 ** patterns) - 1;
    this.classes = new Int32Array(Math.max(1, patterns));
    this.gens = new Int32Array(Math.max(1, patterns));
  }

  /** A new group whose W has `rows` rows: every mask stale. */
  start(rows: number, liveStates: number): void {
    this.on = this.words > 0;
    if (!this.on) return;
    if (this.rowStamp.length < rows) {
      this.rowStamp = new Int32Array(rows);
      this.rowMasks = new Int32Array(rows * this.words);
      this.group = 0;
    }
    if (this.group === 0x7fffffff) {
      this.rowStamp.fill(0);
      this.group = 0;
    }
    this.group++;
    this.hold(liveStates);
    this.stale();
  }

  /** Room for `liveStates` states' masks. */
  hold(liveStates: number): void {
    if (this.stateStamp.length >= liveStates) return;
    this.stateStamp = new Int32Array(liveStates);
    this.stateMasks = new Int32Array(liveStates * this.words);
    this.epoch = 0;
  }

  /** The live states or their lists changed: every state's mask stale. */
  stale(): void {
    if (this.epoch === 0x7fffffff) {
      this.stateStamp.fill(0);
      this.epoch = 0;
    }
    this.epoch++;
  }

  /**
   * Whether Q's cell of node z's table tau at the i-th live state may be non-zero: its listed joint
   * choices are `rows[start .. start + n)`, node r's table of a row its index by `stride[r]`.
   */
  allows(i: number, tau: number, rows: Int32Array, start: number, n: number, layer: readonly TableNode[], out: TableNode, stride: Float64Array): boolean {
    const { words } = this;
    const at = i * words;
    if (this.stateStamp[i] !== this.epoch) {
      const { stateMasks } = this;
      stateMasks.fill(0, at, at + words);
      for (let k = start; k < start + n; k++) {
        const m = this.rowMask(rows[k] as number, layer, out, stride);
        for (let j = 0; j < words; j++) stateMasks[at + j] = (stateMasks[at + j] as number) | (this.rowMasks[m + j] as number);
      }
      this.stateStamp[i] = this.epoch;
    }
    return (((this.stateMasks[at + (tau >>> 5)] as number) >>> (tau & 31)) & 1) === 1;
  }

  /** Whether W(row, tau) may be non-zero: tau in the row's mask (made where stale). */
  allowsRow(row: number, tau: number, layer: readonly TableNode[], out: TableNode, stride: Float64Array): boolean {
    const at = this.rowMask(row, layer, out, stride);
    return (((this.rowMasks[at + (tau >>> 5)] as number) >>> (tau & 31)) & 1) === 1;
  }

  /** Where row's mask starts in rowMasks, made where stale. */
  private rowMask(row: number, layer: readonly TableNode[], out: TableNode, stride: Float64Array): number {
    const { words, rowMasks, classes, gens, full } = this;
    const at = row * words;
    if (this.rowStamp[row] === this.group) return at;
    rowMasks.fill(0, at, at + words);
    const z = layer.length - 1;
    // The patterns' classes by the listed parents' bits.
    classes[0] = full;
    let k = 1;
    let onZ = false;
    for (let p = 0; p < out.parents.length; p++) {
      const r = out.parents[p] as number;
      if (r === z) {
        onZ = true;
        continue;
      }
      const node = layer[r] as TableNode;
      const t = node.tables[Math.floor(row / (stride[r] as number)) % node.tables.length] as number;
      const before = k;
      for (let c = 0; c < before; c++) {
        const cls = classes[c] as number;
        const a = cls & t;
        if (a !== 0 && a !== cls) {
          classes[c] = a;
          classes[k++] = cls & ~t;
        }
      }
    }
    for (let o = 0; o < out.tables.length; o++) {
      const w = out.tables[o] as number;
      let g = 0;
      let consistent = true;
      for (let c = 0; c < k; c++) {
        const cls = classes[c] as number;
        const a = cls & w;
        if (a !== 0 && a !== cls) {
          consistent = false;
          gens[g++] = cls;
        } else {
          // A class w keeps whole may be split any way: each of its patterns is a generator.
          for (let rest = cls; rest !== 0; rest &= rest - 1) gens[g++] = rest & -rest;
        }
      }
      if (!onZ) {
        // W does not read node z: every table or none.
        if (consistent) rowMasks.fill(this.allTables, at, at + words);
        continue;
      }
      // The coset w xor span(gens), in Gray-code order.
      let d = 0;
      this.mark(at, w);
      for (let x = 1; x < 2 ** g; x++) {
        d ^= gens[31 - Math.clz32(x & -x)] as number;
        this.mark(at, w ^ d);
      }
    }
    this.rowStamp[row] = this.group;
    return at;
  }

  private mark(at: number, tau: number): void {
    const j = at + (tau >>> 5);
    this.rowMasks[j] = (this.rowMasks[j] as number) | (1 << (tau & 31));
  }
}
