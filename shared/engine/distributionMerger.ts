/**
 * Merges grounding distributions as they arrive, in any order, like a binary counter: two merged
 * runs of the same number of parts are merged together, so k parts of N distinct values in all
 * cost about N log k comparisons spread over the arrivals, where folding them one by one into a
 * growing total costs about k N (xor-k5 unfiltered, 32 slices: 0.45 s at the end of the run, on
 * the coordinator's thread, while the workers wait). Exact: merging is associative and commutative.
 *
 * The runs are held compactly: a count that a float64 holds exactly (every count of the fast
 * grounding counter, so nearly all of them) is kept as a number in a typed array, 16 bytes per
 * distinct count with its circuits, where a bigint in an array and its number of circuits took
 * about 62 (bench/merge.bench.ts: 48 parts of 400 000 distinct counts, 11 million in all: 685 -> 236 MiB held
 * between arrivals, 5.8 -> 4.1 s of merging with the conversion). The rest stay bigints. Numbers
 * and bigints compare exactly in JavaScript, so the two kinds interleave into one ascending list
 * when the result is read.
 */
import { emptyDistribution, type GroundingDistribution } from './groundingDistribution.js';

interface Run {
  /** Counts held exactly by a float64, ascending, and their circuits. */
  readonly num: Float64Array;
  readonly numCircuits: Float64Array;
  /** The other counts, ascending, and their circuits. */
  readonly big: bigint[];
  readonly bigCircuits: number[];
  readonly total: bigint;
  readonly uncounted: number;
  readonly parts: number;
}

function runOf(d: GroundingDistribution): Run {
  const { values, circuits } = d;
  const num = new Float64Array(values.length);
  const numCircuits = new Float64Array(values.length);
  const big: bigint[] = [];
  const bigCircuits: number[] = [];
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as bigint;
    const f = Number(v);
    if (f < Infinity && BigInt(f) === v) {
      num[n] = f;
      numCircuits[n++] = circuits[i] as number;
    } else {
      big.push(v);
      bigCircuits.push(circuits[i] as number);
    }
  }
  return { num: num.slice(0, n), numCircuits: numCircuits.slice(0, n), big, bigCircuits, total: d.total, uncounted: d.uncounted, parts: 1 };
}

/** The sorted union of two ascending number lists, circuits of equal counts added. */
function mergeNumbers(av: Float64Array, ac: Float64Array, bv: Float64Array, bc: Float64Array): { v: Float64Array; c: Float64Array } {
  const v = new Float64Array(av.length + bv.length);
  const c = new Float64Array(av.length + bv.length);
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
  return n === v.length ? { v, c } : { v: v.slice(0, n), c: c.slice(0, n) };
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

function mergeRuns(a: Run, b: Run): Run {
  const nums = mergeNumbers(a.num, a.numCircuits, b.num, b.numCircuits);
  const bigs = a.big.length + b.big.length === 0 ? { v: [], c: [] } : mergeBigints(a.big, a.bigCircuits, b.big, b.bigCircuits);
  return { num: nums.v, numCircuits: nums.c, big: bigs.v, bigCircuits: bigs.c, total: a.total + b.total, uncounted: a.uncounted + b.uncounted, parts: a.parts + b.parts };
}

/** A run read back as one ascending distribution. */
function distributionOf(r: Run): GroundingDistribution {
  const values: bigint[] = [];
  const circuits: number[] = [];
  let i = 0;
  let j = 0;
  while (i < r.num.length || j < r.big.length) {
    const y = r.big[j];
    // A number and a bigint are never equal here: a bigint held exactly by a float64 is a number.
    if (y === undefined || (i < r.num.length && (r.num[i] as number) < y)) {
      values.push(BigInt(r.num[i] as number));
      circuits.push(r.numCircuits[i++] as number);
    } else {
      values.push(y);
      circuits.push(r.bigCircuits[j++] as number);
    }
  }
  return { values, circuits, total: r.total, uncounted: r.uncounted };
}

export class DistributionMerger {
  private readonly runs: Run[] = [];

  add(d: GroundingDistribution): void {
    let run = runOf(d);
    for (let top = this.runs.at(-1); top && top.parts === run.parts; top = this.runs.at(-1)) {
      this.runs.pop();
      run = mergeRuns(top, run);
    }
    this.runs.push(run);
  }

  /** Parts added so far. */
  get parts(): number {
    return this.runs.reduce((s, r) => s + r.parts, 0);
  }

  /** The merge of every part added (the empty distribution when none was). */
  result(): GroundingDistribution {
    if (this.runs.length === 0) return emptyDistribution();
    // Smallest runs first: each merge is then about the size of the larger one.
    const last = this.runs.at(-1) as Run;
    return distributionOf(this.runs.slice(0, -1).reduceRight((acc, r) => mergeRuns(r, acc), last));
  }
}
