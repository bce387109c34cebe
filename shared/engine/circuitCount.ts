/**
 * Numbers of circuits: plain numbers while they are safe integers (nearly always), bigints past
 * 2^53 - 1 (a k = 6 network keeps 1.1e11 circuits, and a study sums many), so that the common
 * case makes no bigint.
 */

/** A number of circuits: a safe integer, or a bigint past 2^53 - 1. */
export type CircuitCount = number | bigint;

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** a + b, a number while it is a safe integer. */
export function addCount(a: CircuitCount, b: CircuitCount): CircuitCount {
  if (typeof a === 'number' && typeof b === 'number') {
    const s = a + b;
    if (s <= Number.MAX_SAFE_INTEGER) return s;
  }
  const s = BigInt(a) + BigInt(b);
  return s <= SAFE ? Number(s) : s;
}

/** `c` as a CircuitCount (a bigint in the safe range becomes a number); throws naming `where` when negative or not an integer. */
export function checkCount(c: CircuitCount, where: string): CircuitCount {
  if (typeof c === 'bigint') {
    if (c < 0n) throw new RangeError(`${where}: circuits must be non-negative, got ${c}`);
    return c <= SAFE ? Number(c) : c;
  }
  if (!(Number.isSafeInteger(c) && c >= 0)) throw new RangeError(`${where}: circuits must be a non-negative safe integer or a bigint, got ${c}`);
  return c;
}
