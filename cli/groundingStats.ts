/**
 * Distribution of groundings per circuit in bounded memory: a histogram keyed by count (circuits
 * share few distinct counts), from which min, median and max are read exactly.
 */
export class GroundingStats {
  private readonly histogram = new Map<bigint, number>();
  count = 0;
  total = 0n;

  add(groundings: bigint): void {
    this.histogram.set(groundings, (this.histogram.get(groundings) ?? 0) + 1);
    this.count++;
    this.total += groundings;
  }

  /** `min m, median x, max M` (a half-integer median prints as `n.5`), or null with no circuit. */
  range(): { min: bigint; median: string; max: bigint } | null {
    if (this.count === 0) return null;
    const keys = [...this.histogram.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    // The k-th smallest value (0-based) by walking the histogram.
    const at = (k: number): bigint => {
      let seen = 0;
      for (const key of keys) {
        seen += this.histogram.get(key) as number;
        if (k < seen) return key;
      }
      return keys[keys.length - 1] as bigint;
    };
    const mid = this.count >> 1;
    let median: string;
    if (this.count % 2) median = String(at(mid));
    else {
      const sum = at(mid - 1) + at(mid);
      median = sum % 2n === 0n ? String(sum / 2n) : `${sum / 2n}.5`;
    }
    return { min: keys[0] as bigint, median, max: keys[keys.length - 1] as bigint };
  }
}
