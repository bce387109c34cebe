/**
 * Local gate counts whose memo key would not fit 30 bits (groundingCount.ts `gates`): three or more
 * parents over eight patterns (three-input tasks), two or more over sixteen; and, over eight
 * patterns and more, those of two parents too, whose Map lookups were slower than this. Past 30
 * bits they used to be counted afresh at every call: 29 million calls on MAJORITY k = 4
 * unfiltered, 27% of its grounding count, for 482 thousand distinct keys. They are remembered here
 * in a direct-mapped cache: a key
 * (the table and its parents' tables) hashes to one slot, which holds the last key that landed
 * there and its count, so memory is fixed whatever the network, and a collision only costs a count.
 */
import { localGateCount } from './localGates.js';

/** 2^16 slots: about 2.5 MB at six parents. */
const SLOT_BITS = 16;

export class WideGateCount {
  /** Per slot: its parent count (-1: empty), its table, then `width` parents' tables. */
  private readonly keys: Int32Array;
  private readonly values: Float64Array;
  private readonly stride: number;
  private readonly shift: number;

  constructor(
    private readonly patterns: number,
    /** The most parents a node can have (the widest layer). */
    private readonly width: number,
    /** log2 of the slots; tests make it small so that keys collide. */
    slotBits = SLOT_BITS,
  ) {
    this.stride = width + 2;
    this.shift = 32 - slotBits;
    this.keys = new Int32Array(2 ** slotBits * this.stride).fill(-1);
    this.values = new Float64Array(2 ** slotBits);
  }

  /** localGateCount(table, parents, patterns), remembered. */
  gates(table: number, parents: ArrayLike<number>): number {
    const n = parents.length;
    if (n > this.width) return localGateCount(table, parents, this.patterns);
    let h = Math.imul(table ^ (n << 24), 0x9e3779b1);
    for (let i = 0; i < n; i++) h = Math.imul(h ^ (parents[i] as number), 0x85ebca6b) ^ (h >>> 15);
    const slot = h >>> this.shift;
    const { keys } = this;
    const at = slot * this.stride;
    if (keys[at] === n && keys[at + 1] === table) {
      let i = 0;
      while (i < n && keys[at + 2 + i] === parents[i]) i++;
      if (i === n) return this.values[slot] as number;
    }
    const g = localGateCount(table, parents, this.patterns);
    keys[at] = n;
    keys[at + 1] = table;
    for (let i = 0; i < n; i++) keys[at + 2 + i] = parents[i] as number;
    this.values[slot] = g;
    return g;
  }
}
