/**
 * The masks of node z's tables that keep the output's table consistent with a row of W
 * (outputSupport.ts): with the listed parents' tables fixed, the patterns fall into classes of
 * equal bits, and node z's table tau keeps the output's table w consistent exactly when tau xor w
 * is constant on every class that w splits. Those tau form a coset over GF(2), enumerated here in
 * Gray-code order; a row's mask is the union over the output's tables.
 *
 * A mask depends only on the output's tables and its listed parents' tables, and a slice asks
 * for few of those (3 668 distinct among 4.2 million rows of a PARITY slice), so masks are kept by
 * those tables (MaskCache).
 */
export class ConsistentTables {
  /** Every pattern's bit; and every table's, in a mask of one word. */
  private readonly full: number;
  private readonly allTables: number;
  /** Classes of patterns while a mask is made, and the generators of its coset. */
  private readonly classes: Int32Array;
  private readonly gens: Int32Array;
  private readonly cache: MaskCache;

  /** `words`: Int32 words of a mask (2^patterns bits, at least one word). */
  constructor(patterns: number, private readonly words: number) {
    this.full = 2 ** Math.min(patterns, 31) - 1;
    this.allTables = patterns >= 5 ? -1 : 2 ** (2 ** patterns) - 1;
    this.classes = new Int32Array(Math.max(1, patterns));
    this.gens = new Int32Array(Math.max(1, patterns));
    this.cache = new MaskCache(words);
  }

  /**
   * Into `into` at `at`, the mask of the row whose key is key[0 .. n): the output's tables (the
   * first `tables`), its listed parents' tables, then 1 where the output reads node z (else 0).
   */
  mask(key: Int32Array, n: number, tables: number, into: Int32Array, at: number): void {
    if (this.cache.get(key, n, tables, into, at)) return;
    this.make(key, tables, n - 1, key[n - 1] === 1, into, at);
    this.cache.set(key, n, tables, into, at);
  }

  /** The mask into `into` at `at` of a row whose output tables are key[0 .. tables) and its listed parents' key[tables .. end). */
  private make(key: Int32Array, tables: number, end: number, onZ: boolean, into: Int32Array, at: number): void {
    const { words, classes, gens, full } = this;
    into.fill(0, at, at + words);
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
        if (consistent) into.fill(this.allTables, at, at + words);
        continue;
      }
      // The coset w xor span(gens), in Gray-code order.
      let d = 0;
      mark(into, at, w);
      for (let x = 1; x < 2 ** g; x++) {
        d ^= gens[31 - Math.clz32(x & -x)] as number;
        mark(into, at, w ^ d);
      }
    }
  }
}

/** Whether table tau's bit is set in the mask at `at`. */
export function hasTable(mask: Int32Array, at: number, tau: number): boolean {
  return (((mask[at + (tau >>> 5)] as number) >>> (tau & 31)) & 1) === 1;
}

/** Table tau's bit set in the mask at `at`. */
function mark(into: Int32Array, at: number, tau: number): void {
  const j = at + (tau >>> 5);
  into[j] = (into[j] as number) | (1 << (tau & 31));
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
