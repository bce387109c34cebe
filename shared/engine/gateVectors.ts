/**
 * Each node's non-zero gate counts for every joint choice of its parents' tables, kept from step
 * to step and from circuit to circuit of a grounding DP (stepScratch.ts). A node's gate counts
 * depend on its own tables and its parents' tables only, and those follow from the node's row and
 * the layers below: with those layers unchanged, a node met again by its key (circuitTables.ts)
 * has the same counts. On XOR [2, 4, 4, 4, 1] the DP asked the gate memo about 400 times per
 * circuit, and nearly every circuit recomputes its last hidden layer.
 *
 * Filled lazily, one parents' choice at a time, so a node never asks more than it did without it.
 * Each layer's nodes live in one arena of typed arrays, emptied when a layer below changes: a
 * layer of the DP changes every few circuits, and an object per node made the collector a tenth
 * of the run.
 */
import type { TableNode } from './circuitTables.js';

/**
 * A node with more slots than this (parents' joint choices x its tables) is not kept: a quarter of
 * the layer's budget, so a layer holds at least four. At 2^16 a second-layer node of PARITY
 * [3, 5, 5, 1] over five first-layer nodes of seven tables each (16 807 choices, 9 tables) was
 * asked afresh at every state of every circuit: kept, such a unit takes 1.2 s instead of 7.3.
 */
export const MAX_NODE_SLOTS = 1 << 18;
/** Slots one layer keeps: past it the layer is emptied and its nodes asked again. */
export const MAX_LAYER_SLOTS = 1 << 20;

/** Keys a layer's index holds before it is emptied (distinct rows of a wide layer below). */
const MAX_INDEX = 1 << 16;

/** One layer's kept nodes. */
export class LayerGates {
  /** counts[c + t]: how many of a node's tables admit a gate under its parents' choice t (-1: not asked yet), c the node's `countStart`. */
  counts = new Int32Array(256);
  /** gates[s + t * T + i], which[s + t * T + i]: the node's i-th non-zero gate count under choice t and that table's index, s its `slotStart`. */
  gates = new Float64Array(1024);
  which = new Int32Array(1024);
  /**
   * Per kept node (by the index `of` gives, below `nodes`): where its counts and its slots start,
   * and its key. Typed, with a count: emptying JS arrays by their length at each `clear` was 2.4%
   * of a narrow deep network's run.
   */
  countStart = new Int32Array(64);
  slotStart = new Int32Array(64);
  private keyOf = new Float64Array(64);
  private nodes = 0;
  private countsUsed = 0;
  private slotsUsed = 0;
  /**
   * Kept nodes by key, also after `clear` (which a DP calls nearly every circuit, and emptying a
   * Map each time was 3% of a run): an index past the nodes kept now, or kept now for another
   * key, is stale.
   */
  private readonly index = new Map<number, number>();
  /** A node was refused for the budget: `clear` before the next step, not during one (its nodes' starts would move). */
  full = false;

  constructor(private readonly maxSlots = MAX_LAYER_SLOTS) {}

  clear(): void {
    this.full = false;
    this.nodes = 0;
    this.countsUsed = 0;
    this.slotsUsed = 0;
    if (this.index.size > MAX_INDEX) this.index.clear();
  }

  /**
   * The kept node's index (its counts from countStart[e], its slots from slotStart[e]), or -1 when
   * it is too large to keep or the layer's budget is spent. The typed arrays may be replaced by
   * this call (grown, the kept ones copied): read them after it.
   */
  of(node: TableNode, choices: number): number {
    const slots = choices * node.tables.length;
    if (slots > Math.min(MAX_NODE_SLOTS, this.maxSlots)) return -1;
    const known = this.index.get(node.key);
    if (known !== undefined && known < this.nodes && this.keyOf[known] === node.key) return known;
    if (this.slotsUsed + slots > this.maxSlots) {
      this.full = true;
      return -1;
    }
    const c = this.countsUsed;
    const s = this.slotsUsed;
    if (c + choices > this.counts.length) this.counts = grown(this.counts, c + choices);
    if (s + slots > this.gates.length) {
      this.gates = grown(this.gates, s + slots);
      this.which = grown(this.which, s + slots);
    }
    this.counts.fill(-1, c, c + choices);
    this.countsUsed = c + choices;
    this.slotsUsed = s + slots;
    const e = this.nodes++;
    if (e === this.keyOf.length) {
      this.countStart = grown(this.countStart, e + 1);
      this.slotStart = grown(this.slotStart, e + 1);
      this.keyOf = grown(this.keyOf, e + 1);
    }
    this.countStart[e] = c;
    this.slotStart[e] = s;
    this.keyOf[e] = node.key;
    this.index.set(node.key, e);
    return e;
  }
}

/** Every layer's kept nodes: byLayer[l - 1] for layer l. */
export class GateVectors {
  readonly byLayer: LayerGates[];

  constructor(layers: number, maxSlots = MAX_LAYER_SLOTS) {
    this.byLayer = Array.from({ length: layers }, () => new LayerGates(maxSlots));
  }

  /** Forgets the nodes of layers l and above: their layers below are about to change. */
  forget(l: number): void {
    for (let k = Math.max(0, l - 1); k < this.byLayer.length; k++) (this.byLayer[k] as LayerGates).clear();
  }
}

function grown<T extends Int32Array | Float64Array>(a: T, need: number): T {
  let n = a.length * 2;
  while (n < need) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  return b;
}
