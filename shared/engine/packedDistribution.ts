/**
 * A grounding distribution in the form slices report it and the aggregate merges it: the counts
 * that a float64 holds exactly (every count of the fast grounding counter, so nearly all of them)
 * in typed arrays, 16 bytes per distinct count with its circuits and copied whole by the wire codec,
 * the others as bigints. A bigint in an array and its number of circuits took about 62 bytes, and
 * a slice of k = 6 reports up to 2.4 million distinct counts: each was made a bigint, validated,
 * packed, unpacked and validated again one by one on its way to the coordinator.
 *
 * The two lists are each ascending and never share a count (a bigint that a float64 holds exactly
 * is a number here), and JavaScript compares numbers with bigints exactly, so they interleave into
 * the one ascending list of `GroundingDistribution` when read.
 */
import type { GroundingDistribution } from './groundingDistribution.js';

export interface PackedDistribution {
  /** Counts held exactly by a float64, strictly ascending, and their circuits. */
  readonly num: Float64Array;
  readonly numCircuits: Float64Array;
  /** The other counts, strictly ascending, and their circuits. */
  readonly big: bigint[];
  readonly bigCircuits: number[];
  /** Sum of count x circuits, exact. */
  readonly total: bigint;
  /** Kept circuits whose groundings were not counted (`--max-circuits`). */
  readonly uncounted: number;
}

/** Whether a float64 holds this count exactly (then it belongs in `num`). */
export function heldByFloat(v: bigint): boolean {
  const f = Number(v);
  return f < Infinity && BigInt(f) === v;
}

export function packDistribution(d: GroundingDistribution): PackedDistribution {
  const { values, circuits } = d;
  const num = new Float64Array(values.length);
  const numCircuits = new Float64Array(values.length);
  const big: bigint[] = [];
  const bigCircuits: number[] = [];
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as bigint;
    if (heldByFloat(v)) {
      num[n] = Number(v);
      numCircuits[n++] = circuits[i] as number;
    } else {
      big.push(v);
      bigCircuits.push(circuits[i] as number);
    }
  }
  return { num: num.slice(0, n), numCircuits: numCircuits.slice(0, n), big, bigCircuits, total: d.total, uncounted: d.uncounted };
}

/**
 * In a walk of the two ascending parts as one ascending list, at num[i] and big[j] (either may be
 * past its end, not both): whether num[i] comes next. Numbers and bigints compare exactly in
 * JavaScript, and a count is in one part only. The walks that must not allocate a tuple per entry
 * (the median's rank, the files' text) step with this instead of `distributionEntries`.
 */
export function numComesNext(num: ArrayLike<number>, i: number, big: readonly bigint[], j: number): boolean {
  const y = big[j];
  return y === undefined || (i < num.length && (num[i] as number) < y);
}

/**
 * The two ascending parts walked as one ascending list, each count with its circuits: a count
 * from `num` comes as a number, one from `big` as a bigint.
 */
function* interleaved<C>(num: ArrayLike<number>, numCircuits: ArrayLike<C>, big: readonly bigint[], bigCircuits: readonly C[]): Generator<[count: number | bigint, circuits: C]> {
  let i = 0;
  let j = 0;
  while (i < num.length || j < big.length) {
    if (numComesNext(num, i, big, j)) yield [num[i] as number, numCircuits[i++] as C];
    else yield [big[j] as bigint, bigCircuits[j++] as C];
  }
}

/** The two ascending parts as one ascending list of bigint counts, each with its circuits. */
export function interleave<C>(num: ArrayLike<number>, numCircuits: ArrayLike<C>, big: readonly bigint[], bigCircuits: readonly C[]): { values: bigint[]; circuits: C[] } {
  const values: bigint[] = [];
  const circuits: C[] = [];
  for (const [v, c] of interleaved(num, numCircuits, big, bigCircuits)) {
    values.push(BigInt(v));
    circuits.push(c);
  }
  return { values, circuits };
}

/** The counts in ascending order with their circuits, read from both parts in place. */
export const distributionEntries = (p: PackedDistribution): Generator<[count: number | bigint, circuits: number]> => interleaved(p.num, p.numCircuits, p.big, p.bigCircuits);

/** Distinct counts in the distribution. */
export const distinctCounts = (p: PackedDistribution): number => p.num.length + p.big.length;

/**
 * The k-th smallest count (0-based) among the counted circuits, walking the two parts in place: a
 * k = 6 distribution has 8.4 million entries, which as `distributionEntries` tuples took 0.4 s.
 */
function nth(p: PackedDistribution, k: number): bigint {
  const { num, numCircuits, big, bigCircuits } = p;
  let seen = 0;
  let i = 0;
  let j = 0;
  while (i < num.length || j < big.length) {
    if (numComesNext(num, i, big, j)) {
      seen += numCircuits[i] as number;
      if (k < seen) return BigInt(num[i] as number);
      i++;
    } else {
      seen += bigCircuits[j] as number;
      if (k < seen) return big[j] as bigint;
      j++;
    }
  }
  throw new RangeError(`rank ${k} is past the ${seen} counted circuits`);
}

/** Min, median (exact; a half-integer prints as `n.5`) and max, or null when nothing was counted. */
export function distributionRange(p: PackedDistribution): { min: bigint; median: string; max: bigint } | null {
  let n = 0;
  for (const c of p.numCircuits) n += c;
  for (const c of p.bigCircuits) n += c;
  if (n === 0) return null;
  const mid = Math.floor(n / 2);
  let median: string;
  if (n % 2) median = String(nth(p, mid));
  else {
    const sum = nth(p, mid - 1) + nth(p, mid);
    median = sum % 2n === 0n ? String(sum / 2n) : `${sum / 2n}.5`;
  }
  const ends = [p.num[0], p.num[p.num.length - 1], p.big[0], p.big.at(-1)].filter((v) => v !== undefined).map((v) => BigInt(v));
  return { min: ends.reduce((a, b) => (b < a ? b : a)), median, max: ends.reduce((a, b) => (b > a ? b : a)) };
}

/** The one ascending list. */
export function unpackDistribution(p: PackedDistribution): GroundingDistribution {
  return { ...interleave(p.num, p.numCircuits, p.big, p.bigCircuits), total: p.total, uncounted: p.uncounted };
}

/** How many distinct counts the union of two ascending number lists has (read only: no page is written). */
function unionLength(av: Float64Array, bv: Float64Array): number {
  let shared = 0;
  for (let i = 0, j = 0; i < av.length && j < bv.length; ) {
    const x = av[i] as number;
    const y = bv[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return av.length + bv.length - shared;
}

/** Where a merge takes its output arrays (`length` elements, contents overwritten): fresh by default. */
export type Float64Source = (length: number) => Float64Array;
const freshArrays: Float64Source = (length) => new Float64Array(length);

/**
 * The sorted union of two ascending number lists, circuits of equal counts added. Its length is
 * counted first, so the output arrays are taken at their size: no spare half, no copy to trim it.
 */
function mergeNumbers(av: Float64Array, ac: Float64Array, bv: Float64Array, bc: Float64Array, take: Float64Source): { v: Float64Array; c: Float64Array } {
  const length = unionLength(av, bv);
  const v = take(length);
  const c = take(length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < av.length && j < bv.length) {
    const x = av[i] as number;
    const y = bv[j] as number;
    if (x < y) {
      v[n] = x;
      c[n++] = ac[i++] as number;
    } else if (y < x) {
      v[n] = y;
      c[n++] = bc[j++] as number;
    } else {
      v[n] = x;
      c[n++] = (ac[i++] as number) + (bc[j++] as number);
    }
  }
  for (; i < av.length; i++, n++) {
    v[n] = av[i] as number;
    c[n] = ac[i] as number;
  }
  for (; j < bv.length; j++, n++) {
    v[n] = bv[j] as number;
    c[n] = bc[j] as number;
  }
  return { v, c };
}

/** The same for bigints (short lists: the counts past float64 are few). */
function mergeBigints(av: readonly bigint[], ac: readonly number[], bv: readonly bigint[], bc: readonly number[]): { v: bigint[]; c: number[] } {
  const v: bigint[] = [];
  const c: number[] = [];
  let i = 0;
  let j = 0;
  while (i < av.length || j < bv.length) {
    const x = av[i];
    const y = bv[j];
    if (y === undefined || (x !== undefined && x < y)) {
      v.push(x as bigint);
      c.push(ac[i++] as number);
    } else if (x === undefined || y < x) {
      v.push(y);
      c.push(bc[j++] as number);
    } else {
      v.push(x);
      c.push((ac[i++] as number) + (bc[j++] as number));
    }
  }
  return { v, c };
}

/** The exact union of two distributions; `take` supplies the output's typed arrays. */
export function mergePacked(a: PackedDistribution, b: PackedDistribution, take: Float64Source = freshArrays): PackedDistribution {
  const nums = mergeNumbers(a.num, a.numCircuits, b.num, b.numCircuits, take);
  const bigs = a.big.length + b.big.length === 0 ? { v: [], c: [] } : mergeBigints(a.big, a.bigCircuits, b.big, b.bigCircuits);
  return { num: nums.v, numCircuits: nums.c, big: bigs.v, bigCircuits: bigs.c, total: a.total + b.total, uncounted: a.uncounted + b.uncounted };
}

export const emptyPacked = (): PackedDistribution => ({ num: new Float64Array(0), numCircuits: new Float64Array(0), big: [], bigCircuits: [], total: 0n, uncounted: 0 });
