/**
 * The listed nodes' joint choices at a live state of a group walk (groupWalk.ts), but the last
 * listed node's: kept per state while those nodes and the live states stay the same. The search
 * moves the last hidden layer's rows last node first, so consecutive groups differ in the last
 * listed node alone, and each rebuilt every state's list through an odometer over all the listed
 * nodes; now they combine this list with the last node's gate counts.
 *
 * A row here is the prefix's own (its nodes' table indices by their own strides); the walk's row of
 * a full choice is this row times the last node's table count plus that node's index, as W's
 * strides make it. Products are the odometer's, multiplied in node order.
 */
import type { TableNode } from './circuitTables.js';
import type { LayerGates } from './gateVectors.js';
import { StateLists } from './stateLists.js';
import type { GateCountOf, StepScratch } from './stepScratch.js';

/** A node's parents' joint choice at the i-th live state (GroupWalk). */
export interface ChoiceSource {
  choiceAt(i: number, node: TableNode): number;
}

/** Prefix entries kept over a run of groups: past this the lists restart (every state's stale). */
const MAX_ENTRIES = 1 << 18;

export class JointPrefix {
  /** Per live state, its prefix entries: their products and their prefix rows. */
  readonly lists = new StateLists(MAX_ENTRIES);
  /** The prefix nodes' keys (with the layers below unchanged, a key fixes a node's tables and parents). */
  private readonly keys: number[] = [];
  private valid = false;
  /** stride[r]: prefix node r's weight in a prefix row. */
  private readonly stride: Float64Array;
  private readonly factors: Float64Array[];
  private readonly which: Int32Array[];
  private readonly nonZero: Int32Array;
  private readonly digit: Int32Array;

  constructor(
    private readonly scratch: StepScratch,
    private readonly gates: GateCountOf,
    widest: number,
  ) {
    this.stride = new Float64Array(widest);
    this.factors = Array.from({ length: widest }, () => new Float64Array(0));
    this.which = Array.from({ length: widest }, () => new Int32Array(0));
    this.nonZero = new Int32Array(widest);
    this.digit = new Int32Array(widest);
  }

  /** New live states (`states` at most): every list stale, and the next group's prefix new whatever its keys. */
  reset(states: number): void {
    this.lists.hold(states);
    this.lists.stale();
    this.valid = false;
  }

  /** A group listing `layer`'s first `listed` nodes: its prefix is nodes 0..listed-2, kept when they are the last group's. */
  group(layer: readonly TableNode[], listed: number): void {
    const n = Math.max(0, listed - 1);
    const { keys } = this;
    let same = this.valid && keys.length === n;
    for (let r = 0; same && r < n; r++) same = keys[r] === (layer[r] as TableNode).key;
    if (same) return;
    let joint = 1;
    for (let r = n - 1; r >= 0; r--) {
      keys[r] = (layer[r] as TableNode).key;
      this.stride[r] = joint;
      joint *= (layer[r] as TableNode).tables.length;
    }
    keys.length = n;
    this.valid = true;
    this.lists.stale();
  }

  /** Where the i-th live state's prefix list starts (lists.length[i] entries), built where stale (`walk`: the nodes' choices at live states). */
  at(i: number, layer: readonly TableNode[], walk: ChoiceSource): number {
    const { lists } = this;
    const known = lists.at(i);
    if (known >= 0) return known;
    const n = this.keys.length;
    const { nonZero, digit, factors, which, scratch } = this;
    let count = 1;
    for (let r = 0; r < n; r++) {
      const node = layer[r] as TableNode;
      const t = walk.choiceAt(i, node);
      const c = scratch.countsAtChoice(r, node, t, this.gates);
      const kept = scratch.keptLayer as LayerGates;
      const from = scratch.slotStart(r) + t * node.tables.length;
      if ((factors[r] as Float64Array).length < c) {
        factors[r] = new Float64Array(node.tables.length);
        which[r] = new Int32Array(node.tables.length);
      }
      const f = factors[r] as Float64Array;
      const w = which[r] as Int32Array;
      for (let k = 0; k < c; k++) {
        f[k] = kept.gates[from + k] as number;
        w[k] = kept.which[from + k] as number;
      }
      nonZero[r] = c;
      digit[r] = 0;
      count *= c;
    }
    const start = lists.begin(count);
    let k = start;
    if (count > 0) {
      const { products, rows } = lists;
      const { stride } = this;
      for (;;) {
        let product = 1;
        let row = 0;
        for (let r = 0; r < n; r++) {
          const d = digit[r] as number;
          product *= (factors[r] as Float64Array)[d] as number;
          row += ((which[r] as Int32Array)[d] as number) * (stride[r] as number);
        }
        products[k] = product;
        rows[k] = row;
        k++;
        let r = n - 1;
        while (r >= 0 && (digit[r] = (digit[r] as number) + 1) === nonZero[r]) digit[r--] = 0;
        if (r < 0) break;
      }
    }
    lists.end(i, start, k);
    return start;
  }
}
