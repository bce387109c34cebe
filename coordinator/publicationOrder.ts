/**
 * The order a network's slices are published in: the bit-reversal permutation of their plan
 * order. The plan puts the last units of the search order first (they keep the most circuits), the
 * heaviest parts among them, and the ETA of a run is its work left at the pace of the slices done
 * so far (sliceEta.ts, instrument.ts): in plan order the first minutes timed the heaviest parts
 * only, which cost about three times a share of the rest (a width-6 network's ETA three times the
 * truth at first, then a third under it). Published in bit-reversal order, the slices done at any
 * moment are spread evenly over the plan, a sample of every kind of slice. Which slices are done
 * first does not change any count (every partition and order gives the same exact summary); the
 * end of a run is as balanced as before (docs/performance.md, ninth session: the slice times of
 * xor-k5 and of growth's first width-6 network scheduled on 2 to 64 workers).
 */

/** Positions 0..n-1 in bit-reversal order: 0, n/2, n/4, 3n/4, ... (for n a power of two). */
export function publicationOrder(n: number): number[] {
  const out: number[] = [];
  if (n <= 0) return out;
  let bits = 0;
  while (1 << bits < n) bits++;
  for (let i = 0; i < 1 << bits; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) if (i & (1 << b)) r |= 1 << (bits - 1 - b);
    if (r < n) out.push(r);
  }
  return out;
}
