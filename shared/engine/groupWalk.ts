/**
 * The walk a group of circuits (lastNodeGroups.ts) takes over the states below its last hidden
 * layer H: only the states of non-zero weight, each node's gate counts read by its parents' joint
 * choice from the kept counts (gateVectors.ts), and the listed nodes' joint choices at a state
 * (nodes 0..z-1, or 0..z-2 in the middle way) listed once per group (per super group in the
 * middle way), with W kept by the list's rows.
 *
 * The odometer it replaces stepped through every state below for every circuit and gathered each
 * node's counts again at each: on XOR [2, 4, 4, 4, 1] a circuit's count read about 90 cells of Q
 * over 50 live states of 81, yet took 9.5 us, nearly all of it in that bookkeeping.
 *
 * One object per DP, owned by the group's sums (float and residues alike): its methods then see a
 * single class, where methods on the sums' shared base saw two and ran a third slower.
 */
import type { TableNode } from './circuitTables.js';
import type { LayerGates } from './gateVectors.js';
import { JointPrefix } from './jointPrefix.js';
import { OutputSupport } from './outputSupport.js';
import { OutputWMemo } from './outputWMemo.js';
import { SharedLists } from './sharedLists.js';
import { StateLists } from './stateLists.js';
import type { GateCountOf, StepScratch } from './stepScratch.js';
import type { TailIds } from './tailIds.js';
/** Joint choices of the listed nodes kept over a group's live states (W's rows bound one state's). */
const MAX_JOINTS = 1 << 18;
/** Layers below of more nodes than this do not keep each set of parents' choices (2^bits of them). */
const MAX_CHOICE_BITS = 12;

export class GroupWalk {
  /** The live states below since the last reset: their indices (-1 count: stale). */
  live = new Int32Array(0);
  liveCount = -1;
  /** liveDigits[i * nb + q]: node q's table index at the i-th live state. */
  private liveDigits = new Int32Array(0);
  private belowSizes = new Int32Array(0);
  private nb = 0;
  /** choicesBy[mask]: choices() of a node whose parents are the nodes below in mask, made in unit choicesStamp[mask]. */
  private choicesBy: (Int32Array | undefined)[] = [];
  private choicesStamp = new Int32Array(0);
  /** Past MAX_CHOICE_BITS nodes below, choices() by node key (a key fixes the parents), emptied at each reset. */
  private readonly choicesByKey = new Map<number, Int32Array>();
  private unit = 0;
  /** Per live state, the listed nodes' (nodes 0..z-1, or 0..z-2 in the middle way) joint choices of non-zero counts: their products and W's rows. */
  readonly joints = new StateLists(MAX_JOINTS);
  /** W by the listed nodes' joint choice and the tail (outputWMemo.ts), kept per group (super group). */
  readonly w: OutputWMemo;
  /**
   * The middle way: a Q cell sums node z - 1's gate counts times R cells (lastNodeGroups.ts), so
   * the lists and W cover nodes 0..z-2 (`listed` of them; z in the other way), and W's tail is
   * node z - 1's table and node z's (2^patterns squared; 2^patterns in the other way).
   */
  middle = false;
  listed = 0;
  /** Where countsAt's counts start. */
  from = 0;
  /** Node z - 1's tables at a state (and their indices), for its mask by them. */
  private aTables = new Int32Array(16);
  private aIndices = new Int32Array(16);
  /** Which Q cells are zero before they are summed (outputSupport.ts). */
  private readonly support: OutputSupport;
  /** The listed nodes' joint choices but the last's, kept across groups (jointPrefix.ts). */
  private readonly prefix: JointPrefix;
  /** Which live states share one list (sharedLists.ts). */
  private readonly lists = new SharedLists();

  constructor(
    private readonly scratch: StepScratch,
    private readonly gates: GateCountOf,
    span: number,
    widest: number,
    ids: TailIds | null = null,
    /**
     * Whether the middle way tests its cells too (its masks by node z - 1's tables): past four
     * patterns, where its cells are mostly zero; with two inputs the masks cost more than the
     * cells they skip (`deep.bench` 8.9-10.6 against 6.5 us a kept circuit).
     */
    private readonly middleMasks = false,
  ) {
    this.support = new OutputSupport(Math.log2(span));
    this.w = new OutputWMemo(gates, span, widest, ids, this.support);
    this.prefix = new JointPrefix(scratch, gates, widest);
  }

  /** The layers below H changed: the live states are stale. */
  reset(): void {
    this.liveCount = -1;
  }

  /**
   * A new group over layer H (on nodes 0..z): which nodes the joint choices list, W's strides, and
   * whether W is kept. With `middle` (R fits: see lastNodeGroups.ts), the lists and W leave out
   * node z - 1 too, and a group of the same `superGroup` (only node z - 1's row moved) keeps them.
   */
  group(layer: readonly TableNode[], middle: boolean, sameSuper: boolean): boolean {
    const z = layer.length - 1;
    middle &&= z >= 1;
    if (middle && sameSuper && this.middle) {
      // Node z - 1's row moved: its tables at each state, so every state's mask.
      if (this.w.kept && this.middleMasks) this.support.startMiddle(Math.max(0, this.liveCount));
      return this.w.kept;
    }
    // The lists' masks by node z - 1's table (outputSupport.ts) hold for a super group of listed groups.
    if (!(sameSuper && !middle && !this.middle)) this.support.staleLists();
    this.middle = middle;
    this.listed = middle ? z - 1 : z;
    this.lists.group(layer, this.listed);
    this.prefix.group(layer, this.listed);
    this.joints.stale();
    const kept = this.w.start(layer, this.listed, middle);
    if (kept && !middle) this.support.start(this.w.rows, Math.max(0, this.liveCount), this.middleMasks && z >= 1);
    else if (kept && this.middleMasks) this.support.startMiddle(Math.max(0, this.liveCount));
    else this.support.on = false;
    // W by the middle way's tails can pass its bound where W by node z's table alone does not.
    return kept || !middle ? kept : this.group(layer, false, false);
  }

  /**
   * Whether this group can be walked: W kept and every node of H's gate counts kept. Makes the
   * live states of f_{H-1} (`lanes` values a state, the first deciding) once per reset.
   */
  ready(below: readonly TableNode[], prev: Float64Array, prevStates: number, lanes: number, layer: readonly TableNode[]): boolean {
    if (!this.w.kept) return false;
    for (let r = 0; r < layer.length; r++) if (this.scratch.countStart(r) < 0) return false;
    if (this.liveCount >= 0) return true;
    const nb = below.length;
    this.nb = nb;
    if (this.belowSizes.length < nb) this.belowSizes = new Int32Array(nb);
    for (let q = 0; q < nb; q++) this.belowSizes[q] = (below[q] as TableNode).tables.length;
    if (this.live.length < prevStates) this.live = new Int32Array(prevStates);
    if (this.liveDigits.length < prevStates * nb) this.liveDigits = new Int32Array(prevStates * nb);
    const { live, liveDigits, belowSizes } = this;
    const digits = new Int32Array(nb);
    let n = 0;
    for (let s = 0; s < prevStates; s++) {
      if (s > 0) for (let q = nb - 1; q >= 0 && (digits[q] = (digits[q] as number) + 1) === belowSizes[q]; q--) digits[q] = 0;
      if (prev[s * lanes] === 0) continue;
      live[n] = s;
      liveDigits.set(digits, n * nb);
      n++;
    }
    this.liveCount = n;
    this.lists.hold(prevStates);
    this.lists.reset();
    this.prefix.reset(prevStates);
    this.joints.hold(prevStates);
    this.joints.stale();
    this.support.hold(n);
    this.support.stale();
    this.support.staleLists();
    this.unit++;
    if (this.choicesByKey.size > 0) this.choicesByKey.clear();
    if (nb <= MAX_CHOICE_BITS && this.choicesStamp.length < 1 << nb) {
      this.choicesStamp = new Int32Array(1 << nb);
      this.choicesBy = new Array<Int32Array | undefined>(1 << nb);
    }
    return true;
  }

  /**
   * Node `node`'s parents' joint choice at every live state (as choiceAt), kept per set of parents
   * until the next reset: the circuits of a unit ask the same few sets again and again.
   */
  choices(node: TableNode): Int32Array {
    if (this.nb > MAX_CHOICE_BITS) return this.choicesByNode(node);
    let mask = 0;
    for (let p = 0; p < node.parents.length; p++) mask |= 1 << (node.parents[p] as number);
    if (this.choicesStamp[mask] === this.unit) return this.choicesBy[mask] as Int32Array;
    let list = this.choicesBy[mask];
    if (!list || list.length < this.liveCount) list = new Int32Array(this.live.length);
    for (let i = 0; i < this.liveCount; i++) list[i] = this.choiceAt(i, node);
    this.choicesBy[mask] = list;
    this.choicesStamp[mask] = this.unit;
    return list;
  }

  /** choices() past MAX_CHOICE_BITS nodes below, where a bitmask of parents would not index an array (or fit 32 bits). */
  private choicesByNode(node: TableNode): Int32Array {
    let list = this.choicesByKey.get(node.key);
    if (list) return list;
    list = new Int32Array(this.liveCount);
    for (let i = 0; i < this.liveCount; i++) list[i] = this.choiceAt(i, node);
    this.choicesByKey.set(node.key, list);
    return list;
  }

  /**
   * Node r of H (`node`)'s non-zero gate counts at the i-th live state: how many, from slot
   * this.from of the scratch's kept layer (gates and which).
   */
  countsAt(i: number, r: number, node: TableNode): number {
    const { scratch } = this;
    const t = (this.choices(node)[i] as number);
    const kept = scratch.keptLayer as LayerGates;
    const c = kept.counts[scratch.countStart(r) + t] as number;
    this.from = scratch.slotStart(r) + t * node.tables.length;
    return c >= 0 ? c : scratch.countsAtChoice(r, node, t, this.gates);
  }

  /** Node r of H (`node`)'s gate count of its table of index `index` at the i-th live state (0 where none). */
  countOf(i: number, r: number, node: TableNode, index: number): number {
    const c = this.countsAt(i, r, node);
    const { gates, which } = this.scratch.keptLayer as LayerGates;
    for (let d = this.from; d < this.from + c; d++) if (which[d] === index) return gates[d] as number;
    return 0;
  }

  /** Node `node`'s parents' joint choice at the i-th live state, as its kept gate counts index it (the last parent least significant). */
  choiceAt(i: number, node: TableNode): number {
    const { liveDigits, belowSizes, nb } = this;
    let t = 0;
    for (let p = 0; p < node.parents.length; p++) {
      const q = node.parents[p] as number;
      t = t * (belowSizes[q] as number) + (liveDigits[i * nb + q] as number);
    }
    return t;
  }

  /** The listed nodes' joint choices at the i-th live state (see jointProducts): where they start; jointsLength[i] of them. */
  jointsAt(i: number, layer: readonly TableNode[]): number {
    const { prefix, scratch, joints } = this;
    const known = joints.at(i);
    if (known >= 0) return known;
    const m = this.listed;
    // The last listed node's gate counts times every entry of the others' list (jointPrefix.ts).
    let pAt = 0;
    let pLength = 1;
    let c = 1;
    let from = 0;
    let T = 1;
    if (m > 0) {
      pAt = prefix.at(i, layer, this);
      pLength = prefix.lists.length[i] as number;
      const node = layer[m - 1] as TableNode;
      const t = this.choiceAt(i, node);
      c = scratch.countsAtChoice(m - 1, node, t, this.gates);
      T = node.tables.length;
      from = scratch.slotStart(m - 1) + t * T;
    }
    const start = joints.begin(pLength * c);
    let k = start;
    const { products: jointProducts, rows: jointRows } = joints;
    if (m === 0) {
      jointProducts[k] = 1;
      jointRows[k] = 0;
      k++;
    } else {
      const kept = scratch.keptLayer as LayerGates;
      const { products, rows } = prefix.lists;
      for (let p = pAt; p < pAt + pLength; p++) {
        const product = products[p] as number;
        const row = (rows[p] as number) * T;
        for (let d = 0; d < c; d++) {
          jointProducts[k] = product * (kept.gates[from + d] as number);
          jointRows[k] = row + (kept.which[from + d] as number);
          k++;
        }
      }
    }
    joints.end(i, start, k);
    return start;
  }

  /**
   * Where the i-th live state's mask of node z's tables whose Q cell may be non-zero starts in
   * `masks` (a bit a table, outputSupport.ts); -1 where every cell may be. Outside the middle way
   * a state's mask is its list's (the canonical state's); in it, the pairs of its list's rows and
   * node z - 1's tables at the state.
   */
  stateMask(i: number, layer: readonly TableNode[], out: TableNode): number {
    const { support } = this;
    if (!support.on) return -1;
    const y = layer.length - 2;
    if (!this.middle) {
      const c = this.canonical(i);
      if (!this.middleMasks || y < 0) {
        const start = this.jointsAt(c, layer);
        return support.stateMask(c, this.joints.rows, start, this.joints.length[c] as number, layer, out, this.w.stride);
      }
      const known = support.current(c);
      if (known >= 0) return known;
      // The list of nodes 0..z-2 is the prefix's, its rows W's divided by node z - 1's tables.
      const pAt = this.prefix.at(c, layer, this);
      const node = layer[y] as TableNode;
      const na = this.tablesAt(c, y, node);
      return support.maskByTables(c, c, this.prefix.lists.rows, pAt, this.prefix.lists.length[c] as number, node.tables.length, this.aTables, this.aIndices, na, layer, out, this.w.stride);
    }
    const known = support.current(i);
    if (known >= 0) return known;
    const c = this.canonical(i);
    const start = this.jointsAt(c, layer);
    const na = this.tablesAt(i, y, layer[y] as TableNode);
    return support.maskByTables(i, c, this.joints.rows, start, this.joints.length[c] as number, 0, this.aTables, this.aIndices, na, layer, out, this.w.stride);
  }

  /** Node r of H (`node`)'s tables of non-zero gate counts at the i-th live state into this.aTables: how many. */
  private tablesAt(i: number, r: number, node: TableNode): number {
    const na = this.countsAt(i, r, node);
    if (this.aTables.length < na) {
      this.aTables = new Int32Array(node.tables.length);
      this.aIndices = new Int32Array(node.tables.length);
    }
    const { which } = this.scratch.keptLayer as LayerGates;
    for (let d = 0; d < na; d++) {
      const index = which[this.from + d] as number;
      this.aIndices[d] = index;
      this.aTables[d] = node.tables[index] as number;
    }
    return na;
  }

  /** The words `stateMask` points into. */
  get masks(): Int32Array {
    return this.support.masks;
  }

  /** Whether live states share lists: `canonical` differs from its argument somewhere (sharedLists.ts); read after `canonical`. */
  get shares(): boolean {
    return this.lists.shares;
  }

  /** The live state whose joint-choice list (and every sum over it, before the state's weight) the i-th shares (sharedLists.ts). */
  canonical(i: number): number {
    return this.lists.canonical(i, this.liveDigits, this.nb, this.belowSizes);
  }
}
