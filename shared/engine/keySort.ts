/**
 * Sorts non-negative float64 keys ascending and a float64 payload with them, by their bits.
 *
 * A slice ends by listing its distinct grounding counts in ascending order with their circuits
 * (groundingSummary.ts `split`). Sorting the counts as a typed array and finding each one's
 * circuits again in the hash table cost about 300 ns a count (a table of millions of slots misses
 * the caches on every probe; a heavy k = 6 part has 1.2 million counts); a typed-array sort cannot
 * carry a payload, and a comparator over indices is slower still. The bits of a non-negative
 * float64 order as its value does, so a least-significant-digit radix sort on 11-bit digits sorts
 * keys and payload together in a few sequential passes, and skips the digits every key shares
 * (grounding counts are m * 2^e with m of about 30 bits: the low mantissa digits are all zero).
 *
 * Also here, ordering by one key without sorting: `selectNth` (lastPairBoxes.ts's tree).
 */

const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const PASSES = 6; // 66 bits: the 63 of a non-negative float64
/** Which 32-bit word of a float64 holds its low bits: typed arrays use the machine's byte order. */
const LO = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;

/** Digit p (bits 11p .. 11p + 10) of the float64 whose words are lo and hi. */
function digit(lo: number, hi: number, p: number): number {
  switch (p) {
    case 0:
      return lo & 0x7ff;
    case 1:
      return (lo >>> 11) & 0x7ff;
    case 2:
      return ((lo >>> 22) | (hi << 10)) & 0x7ff;
    case 3:
      return (hi >>> 1) & 0x7ff;
    case 4:
      return (hi >>> 12) & 0x7ff;
    default:
      return hi >>> 23;
  }
}

/**
 * Sorts keys[0..n) ascending in place, moving payload[i] with keys[i]. Keys must be non-negative
 * (not -0, not NaN); equal keys keep their order.
 */
export function sortByKey(keys: Float64Array, payload: Float64Array, n = keys.length): void {
  if (n < 2) return;
  let k: Float64Array = keys.subarray(0, n);
  let v: Float64Array = payload.subarray(0, n);
  let kw = new Uint32Array(k.buffer, k.byteOffset, 2 * n);
  const counts = new Uint32Array(PASSES * BUCKETS);
  for (let i = 0; i < n; i++) {
    const key = k[i] as number;
    if (!(key >= 0) || Object.is(key, -0)) throw new RangeError(`sortByKey: keys must be non-negative, got ${key} at ${i}`);
    const lo = kw[2 * i + LO] as number;
    const hi = kw[2 * i + HI] as number;
    for (let p = 0; p < PASSES; p++) {
      const at = p * BUCKETS + digit(lo, hi, p);
      counts[at] = (counts[at] as number) + 1;
    }
  }
  let k2: Float64Array = new Float64Array(n);
  let v2: Float64Array = new Float64Array(n);
  let moved = false;
  for (let p = 0; p < PASSES; p++) {
    const base = p * BUCKETS;
    // A digit that every key shares leaves the order as it is.
    if (counts[base + digit(kw[LO] as number, kw[HI] as number, p)] === n) continue;
    let at = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[base + b] as number;
      counts[base + b] = at;
      at += c;
    }
    for (let i = 0; i < n; i++) {
      const d = base + digit(kw[2 * i + LO] as number, kw[2 * i + HI] as number, p);
      const to = counts[d] as number;
      counts[d] = to + 1;
      k2[to] = k[i] as number;
      v2[to] = v[i] as number;
    }
    [k, k2] = [k2, k];
    [v, v2] = [v2, v];
    kw = new Uint32Array(k.buffer, k.byteOffset, 2 * n);
    moved = !moved;
  }
  if (moved) {
    // The sorted run ended in the scratch buffers.
    keys.set(k);
    payload.set(v);
  }
}

/**
 * Reorders order[s, e) so that the point at `nth` has no larger value of sample `dim` before it and
 * no smaller after it (quickselect). Only the tree's balance depends on it: boxes are computed from
 * the points each node holds.
 */
export function selectNth(raw: Float64Array, D: number, dim: number, order: Int32Array, s: number, e: number, nth: number): void {
  let lo = s;
  let hi = e - 1;
  const at = (i: number): number => raw[(order[i] as number) * D + dim] as number;
  while (hi > lo) {
    const pivot = at((lo + hi) >>> 1);
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (at(i) < pivot) i++;
      while (at(j) > pivot) j--;
      if (i <= j) {
        const q = order[i] as number;
        order[i] = order[j] as number;
        order[j] = q;
        i++;
        j--;
      }
    }
    if (nth <= j) hi = j;
    else if (nth >= i) lo = i;
    else return;
  }
}
