/**
 * Merges grounding distributions as they arrive, in any order, like a binary counter: two merged
 * runs of the same number of parts are merged together, so k parts of N distinct values in all
 * cost about N log k comparisons spread over the arrivals, where folding them one by one into a
 * growing total costs about k N (xor-k5 unfiltered, 32 slices: 0.45 s at the end of the run, on
 * the coordinator's thread, while the workers wait). Exact: merging is associative and commutative.
 *
 * Runs are held packed (packedDistribution.ts): 16 bytes per distinct count with its circuits,
 * where a bigint in an array took about 62 (`node --expose-gc dist/bench/merge.bench.js`: 48 parts
 * of 400 000 distinct counts, 11 million in all: 685 -> 236 MiB held between arrivals, 5.8 ->
 * 4.1 s of merging, converting included).
 *
 * The merged runs' arrays come from a pool of the merger's own (float64Pool.ts) and go back to it
 * once merged again, so the large merges write memory written before instead of faulting in fresh
 * pages, which cost more than the merge itself here. The arrays that `add` receives are never
 * written: they are the caller's.
 */
import type { GroundingDistribution } from './groundingDistribution.js';
import { Float64Pool, type Float64PoolOptions } from './float64Pool.js';
import { emptyPacked, mergePacked, packDistribution, type PackedDistribution } from './packedDistribution.js';

export class DistributionMerger {
  private runs: { d: PackedDistribution; parts: number }[] = [];
  private readonly pool: Float64Pool;

  constructor(pool: Float64PoolOptions = {}) {
    this.pool = new Float64Pool(pool);
  }

  add(d: PackedDistribution): void {
    let run = { d, parts: 1 };
    for (let top = this.runs.at(-1); top && top.parts === run.parts; top = this.runs.at(-1)) {
      this.runs.pop();
      run = { d: this.merge(top.d, run.d), parts: top.parts + run.parts };
    }
    this.runs.push(run);
  }

  /** `add` for a distribution in its unpacked form. */
  addDistribution(d: GroundingDistribution): void {
    this.add(packDistribution(d));
  }

  /** Parts added so far. */
  get parts(): number {
    return this.runs.reduce((s, r) => s + r.parts, 0);
  }

  /**
   * The merge of every part added (the empty distribution when none was), packed. Its arrays are
   * the caller's from then on: the merger keeps it as its one run and never writes them again.
   */
  result(): PackedDistribution {
    const last = this.runs.at(-1);
    if (!last) return emptyPacked();
    // Smallest runs first: each merge is then about the size of the larger one.
    const d = this.runs.slice(0, -1).reduceRight((acc, r) => this.merge(r.d, acc), last.d);
    this.pool.disown(d.num);
    this.pool.disown(d.numCircuits);
    this.runs = [{ d, parts: this.parts }];
    return d;
  }

  /** a and b merged; their arrays go back to the pool (those that came from it). */
  private merge(a: PackedDistribution, b: PackedDistribution): PackedDistribution {
    const m = mergePacked(a, b, (n) => this.pool.take(n));
    for (const d of [a, b]) {
      this.pool.give(d.num);
      this.pool.give(d.numCircuits);
    }
    return m;
  }
}
