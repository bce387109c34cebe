/**
 * What the last-pair search (outputSearch.ts) reads besides its row tables: how many row choices
 * cover the lower nodes, which options cover a needed set, and the binary searches over a node's
 * sorted contributions.
 */
import { binomial, subsetList } from './bits.js';

/** Rows of m upper nodes, each a non-empty subset of p lower nodes, whose union covers q given ones. */
export function coveringCompletions(p: number, q: number, m: number): number {
  let total = 0;
  for (let i = 0; i <= q; i++) total += (i % 2 ? -1 : 1) * binomial(q, i) * (2 ** (p - i) - 1) ** m;
  return total;
}
/** Per lower mask: the option indices that are supersets of each `needed` sub-mask. */
export interface CoverTables {
  readonly lists: Uint8Array[];
  readonly lo: Uint32Array;
  readonly hi: Uint32Array;
}

export function coverTables(lowerMask: number): CoverTables {
  const options = subsetList(lowerMask);
  const size = 2 ** (31 - Math.clz32(lowerMask) + 1);
  const lists: Uint8Array[] = [];
  const lo = new Uint32Array(size);
  const hi = new Uint32Array(size);
  for (let needed = 0; needed < size; needed++) {
    const list: number[] = [];
    if ((needed & lowerMask) === needed) {
      options.forEach((opt, o) => {
        if ((opt & needed) !== needed) return;
        list.push(o);
        if (o < 32) lo[needed] = ((lo[needed] as number) | (1 << o)) >>> 0;
        else hi[needed] = ((hi[needed] as number) | (1 << (o - 32))) >>> 0;
      });
    }
    lists.push(Uint8Array.from(list));
  }
  return { lists, lo, hi };
}

/** First i in [0, n) with base + sorted[s + i] >= bound (n if none); the sum is monotone in i. */
export function firstAtLeast(sorted: Float64Array, s: number, n: number, base: number, bound: number): number {
  let a = 0;
  let b = n;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (base + (sorted[s + mid] as number) >= bound) b = mid;
    else a = mid + 1;
  }
  return a;
}

/** First i in [0, n) with base + sorted[s + i] > bound (n if none). */
export function firstAbove(sorted: Float64Array, s: number, n: number, base: number, bound: number): number {
  let a = 0;
  let b = n;
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (base + (sorted[s + mid] as number) > bound) b = mid;
    else a = mid + 1;
  }
  return a;
}
