/**
 * The exact distribution of groundings over the kept circuits of one output (value -> number of
 * circuits), in memory bounded by the number of distinct values, not by the kept count: the form
 * in which slices report groundings and in which the aggregate merges them.
 *
 * Values are bigints (single counts pass 2^53); circuit counts are numbers, exact to 2^53 kept
 * circuits (a k = 6 network keeps 6e10). Merging is exact, associative and commutative, so any
 * partition of the circuit space into slices merges to the unsliced distribution.
 */
import { GroundingSummary, type CircuitCount } from './groundingSummary.js';
import { unpackDistribution, type PackedDistribution } from './packedDistribution.js';

export interface GroundingDistribution {
  /** Distinct grounding counts, ascending. */
  readonly values: bigint[];
  /** circuits[i]: kept circuits whose count is values[i]. */
  readonly circuits: number[];
  /** Sum of value x circuits, exact. */
  readonly total: bigint;
  /** Kept circuits whose groundings were not counted (`--max-circuits`). */
  readonly uncounted: number;
}

export const emptyDistribution = (): GroundingDistribution => ({ values: [], circuits: [], total: 0n, uncounted: 0 });

/**
 * The table size the thread's last builder needed (`takePacked`), where the next one starts: a
 * slice's summary grew from 1 024 slots through every power of two to its own, rehashing its counts
 * each time (in a heavy k = 6 slice's profile, 0.8 s of 23 s), and slices of one network in a row
 * need alike (XOR k = 5's 42 slices in one thread: 0-5% faster, 2.5% on average over five rounds).
 */
let startSlots = 1024;

/**
 * Accumulates counts one circuit (or one block of equal circuits) at a time, in the engine's
 * GroundingSummary (an open-addressing table keyed by the float64 rounding of each count; a Map
 * keyed by the bigints themselves puts large counts in one bucket), plus the uncounted circuits.
 */
export class DistributionBuilder {
  private readonly summary = new GroundingSummary(startSlots);
  private uncounted = 0;
  // Circuits in search order often repeat the previous count: runs are added once.
  private run: bigint | null = null;
  private runLength = 0;

  add(value: bigint | null, circuits = 1): void {
    if (value === null) this.uncounted += circuits;
    else if (value === this.run) this.runLength += circuits;
    else {
      if (this.run !== null) this.summary.add(this.run, this.runLength);
      this.run = value;
      this.runLength = circuits;
    }
  }

  /** The summary that whole subtrees counted in bulk add to directly. */
  bulkSink(): GroundingSummary {
    return this.summary;
  }

  build(): GroundingDistribution {
    return unpackDistribution(this.buildPacked());
  }

  /** `build` in the packed form: no bigint is made for a count that a float64 holds. */
  buildPacked(): PackedDistribution {
    const { num, numCircuits, numLarge, big, bigCircuits } = this.finish().split();
    let total = 0n;
    for (let i = 0; i < num.length; i++) {
      const c = numCircuits[i] as number;
      total += BigInt(num[i] as number) * (c === Infinity ? (numLarge.get(i) as bigint) : BigInt(c));
    }
    for (let i = 0; i < big.length; i++) total += (big[i] as bigint) * BigInt(bigCircuits[i] as CircuitCount);
    // The packed form carries numbers of circuits as float64 (the wire's), as it did before.
    for (const [i, c] of numLarge) numCircuits[i] = Number(c);
    return { num, numCircuits, big, bigCircuits: bigCircuits.map(Number), total, uncounted: this.uncounted };
  }

  /**
   * `buildPacked` for the builder's last use: its summary's table then goes to the next builder of
   * this thread (GroundingSummary `release`), and adding or building again throws.
   */
  takePacked(): PackedDistribution {
    const packed = this.buildPacked();
    for (startSlots = 1024; this.summary.size * 2 > startSlots - 1; startSlots *= 2);
    this.summary.release();
    return packed;
  }

  private finish(): GroundingSummary {
    if (this.run !== null) {
      this.summary.add(this.run, this.runLength);
      this.run = null;
      this.runLength = 0;
    }
    return this.summary;
  }
}

/** The exact union of two distributions (a sorted merge). */
export function mergeDistributions(a: GroundingDistribution, b: GroundingDistribution): GroundingDistribution {
  const values: bigint[] = [];
  const circuits: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.values.length || j < b.values.length) {
    const va = a.values[i];
    const vb = b.values[j];
    if (vb === undefined || (va !== undefined && va < vb)) {
      values.push(va as bigint);
      circuits.push(a.circuits[i++] as number);
    } else if (va === undefined || vb < va) {
      values.push(vb);
      circuits.push(b.circuits[j++] as number);
    } else {
      values.push(va);
      circuits.push((a.circuits[i++] as number) + (b.circuits[j++] as number));
    }
  }
  return { values, circuits, total: a.total + b.total, uncounted: a.uncounted + b.uncounted };
}
