/**
 * Integers past 2^53 held as residues modulo primes below 2^26, in float64: the product of two
 * residues stays below 2^52, so every step is exact float arithmetic, and the Chinese remainder
 * theorem (Garner's mixed radix) gives the integer back once, in BigInt, when the primes' product
 * exceeds it. What residueDp.ts counts past float64 with, where BigInt arithmetic in the DP itself
 * was most of a deep network's groundings.
 */

/** Primes below 2^26: a product of two residues is below 2^52, exact in float64. */
export const RESIDUE_BOUND = 2 ** 26;

/** The `count` largest primes below `bound` (at most 2^26), largest first, by trial division. */
export function primesBelow(bound: number, count: number): number[] {
  if (!(Number.isInteger(bound) && bound > 2 && bound <= RESIDUE_BOUND)) throw new RangeError(`prime bound must be an integer in (2, 2^26], got ${bound}`);
  const out: number[] = [];
  for (let n = bound - 1; n >= 2 && out.length < count; n--) {
    let prime = n % 2 !== 0 || n === 2;
    for (let d = 3; prime && d * d <= n; d += 2) if (n % d === 0) prime = false;
    if (prime) out.push(n);
  }
  if (out.length < count) throw new RangeError(`only ${out.length} primes below ${bound}, ${count} asked`);
  return out;
}

/** a * b mod p for residues a, b < p < 2^26 (1 / p in `inv`): exact, the quotient's rounding corrected. */
export function mulMod(a: number, b: number, p: number, inv: number): number {
  const x = a * b;
  const r = x - Math.floor(x * inv) * p;
  return r < 0 ? r + p : r >= p ? r - p : r;
}

/** 2^e mod p, by squaring. */
function powTwoMod(e: number, p: number, inv: number): number {
  let result = 1;
  let base = 2 % p;
  for (let k = e; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result = mulMod(result, base, p, inv);
    base = mulMod(base, base, p, inv);
  }
  return result;
}

/**
 * A non-negative integer float64 modulo p. Gate counts past 2^53 are powers of two (2^(free
 * tuples) with three parents or more), the only ones a float64 holds past it that a DP meets.
 */
export function residueOf(g: number, p: number, inv: number): number {
  if (g < 2 ** 53) {
    const r = g - Math.floor(g * inv) * p;
    return r < 0 ? r + p : r >= p ? r - p : r;
  }
  const e = Math.log2(g);
  if (!Number.isInteger(e) || 2 ** e !== g) throw new RangeError(`${g} past 2^53 is not a power of two: no exact residue`);
  return powTwoMod(e, p, 1 / p);
}

/** a^-1 mod p (a not a multiple of p), by the extended Euclidean algorithm in exact float64. */
export function inverseMod(a: number, p: number): number {
  let [r0, r1] = [p, a % p];
  let [t0, t1] = [0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  if (r0 !== 1) throw new RangeError(`${a} has no inverse modulo ${p}`);
  return t0 < 0 ? t0 + p : t0;
}

/** The primes' constants a residue DP needs, for its first `lanes` primes. */
export class ResidueBasis {
  readonly primes: Float64Array;
  readonly inv: Float64Array;
  /** inverses[j * lanes + k]: primes[j]^-1 mod primes[k], j < k (Garner's constants). */
  private readonly inverses: Float64Array;
  /** The primes' product as a float64 rounded down (an integer below it is below the product). */
  readonly productBelow: number;
  readonly product: bigint;
  /** The least of the primes: an integer below it is its own residue modulo each. */
  readonly smallest: number;
  /** The greatest of the primes: every residue is below it. */
  readonly largest: number;
  private readonly digits: Float64Array;

  constructor(primes: readonly number[]) {
    const K = primes.length;
    this.primes = Float64Array.from(primes);
    this.inv = this.primes.map((p) => 1 / p);
    this.inverses = new Float64Array(K * K);
    for (let j = 0; j < K; j++) for (let k = j + 1; k < K; k++) this.inverses[j * K + k] = inverseMod(primes[j] as number, primes[k] as number);
    let product = 1;
    for (const p of primes) product *= p;
    // Each product rounds by at most half an ulp: K of them stay well inside 2^-40.
    this.productBelow = product * (1 - 2 ** -40);
    this.product = primes.reduce((a, p) => a * BigInt(p), 1n);
    this.smallest = Math.min(...primes);
    this.largest = Math.max(...primes);
    this.digits = new Float64Array(K);
  }

  get lanes(): number {
    return this.primes.length;
  }

  /** The integer in [0, product of the primes) with residues[k] modulo primes[k]. */
  integer(residues: ArrayLike<number>): bigint {
    const K = this.primes.length;
    const { primes, inv, inverses, digits } = this;
    for (let k = 0; k < K; k++) {
      const p = primes[k] as number;
      let t = residues[k] as number;
      for (let j = 0; j < k; j++) {
        let d = t - (digits[j] as number) % p;
        if (d < 0) d += p;
        t = mulMod(d, inverses[j * K + k] as number, p, inv[k] as number);
      }
      digits[k] = t;
    }
    let n = 0n;
    for (let k = K - 1; k >= 0; k--) n = n * BigInt(primes[k] as number) + BigInt(digits[k] as number);
    return n;
  }

  /**
   * The integer within `error` of the float64 integer `approx` with these residues, or undefined
   * when the primes' product does not exceed 2 error + 1 (then two integers in reach share them).
   */
  near(approx: number, error: number, residues: ArrayLike<number>): bigint | undefined {
    if (!(2 * error + 1 < this.productBelow)) return undefined;
    const M = this.product;
    const a = BigInt(approx);
    let d = (this.integer(residues) - a) % M;
    if (d < 0n) d += M;
    if (2n * d > M) d -= M;
    // Centred, d is the integer's distance from approx; past the error bound no integer in reach has these residues.
    if (Math.abs(Number(d)) > error) throw new RangeError(`no integer within ${error} of ${approx} has these residues`);
    return a + d;
  }
}
