/**
 * Exact summary of the grounding counts of many circuits: how many circuits have each count, and
 * from that the total, least and greatest count. Summaries merge in any order and grouping to the
 * same summary. Its size is the number of distinct counts (236 186 for the 34 million circuits of
 * xor-k5 unfiltered), not the number of circuits.
 *
 * Counts are hashed by their float64 rounding and checked against the exact bigint: V8 hashes a
 * bigint by its lowest 64-bit digit, and grounding counts are mostly multiples of 2^64, so a Map
 * keyed by the bigints degenerates to a list (5 million additions of 1000 distinct counts: 59 s,
 * against 0.25 s keyed by number). Numbers of circuits are numbers while they are safe integers
 * and bigints past that.
 */

import { bigHash, hashOf, releaseTable, stageCells, STAGED_CELLS, takeTable, type CountTable } from './countTable.js';
import { sortByKey } from './keySort.js';
import { heldByFloat, interleave } from './packedDistribution.js';
import { addCount, checkCount, type CircuitCount } from './circuitCount.js';
import { jsonColumns, recordColumns, type GroundingSummaryJson, type GroundingSummaryRecord } from './summaryForms.js';

export type { CircuitCount };
export type { GroundingSummaryJson, GroundingSummaryRecord } from './summaryForms.js';

export class GroundingSummary {
  /**
   * Slot i is table[2i] (its key) and table[2i + 1] (its circuits: 0 for an empty slot, Infinity
   * when the number is a bigint in `large`): a probe reads one cache line, where a key array, a
   * count array and an exactness array beside them read three; tables of millions of slots miss
   * the caches on every probe. The key is the count itself when float64 holds it exactly, and
   * minus its float64 rounding when not (such counts are above 2^53, so the sign tells them apart).
   * The slots live in WebAssembly memory, where `addNumbers` adds to present counts
   * (countTable.ts); everything else reads and writes them here.
   */
  private store: CountTable;
  private table: Float64Array;
  /** The count of a slot whose key is negative (float64 does not hold it), by slot: rare, so a map. */
  private bigValues = new Map<number, bigint>();
  private large = new Map<number, bigint>();
  private mask: number;
  private distinct = 0;
  private keptCount: CircuitCount = 0;
  /** Set by `release`: the table is another summary's now. */
  private released = false;

  /** `slots`: the table's first size, a power of two of at least 1 024 (more for an owner that expects many distinct counts). */
  constructor(slots = 1024) {
    this.store = takeTable(slots);
    this.table = this.store.slots;
    this.mask = slots - 1;
  }

  /**
   * Gives the table to the next summary of this thread (countTable.ts `takeTable`), for an owner
   * that has read all it needs (`split`): a new table's first writes cost more than its rehash on
   * this machine. Reading or adding afterwards throws.
   */
  release(): void {
    if (this.released) return;
    this.released = true;
    releaseTable(this.store);
  }

  private live(): void {
    if (this.released) throw new Error('GroundingSummary: used after release()');
  }

  /** Adds `circuits` circuits (default 1) with `value` groundings each. */
  add(value: bigint, circuits: CircuitCount = 1): this {
    this.live();
    if (typeof value !== 'bigint' || value < 0n) throw new RangeError(`GroundingSummary.add: value must be a non-negative bigint, got ${String(value)}`);
    const c = circuits === 1 ? 1 : checkCount(circuits, 'GroundingSummary.add');
    if (c === 0) return this;
    const f = Number(value);
    if (heldByFloat(value)) return this.addNumber(f, c);
    const i = this.bigSlot(value);
    const { table, bigValues, mask } = this;
    if (table[2 * i + 1] === 0) {
      table[2 * i] = -f;
      bigValues.set(i, value);
      this.setCount(i, c);
      if (++this.distinct * 2 > mask) this.grow();
    } else {
      this.setCount(i, addCount(this.countAt(i), c));
    }
    this.keptCount = addCount(this.keptCount, c);
    return this;
  }

  /**
   * `add` for a count held exactly in a float64 (a non-negative integer, as the fast grounding
   * count produces): no bigint is made unless the count is new.
   */
  addNumber(value: number, circuits: CircuitCount = 1): this {
    this.live();
    if (!(Number.isInteger(value) && value >= 0)) throw new RangeError(`GroundingSummary.addNumber: value must be a non-negative integer, got ${value}`);
    const c = circuits === 1 ? 1 : checkCount(circuits, 'GroundingSummary.addNumber');
    if (c === 0) return this;
    if (value === 0) value = 0; // -0 hashes apart from 0
    const i = this.numberSlot(value);
    if (this.table[2 * i + 1] === 0) {
      // A new count: held by its float64 alone, no bigint until it is read.
      this.table[2 * i] = value;
      this.setCount(i, c);
      if (++this.distinct * 2 > this.mask) this.grow();
    } else this.setCount(i, addCount(this.countAt(i), c));
    this.keptCount = addCount(this.keptCount, c);
    return this;
  }

  /**
   * `addNumber` for many counts at once: values[from + i] * scale with circuits[circuitsFrom + i] *
   * times circuits, for i below n. The caller vouches that every value times scale is a non-negative integer held exactly
   * (the fast grounding count's); only the numbers of circuits are checked.
   */
  addNumbers(values: Float64Array, circuits: Float64Array, n: number, scale: number, times: number, from = 0, circuitsFrom = 0): this {
    this.live();
    let done = 0;
    while (done < n) {
      const store = this.store;
      const m = Math.min(n - done, STAGED_CELLS);
      stageCells(store.values, values, from + done, m);
      stageCells(store.circuits, circuits, circuitsFrom + done, m);
      let i = 0;
      while (i < m) {
        i = store.add(i, m, scale, times);
        this.keptCount = addCount(this.keptCount, store.added);
        if (i === m) break;
        // A new count, or a number of circuits past a safe integer: this cell here.
        const c = (store.circuits[i] as number) * times;
        this.addNumber((store.values[i] as number) * scale, c <= Number.MAX_SAFE_INTEGER ? c : BigInt(store.circuits[i] as number) * BigInt(times));
        i++;
        // The table grew into new memory: the rest is staged there.
        if (this.store !== store) break;
      }
      done += i;
    }
    return this;
  }

  /** Adds every circuit of `other` (which is left unchanged). */
  merge(other: GroundingSummary): this {
    // A summary merged into itself would see its own additions: read it whole first.
    const entries = other === this ? [...other.entries()] : other.entries();
    for (const [value, c] of entries) this.add(value, c);
    return this;
  }

  /** Number of circuits summarised. */
  get kept(): CircuitCount {
    return this.keptCount;
  }

  /** Number of distinct grounding counts. */
  get size(): number {
    return this.distinct;
  }

  /** Sum of the groundings of every circuit. */
  get total(): bigint {
    let total = 0n;
    for (const [value, c] of this.entries()) total += value * BigInt(c);
    return total;
  }

  /** Least grounding count, or null when empty. */
  get min(): bigint | null {
    let min: bigint | null = null;
    for (const [value] of this.entries()) if (min === null || value < min) min = value;
    return min;
  }

  /** Greatest grounding count, or null when empty. */
  get max(): bigint | null {
    let max: bigint | null = null;
    for (const [value] of this.entries()) if (max === null || value > max) max = value;
    return max;
  }

  /** [grounding count, circuits with it], ascending by count. */
  distribution(): [bigint, CircuitCount][] {
    const { values, circuits } = this.columns();
    return values.map((v, i) => [v, circuits[i] as CircuitCount]);
  }

  /**
   * The distribution in two parts, each ascending: the counts a float64 holds exactly, as numbers
   * (radix-sorted with their circuits, keySort.ts), and the others as bigints. The numbers'
   * circuits stay the Float64Array they were sorted in: Infinity marks one past a safe integer,
   * whose exact number `numLarge` holds by position (an array of the slots' numbers, converted back
   * by the packed form, cost about 10 ns a distinct count, tens of millions in a k = 6 run).
   */
  split(): { num: Float64Array; numCircuits: Float64Array; numLarge: Map<number, bigint>; big: bigint[]; bigCircuits: CircuitCount[] } {
    this.live();
    const { table, mask } = this;
    const keys = new Float64Array(this.distinct);
    const circuits = new Float64Array(this.distinct);
    const others: number[] = [];
    let n = 0;
    for (let i = 0; i <= mask; i++) {
      const c = table[2 * i + 1] as number;
      if (c === 0) continue;
      const key = table[2 * i] as number;
      if (key >= 0) {
        keys[n] = key;
        circuits[n++] = c;
      } else others.push(i);
    }
    sortByKey(keys, circuits, n);
    const num = keys.subarray(0, n);
    const numCircuits = circuits.subarray(0, n);
    const numLarge = new Map<number, bigint>();
    if (this.large.size > 0) for (let k = 0; k < n; k++) if (numCircuits[k] === Infinity) numLarge.set(k, this.countAt(this.numberSlot(num[k] as number)) as bigint);
    const big = others.map((i) => this.bigValues.get(i) as bigint).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    const bigCircuits = big.map((v) => this.countAt(this.bigSlot(v)));
    return { num, numCircuits, numLarge, big, bigCircuits };
  }

  /** The distribution as two columns, ascending by count. */
  columns(): { values: bigint[]; circuits: CircuitCount[] } {
    const { num, numCircuits, numLarge, big, bigCircuits } = this.split();
    const exact = Array.from(numCircuits, (c, k): CircuitCount => (c === Infinity ? (numLarge.get(k) as bigint) : c));
    return interleave(num, exact, big, bigCircuits);
  }

  toRecord(): GroundingSummaryRecord {
    return { v: 1, ...this.columns() };
  }

  static fromRecord(record: GroundingSummaryRecord): GroundingSummary {
    const { values, circuits } = recordColumns(record);
    const s = new GroundingSummary();
    values.forEach((value, i) => s.add(value, checkCount(circuits[i] as CircuitCount, `GroundingSummary record circuits[${i}]`)));
    return s;
  }

  /** Called by JSON.stringify. */
  toJSON(): GroundingSummaryJson {
    const d = this.distribution();
    return { v: 1, values: d.map((e) => e[0].toString()), circuits: d.map((e) => e[1].toString()) };
  }

  static fromJSON(json: GroundingSummaryJson): GroundingSummary {
    return GroundingSummary.fromRecord({ v: 1, ...jsonColumns(json) });
  }

  /** The slot of a count held exactly by the float64 `value` (not -0), or the empty slot it would take. */
  private numberSlot(value: number): number {
    const { table, mask } = this;
    let i = hashOf(value) & mask;
    while (table[2 * i + 1] !== 0 && table[2 * i] !== value) i = (i + 1) & mask;
    return i;
  }

  /** The slot of a count that float64 does not hold exactly (present). */
  private bigSlot(value: bigint): number {
    const { table, bigValues, mask } = this;
    const f = Number(value);
    let i = bigHash(value, f) & mask;
    while (table[2 * i + 1] !== 0 && !(table[2 * i] === -f && bigValues.get(i) === value)) i = (i + 1) & mask;
    return i;
  }

  private countAt(i: number): CircuitCount {
    const c = this.table[2 * i + 1] as number;
    return c === Infinity ? (this.large.get(i) as bigint) : c;
  }

  private setCount(i: number, c: CircuitCount): void {
    if (typeof c === 'number') this.table[2 * i + 1] = c;
    else {
      this.table[2 * i + 1] = Infinity;
      this.large.set(i, c);
    }
  }

  private grow(): void {
    const { store, table, bigValues, large, mask } = this;
    const size = (mask + 1) * 2;
    this.store = takeTable(size);
    this.table = this.store.slots;
    this.bigValues = new Map();
    this.large = new Map();
    this.mask = size - 1;
    for (let j = 0; j <= mask; j++) {
      const c = table[2 * j + 1] as number;
      if (c === 0) continue;
      const key = table[2 * j] as number;
      let i = (key < 0 ? bigHash(bigValues.get(j) as bigint, -key) : hashOf(key)) & this.mask;
      while (this.table[2 * i + 1] !== 0) i = (i + 1) & this.mask;
      this.table[2 * i] = key;
      this.table[2 * i + 1] = c;
      if (key < 0) this.bigValues.set(i, bigValues.get(j) as bigint);
      if (c === Infinity) this.large.set(i, large.get(j) as bigint);
    }
    releaseTable(store);
  }

  private valueAt(i: number): bigint {
    const key = this.table[2 * i] as number;
    return key >= 0 ? BigInt(key) : (this.bigValues.get(i) as bigint);
  }

  private *entries(): Generator<[bigint, CircuitCount]> {
    this.live();
    for (let i = 0; i <= this.mask; i++) if (this.table[2 * i + 1] !== 0) yield [this.valueAt(i), this.countAt(i)];
  }
}
