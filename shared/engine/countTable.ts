/**
 * The slots of a grounding summary's table (groundingSummary.ts) in WebAssembly memory, with room
 * in front of them for the cells being added, so that `addNumbers`' loop runs in countTable.wat:
 * on the cells of a k = 6 slice, replayed into a table of their 711 000 counts (32 MB), 18-42 ns a
 * cell against 34-64 ns for the same loop in JavaScript (interleaved runs here; the table misses the
 * caches on nearly every probe, and the shorter loop keeps more probes in flight).
 */
import { COUNT_TABLE_BASE64 } from './countTableBytes.js';
import { WASM_PAGE, wasmOpener } from './wasmModule.js';

interface CountTableExports {
  readonly add: (vals: number, circ: number, from: number, n: number, scale: number, times: number, table: number, mask: number) => number;
  readonly added: { readonly value: number };
}

/** Cells staged per call: their values and circuits fill the first 64 KiB. */
export const STAGED_CELLS = 4096;
const STAGE_BYTES = STAGED_CELLS * 16;

const openTable = wasmOpener<CountTableExports>(COUNT_TABLE_BASE64);

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/**
 * Hash of a float64's bits, which picks a count's first slot; countTable.wat computes the same, so
 * both sides probe the same slots. Grounding counts have few significant bits: both words are mixed.
 */
export function hashOf(f: number): number {
  bits[0] = f;
  let h = Math.imul((words[0] as number) ^ Math.imul(words[1] as number, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  return Math.imul(h, 0xc2b2ae35) ^ (h >>> 16);
}

/**
 * First slot of a count no float64 holds: its rounding's hash mixed with the hash of what the
 * rounding dropped (never 0 for such a count; past float64's range, where the rounding is
 * Infinity, its low 64 bits). By the rounding alone, distinct counts that round alike (a run of
 * plain-DP counts near one power of two, or any two past 2^1024) all probed from one slot:
 * 150 000 of them took 12 s to add, quadratic.
 */
export function bigHash(value: bigint, f: number): number {
  const dropped = f === Infinity ? BigInt.asUintN(64, value) : value - BigInt(f);
  return hashOf(f) ^ Math.imul(hashOf(Number(dropped)), 0x9e3779b1);
}

/** Copies source[from..from + n) to the start of `to`: a loop for the short rows most calls add (xor-k5: 20 cells), where two subarrays would cost more. */
export function stageCells(to: Float64Array, source: Float64Array, from: number, n: number): void {
  if (n > 64) to.set(source.subarray(from, from + n));
  else for (let i = 0; i < n; i++) to[i] = source[from + i] as number;
}

export class CountTable {
  /** slots[2i]: slot i's key; slots[2i + 1]: its circuits, 0 while empty (every slot at first). */
  readonly slots: Float64Array;
  /** Where the caller stages the cells that `add` reads. */
  readonly values: Float64Array;
  readonly circuits: Float64Array;
  private readonly ex: CountTableExports;

  /** A table of `size` slots (a power of two), all empty. */
  constructor(readonly size: number) {
    const { exports, buffer } = openTable(Math.ceil((STAGE_BYTES + size * 16) / WASM_PAGE));
    this.ex = exports;
    this.values = new Float64Array(buffer, 0, STAGED_CELLS);
    this.circuits = new Float64Array(buffer, STAGED_CELLS * 8, STAGED_CELLS);
    this.slots = new Float64Array(buffer, STAGE_BYTES, 2 * size);
  }

  /**
   * Adds the staged cells from..n (value times scale, circuits times times) whose counts are in
   * the table, stopping at the first one that is not, or whose circuits would pass 2^53 - 1 (in
   * its slot or in `added`); returns its index, or n. Cells with no circuits are skipped.
   */
  add(from: number, n: number, scale: number, times: number): number {
    return this.ex.add(0, STAGED_CELLS * 8, from, n, scale, times, STAGE_BYTES, this.size - 1);
  }

  /** Circuits the last `add` added (a safe integer). */
  get added(): number {
    return this.ex.added.value;
  }
}

/**
 * Tables let go by summaries (grown past, or finished) in this thread, one of each size, for the
 * next ones. On this machine the first write to each page of new memory costs about 12 us (a table
 * of 8 million slots, 128 MB: 0.4 s, where its rehash is a tenth of that), and V8 hands a collected
 * WebAssembly memory's pages back to the system, so every new table faulted them in again; clearing
 * a used table costs about 2 ms per 8 MB. A summary grows through every size up to its largest, and
 * the next one of a similar slice does the same, so each size is kept: at most twice the thread's
 * largest table. The small ones too: each table is a WebAssembly instance, and a new one every
 * slice began its calls through V8's generic JS-to-wasm wrapper (XOR k = 5 in 42 or 200 slices in
 * one thread: 2-6% faster with every size kept).
 */
const spare = new Map<number, CountTable>();

/** A table of `size` slots, all empty: the spare one of that size when there is one, else a new one. */
export function takeTable(size: number): CountTable {
  const table = spare.get(size);
  if (!table) return new CountTable(size);
  spare.delete(size);
  table.slots.fill(0);
  return table;
}

/** Gives a table back once nothing reads or writes it any more (its owner must drop it). */
export function releaseTable(table: CountTable): void {
  if (!spare.has(table.size)) spare.set(table.size, table);
}

/** The sizes of the spare tables held now (tests and measurements). */
export function spareTables(): number[] {
  return [...spare.keys()].sort((a, b) => b - a);
}
