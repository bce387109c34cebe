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
 *
 * A row's mask depends only on the output's tables and its listed parents' tables, and a slice
 * asks for few of those (3 668 distinct among 4.2 million rows of a PARITY slice), so masks are
 * kept by those tables across groups (MaskCache). A state's mask is the union of its rows', made
 * when a circuit first reads the state in a group; circuits skip the cells outside it unread.
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
  /** stateMasks[i * words + j]: word j of the union of its listed joint choices' row masks at the i-th live state, where stateStamp[i] === epoch. */
  private stateMasks = new Int32Array(0);
  private stateStamp = new Int32Array(0);
  private group = 0;
  private epoch = 0;
  /** Classes of patterns while a row's mask is made, and the generators of its coset. */
  private readonly classes: Int32Array;
  private readonly gens: Int32Array;
  /** Row masks by the tables they depend on, across groups. */
  private readonly cache: MaskCache;
  /** The key of the row being made: the output's tables, its listed parents' tables, then 1 where the output reads node z (else 0). */
  private key = new Int32Array(0);
  /** Whether this group's cells are tested (false past MAX_PATTERNS or W's rows). */
  on = false;

  constructor(patterns: number) {
    this.words = patterns > MAX_PATTERNS ? 0 : Math.max(1, 2 ** patterns / 32);
    this.full = 2 ** Math.min(patterns, 31) - 1;
    this.allTables = patterns >= 5 ? -1 : 2 ** (2 ** patterns) - 1;
    this.classes = new Int32Array(Math.max(1, patterns));
    this.gens = new Int32Array(Math.max(1, patterns));
    this.cache = new MaskCache(Math.max(1, this.words));
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
    const at = this.stateMask(i, rows, start, n, layer, out, stride);
    return (((this.stateMasks[at + (tau >>> 5)] as number) >>> (tau & 31)) & 1) === 1;
  }

  /**
   * The i-th live state's mask, made where stale (every word: a circuit reads cells all over
   * them): where it starts in `masks`. Most cells a circuit reads are zero, and one bit in a
   * state's few words is read where Q's stamp and value were two reads far apart.
   */
  stateMask(i: number, rows: Int32Array, start: number, n: number, layer: readonly TableNode[], out: TableNode, stride: Float64Array): number {
    const { words, stateMasks, epoch } = this;
    const at = i * words;
    if (this.stateStamp[i] === epoch) return at;
    stateMasks.fill(0, at, at + words);
    for (let k = start; k < start + n; k++) {
      const row = this.rowMask(rows[k] as number, layer, out, stride);
      for (let j = 0; j < words; j++) stateMasks[at + j] = (stateMasks[at + j] as number) | (this.rowMasks[row + j] as number);
    }
    this.stateStamp[i] = epoch;
    return at;
  }

  /** The states' masks' words, at `stateMask`'s offsets. */
  get masks(): Int32Array {
    return this.stateMasks;
  }

  /** Whether W(row, tau) may be non-zero: tau in the row's mask (made where stale). */
  allowsRow(row: number, tau: number, layer: readonly TableNode[], out: TableNode, stride: Float64Array): boolean {
    const at = this.rowMask(row, layer, out, stride);
    return (((this.rowMasks[at + (tau >>> 5)] as number) >>> (tau & 31)) & 1) === 1;
  }

  /** Where row's mask starts in rowMasks, made where stale. */
  private rowMask(row: number, layer: readonly TableNode[], out: TableNode, stride: Float64Array): number {
    const { words, rowMasks } = this;
    const at = row * words;
    if (this.rowStamp[row] === this.group) return at;
    this.rowStamp[row] = this.group;
    const z = layer.length - 1;
    const length = out.tables.length + out.parents.length + 1;
    if (this.key.length < length) this.key = new Int32Array(length);
    const { key } = this;
    key.set(out.tables);
    let n = out.tables.length;
    let onZ = 0;
    for (let p = 0; p < out.parents.length; p++) {
      const r = out.parents[p] as number;
      if (r === z) onZ = 1;
      else {
        const node = layer[r] as TableNode;
        key[n++] = node.tables[Math.floor(row / (stride[r] as number)) % node.tables.length] as number;
      }
    }
    key[n++] = onZ;
    const tables = out.tables.length;
    if (this.cache.get(key, n, tables, rowMasks, at)) return at;
    this.make(key, tables, n - 1, onZ === 1, at);
    this.cache.set(key, n, tables, rowMasks, at);
    return at;
  }

  /** The mask at `at` of a row whose output tables are key[0 .. tables) and its listed parents' key[tables .. end). */
  private make(key: Int32Array, tables: number, end: number, onZ: boolean, at: number): void {
    const { words, rowMasks, classes, gens, full } = this;
    rowMasks.fill(0, at, at + words);
    // The patterns' classes by the listed parents' bits.
    classes[0] = full;
    let k = 1;
    for (let p = tables; p < end; p++) {
      const t = key[p] as number;
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
    for (let o = 0; o < tables; o++) {
      const w = key[o] as number;
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
  }

  private mark(at: number, tau: number): void {
    const j = at + (tau >>> 5);
    this.rowMasks[j] = (this.rowMasks[j] as number) | (1 << (tau & 31));
  }
}

/** Slots of the mask cache: a slice's distinct rows are a few thousand. */
const CACHE_BITS = 13;
/** The longest key kept (output tables, listed parents, node z's flag); longer ones are made each time. */
const MAX_KEY = 14;

/**
 * Row masks by their key (the output's tables and the listed parents'), direct-mapped as
 * wideGates.ts: a slot holds the last key that hashed to it, so memory is fixed and a collision
 * only costs a mask made again.
 */
class MaskCache {
  /** Per slot: the key's length (0: empty), its table count, then the key. */
  private readonly keys = new Int32Array((1 << CACHE_BITS) * (MAX_KEY + 2));
  private readonly masks: Int32Array;

  constructor(private readonly words: number) {
    this.masks = new Int32Array((1 << CACHE_BITS) * words);
  }

  private slot(key: Int32Array, n: number, tables: number): number {
    let h = Math.imul(n ^ (tables << 8), 0x9e3779b1);
    for (let i = 0; i < n; i++) h = Math.imul(h ^ (key[i] as number), 0x85ebca6b) ^ (h >>> 15);
    return h >>> (32 - CACHE_BITS);
  }

  /** Copies key's mask to `into` at `at` where kept; whether it was. */
  get(key: Int32Array, n: number, tables: number, into: Int32Array, at: number): boolean {
    if (n > MAX_KEY) return false;
    const slot = this.slot(key, n, tables);
    const { keys, words } = this;
    const k = slot * (MAX_KEY + 2);
    if (keys[k] !== n || keys[k + 1] !== tables) return false;
    for (let i = 0; i < n; i++) if (keys[k + 2 + i] !== key[i]) return false;
    into.set(this.masks.subarray(slot * words, slot * words + words), at);
    return true;
  }

  /** Keeps the mask at `at` of `from` for key. */
  set(key: Int32Array, n: number, tables: number, from: Int32Array, at: number): void {
    if (n > MAX_KEY) return;
    const slot = this.slot(key, n, tables);
    const { keys, words } = this;
    const k = slot * (MAX_KEY + 2);
    keys[k] = n;
    keys[k + 1] = tables;
    keys.set(key.subarray(0, n), k + 2);
    this.masks.set(from.subarray(at, at + words), slot * words);
  }
}
