/**
 * A node's admissible local gates under its parents' chosen truth tables (SEMANTICS.md, step 2),
 * counted from the tables themselves; groundingCount.ts and wideGates.ts remember them.
 */

const seenScratch = new Int8Array(1 << 12);

/**
 * Admissible local gates of a node with truth table `table` whose parents have `parents` tables,
 * over `patterns` patterns: 0 if two patterns with the same parent bits disagree, else 2^(free
 * parent tuples), less XOR and XNOR when the node has exactly two parents.
 */
export function localGateCount(table: number, parents: ArrayLike<number>, patterns: number): number {
  const n = parents.length;
  if (n > 12) return localGateCountWide(table, parents, patterns);
  const seen = seenScratch;
  seen.fill(-1, 0, 1 << n);
  let distinct = 0;
  for (let p = 0; p < patterns; p++) {
    let tuple = 0;
    for (let i = 0; i < n; i++) tuple = (tuple << 1) | (((parents[i] as number) >>> p) & 1);
    const bit = (table >>> p) & 1;
    const prior = seen[tuple] as number;
    if (prior === -1) {
      seen[tuple] = bit;
      distinct++;
    } else if (prior !== bit) return 0;
  }
  let count = 2 ** (2 ** n - distinct);
  if (n === 2) {
    // Tuple t = (first parent bit << 1) | second; XOR is 1 on tuples 1 and 2.
    let xor = true;
    let xnor = true;
    for (let t = 0; t < 4; t++) {
      const bit = seen[t] as number;
      if (bit === -1) continue;
      const x = (t & 1) ^ (t >>> 1);
      if (bit !== x) xor = false;
      if (bit === x) xnor = false;
    }
    count -= Number(xor) + Number(xnor);
  }
  return count;
}

/** The same for very wide nodes (a Map instead of a dense tuple array). */
function localGateCountWide(table: number, parents: ArrayLike<number>, patterns: number): number {
  const seen = new Map<number, number>();
  for (let p = 0; p < patterns; p++) {
    let tuple = 0;
    for (let i = 0; i < parents.length; i++) tuple = tuple * 2 + (((parents[i] as number) >>> p) & 1);
    const bit = (table >>> p) & 1;
    const prior = seen.get(tuple);
    if (prior === undefined) seen.set(tuple, bit);
    else if (prior !== bit) return 0;
  }
  return 2 ** (2 ** parents.length - seen.size);
}
