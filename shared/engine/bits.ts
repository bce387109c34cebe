/** Small bit helpers shared by the engine; masks are at most 31 bits wide. */

export function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Every non-empty subset of `mask`, in increasing numeric order. */
export function nonEmptySubsets(mask: number): number[] {
  const out: number[] = [];
  // Enumerate sub-masks from small to large: walk s = (s - mask) & mask.
  for (let s = -mask & mask; s !== 0; s = (s - mask) & mask) out.push(s);
  return out.sort((a, b) => a - b);
}

/** Indices of the set bits, ascending. */
export function bitIndices(mask: number): number[] {
  const out: number[] = [];
  for (let i = 0; mask >>> i; i++) if ((mask >>> i) & 1) out.push(i);
  return out;
}

export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/*
 * Cached per-mask tables for the hot loops: the search asks for the same few masks millions of
 * times, so each list is built once and shared (read-only) instead of allocated per call.
 */
const subsetCache = new Map<number, Uint32Array>();
const bitCache = new Map<number, Uint8Array>();

/** `nonEmptySubsets(mask)` as a shared, cached typed array. Do not write to it. */
export function subsetList(mask: number): Uint32Array {
  let list = subsetCache.get(mask);
  if (!list) subsetCache.set(mask, (list = Uint32Array.from(nonEmptySubsets(mask))));
  return list;
}

/** `bitIndices(mask)` as a shared, cached typed array. Do not write to it. */
export function bitList(mask: number): Uint8Array {
  let list = bitCache.get(mask);
  if (!list) bitCache.set(mask, (list = Uint8Array.from(bitIndices(mask))));
  return list;
}

/** Index of the highest set bit (mask > 0). */
export function highestBit(mask: number): number {
  return 31 - Math.clz32(mask);
}

/** Index of the lowest set bit (mask > 0). */
export function lowestBit(mask: number): number {
  return 31 - Math.clz32(mask & -mask);
}

/** Exponent of the largest power of two dividing v, a positive integer held in a float64. */
export function twoAdic(v: number): number {
  if (!(v >= 1 && v < Infinity)) throw new RangeError(`twoAdic: expected a positive finite integer, got ${v}`);
  let e = 0;
  // Whole 2^32 words first (v % 2^32 is exact for integers); then the low word's trailing zeros.
  while (v % 4294967296 === 0) {
    v /= 4294967296;
    e += 32;
  }
  const low = v % 4294967296 | 0;
  return e + 31 - Math.clz32(low & -low);
}
