/**
 * Distribution of groundings per circuit in bounded memory: the engine's GroundingSummary (one
 * entry per distinct count; a Map keyed by the bigints themselves hashed them all alike and took
 * hours on xor-k5 unfiltered), from which min, median and max are read exactly.
 */
import { GroundingSummary } from '../shared/engine/groundingSummary.js';

export class GroundingStats {
  private readonly summary = new GroundingSummary();
  count = 0;

  add(groundings: bigint): void {
    this.summary.add(groundings);
    this.count++;
  }

  get total(): bigint {
    return this.summary.total;
  }

  /** `min m, median x, max M` (a half-integer median prints as `n.5`), or null with no circuit. */
  range(): { min: bigint; median: string; max: bigint } | null {
    if (this.count === 0) return null;
    const histogram = this.summary.distribution();
    // The k-th smallest value (0-based) by walking the histogram.
    const at = (k: number): bigint => {
      let seen = 0;
      for (const [value, circuits] of histogram) {
        seen += Number(circuits);
        if (k < seen) return value;
      }
      return (histogram[histogram.length - 1] as [bigint, number])[0];
    };
    const mid = this.count >> 1;
    let median: string;
    if (this.count % 2) median = String(at(mid));
    else {
      const sum = at(mid - 1) + at(mid);
      median = sum % 2n === 0n ? String(sum / 2n) : `${sum / 2n}.5`;
    }
    return { min: (histogram[0] as [bigint, number])[0], median, max: (histogram[histogram.length - 1] as [bigint, number])[0] };
  }
}
