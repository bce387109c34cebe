/**
 * Which of node z's tables can give the output a gate count above zero at a live state of a group
 * walk (groupWalk.ts), so that a Q cell known to be zero is skipped unread.
 *
 * A local gate count is zero where two patterns with the same parent bits ask for different output
 * bits (localGates.ts). With the listed nodes' tables fixed (a row of W), the tables of node z
 * that keep one of the output's tables consistent are a coset over GF(2) (consistentTables.ts).
 * A Q cell Q[s][tau] sums W(row, tau) over the state's listed joint choices, and W sums the
 * output's gate counts over its tables: where tau is outside every one of those rows' cosets, the
 * cell is zero. On PARITY [3, 5, 5, 1] 97% of the cells a slice summed were, and on MAJORITY
 * [3, 4, 4, 1] 74%. The masks are a superset: a count that is zero for another reason (XOR and
 * XNOR of two parents) is summed as before, so nothing depends on them but the time.
 *
 * A state's mask is the union of its rows', made when a circuit first reads the state in a
 * group. Its rows are its list of nodes 0..z-2's joint choices times node z - 1's tables at the
 * state, so the mask is the union, over those tables, of the list's masks with node z - 1 at each;
 * those are kept for the super group (its groups move only node z - 1's row). The middle way lists
 * nodes 0..z-2 itself; the listed way (with three inputs) reads that list from its prefix
 * (jointPrefix.ts): on PARITY [3, 5, 5, 1]'s heavy slices a state's mask had been the union of 12
 * rows on average, remade in each of the super group's 11 groups, 22% of the time.
 */
import type { TableNode } from './circuitTables.js';
import { ConsistentTables, hasTable } from './consistentTables.js';

/** Tables of more patterns than this (masks of more than 2^8 bits) go without a support. */
const MAX_PATTERNS = 8;
/** Node z - 1's tables whose list masks a super group keeps per state (more are made each time). */
const A_SLOTS = 32;

export class OutputSupport {
  /** Int32 words of a mask over node z's 2^patterns tables. */
  private readonly words: number;
  /** rowMasks[row * words ...]: the tables tau keeping some output table consistent with the row, where rowStamp[row] === group. */
  private rowMasks = new Int32Array(0);
  private rowStamp = new Int32Array(0);
  /** stateMasks[i * words + j]: word j of the union of its listed joint choices' row masks at the i-th live state, where stateStamp[i] === epoch. */
  private stateMasks = new Int32Array(0);
  private stateStamp = new Int32Array(0);
  private group = 0;
  private epoch = 0;
  /** Rows' masks, made and kept by the tables they depend on (consistentTables.ts). */
  private readonly consistent: ConsistentTables;
  /** The key of the row being made: the output's tables, its listed parents' tables, then 1 where the output reads node z (else 0). */
  private key = new Int32Array(0);
  /** One pair's mask made from its key (the middle way), and one list's where its table has no slot (either way). */
  private readonly single: Int32Array;
  private readonly pair: Int32Array;
  /**
   * listMasks[((slot * listStates) + c) * words ...]: the union of the canonical
   * state c's list's masks with node z - 1 at the table of that slot, where listStamp[...] ===
   * listEpoch; a table's slot is aSlot[a] where aStamp[a] === listEpoch, given in the order asked.
   */
  private listMasks = new Int32Array(0);
  private listStamp = new Int32Array(0);
  private listEpoch = 0;
  private listStates = 0;
  private readonly aSlot: Int32Array;
  private readonly aStamp: Int32Array;
  private aCount = 0;
  /** Whether masks by node z - 1's tables were asked for (the lists' masks are held only then: 1 KB a live state with three inputs). */
  private listsKept = false;
  /** Whether this group's cells are tested (false past MAX_PATTERNS or W's rows). */
  on = false;

  constructor(patterns: number) {
    this.words = patterns > MAX_PATTERNS ? 0 : Math.max(1, 2 ** patterns / 32);
    this.consistent = new ConsistentTables(patterns, Math.max(1, this.words));
    this.pair = new Int32Array(Math.max(1, this.words));
    this.single = new Int32Array(Math.max(1, this.words));
    this.aSlot = new Int32Array(2 ** Math.min(patterns, MAX_PATTERNS));
    this.aStamp = new Int32Array(2 ** Math.min(patterns, MAX_PATTERNS));
  }

  /** A new group whose W has `rows` rows: every mask stale; `byTables`: states' masks by node z - 1's tables (`maskByTables`). */
  start(rows: number, liveStates: number, byTables = false): void {
    this.on = this.words > 0;
    if (!this.on) return;
    this.listsKept ||= byTables;
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

  /**
   * A new group in the middle way (states' masks by node z - 1's tables, `maskByTables`): every
   * state's mask stale. The lists' masks by table hold while nodes 0..z-2's rows do: the caller
   * makes them stale (`staleLists`) at a new super group.
   */
  startMiddle(liveStates: number): void {
    this.on = this.words > 0;
    if (!this.on) return;
    this.listsKept = true;
    this.hold(liveStates);
    this.stale();
  }

  /** Every list's mask by node z - 1's table stale, and the tables' slots free. */
  staleLists(): void {
    if (this.listEpoch === 0x7fffffff) {
      this.listStamp.fill(0);
      this.aStamp.fill(0);
      this.listEpoch = 0;
    }
    this.listEpoch++;
    this.aCount = 0;
  }

  /** Room for `liveStates` states' masks (and, once the middle way has asked, their lists' by table). */
  hold(liveStates: number): void {
    if (this.stateStamp.length < liveStates) {
      this.stateStamp = new Int32Array(liveStates);
      this.stateMasks = new Int32Array(liveStates * this.words);
      this.epoch = 0;
    }
    if (this.listsKept && this.listStamp.length < liveStates * A_SLOTS) {
      this.listStamp = new Int32Array(liveStates * A_SLOTS);
      this.listMasks = new Int32Array(liveStates * A_SLOTS * this.words);
      this.listStates = liveStates;
      this.aStamp.fill(0);
      this.listEpoch = 0;
      this.staleLists();
    }
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
   * The i-th live state's mask, made where stale (every word: a circuit reads cells all over
   * them): where it starts in `masks`. Its listed joint choices are `rows[start .. start + n)`,
   * node r's table of a row its index by `stride[r]`. Most cells a circuit reads are zero, and one
   * bit in a state's few words is read where Q's stamp and value were two reads far apart.
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

  /**
   * The i-th live state's mask by node z - 1's tables: the union over its list of nodes 0..z-2's
   * rows (`rows[start .. start + n)`) and node z - 1's tables there (`aTables[0 .. na)`, their
   * indices `aIndices`) of each pair's mask, the list's masks by table kept under the state `c`
   * whose list it is. Where it starts in `masks`. In the listed way (`scale` node z - 1's table
   * count) a pair is W's row `row * scale + index`, its mask kept for the group; in the middle way
   * (`scale` 0) W's rows leave node z - 1 out, and a pair's mask is made from its key.
   */
  maskByTables(i: number, c: number, rows: Int32Array, start: number, n: number, scale: number, aTables: Int32Array, aIndices: Int32Array, na: number, layer: readonly TableNode[], out: TableNode, stride: Float64Array): number {
    const { words, stateMasks } = this;
    const at = i * words;
    if (this.stateStamp[i] === this.epoch) return at;
    stateMasks.fill(0, at, at + words);
    for (let d = 0; d < na; d++) {
      const a = aTables[d] as number;
      // The list's mask with node z - 1 at table a, kept for the super group (its groups share it).
      let slot = this.aStamp[a] === this.listEpoch ? (this.aSlot[a] as number) : -1;
      if (slot < 0 && this.aCount < A_SLOTS) {
        slot = this.aCount++;
        this.aSlot[a] = slot;
        this.aStamp[a] = this.listEpoch;
      }
      let from: Int32Array = this.pair;
      let fromAt = 0;
      if (slot >= 0) {
        // Slot-major: states read in order with the same few tables read their lists' masks in order.
        const b = slot * this.listStates + c;
        from = this.listMasks;
        fromAt = b * words;
        if (this.listStamp[b] !== this.listEpoch) {
          this.listUnion(rows, start, n, scale, a, aIndices[d] as number, layer, out, stride, from, fromAt);
          this.listStamp[b] = this.listEpoch;
        }
      } else this.listUnion(rows, start, n, scale, a, aIndices[d] as number, layer, out, stride, from, fromAt);
      for (let j = 0; j < words; j++) stateMasks[at + j] = (stateMasks[at + j] as number) | (from[fromAt + j] as number);
    }
    this.stateStamp[i] = this.epoch;
    return at;
  }

  /** Into `into` at `at`, the union of the masks of rows[start .. start + n) with node z - 1 at table a (index `index`; see maskByTables). */
  private listUnion(rows: Int32Array, start: number, n: number, scale: number, a: number, index: number, layer: readonly TableNode[], out: TableNode, stride: Float64Array, into: Int32Array, at: number): void {
    const { words, single } = this;
    into.fill(0, at, at + words);
    for (let k = start; k < start + n; k++) {
      let from = single;
      let fromAt = 0;
      if (scale > 0) {
        from = this.rowMasks;
        fromAt = this.rowMask((rows[k] as number) * scale + index, layer, out, stride);
      } else this.masked(this.keyOf(rows[k] as number, a, layer, out, stride), out.tables.length, single, 0);
      for (let j = 0; j < words; j++) into[at + j] = (into[at + j] as number) | (from[fromAt + j] as number);
    }
  }

  /** Where the i-th state's mask starts where it is made for this group, else -1. */
  current(i: number): number {
    return this.stateStamp[i] === this.epoch ? i * this.words : -1;
  }

  /** The states' masks' words, at `stateMask`'s offsets. */
  get masks(): Int32Array {
    return this.stateMasks;
  }

  /** Whether W(row, tau) may be non-zero: tau in the row's mask (made where stale). */
  allowsRow(row: number, tau: number, layer: readonly TableNode[], out: TableNode, stride: Float64Array): boolean {
    return hasTable(this.rowMasks, this.rowMask(row, layer, out, stride), tau);
  }

  /** Where row's mask starts in rowMasks, made where stale. */
  private rowMask(row: number, layer: readonly TableNode[], out: TableNode, stride: Float64Array): number {
    const at = row * this.words;
    if (this.rowStamp[row] === this.group) return at;
    this.rowStamp[row] = this.group;
    this.masked(this.keyOf(row, -1, layer, out, stride), out.tables.length, this.rowMasks, at);
    return at;
  }

  /**
   * this.key of W's row `row` (node r's table index by `stride[r]`), with node z - 1's table `a`
   * where the row leaves that node out (the middle way; -1 where it does not): its length.
   */
  private keyOf(row: number, a: number, layer: readonly TableNode[], out: TableNode, stride: Float64Array): number {
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
      else if (r === z - 1 && a >= 0) key[n++] = a;
      else {
        const node = layer[r] as TableNode;
        key[n++] = node.tables[Math.floor(row / (stride[r] as number)) % node.tables.length] as number;
      }
    }
    key[n++] = onZ;
    return n;
  }

  /** The mask of this.key (its first n, the first `tables` the output's) into `into` at `at`: kept, or made and kept. */
  private masked(n: number, tables: number, into: Int32Array, at: number): void {
    this.consistent.mask(this.key, n, tables, into, at);
  }
}
