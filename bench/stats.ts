/** Timing statistics for benches: min and mean ± sd over repeats. */
export interface Timing {
  readonly min_ms: number;
  readonly mean_ms: number;
  readonly sd_ms: number;
  readonly repeats: number;
}

const round = (v: number): number => Math.round(v * 100) / 100;

export function timing(samples: readonly number[]): Timing {
  const n = samples.length;
  const mean = samples.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, n - 1));
  return { min_ms: round(Math.min(...samples)), mean_ms: round(mean), sd_ms: round(sd), repeats: n };
}

export function peakRssMiB(): number {
  return round(process.resourceUsage().maxRSS / 1024);
}

/**
 * Seeded picks among `slices` slices (xorshift32), the same every run: engine.bench.ts's k = 6
 * circuit picks and k6groundings.bench.ts's share their first picks.
 */
export function slicePicker(slices: number): () => number {
  let seed = 0x9e3779b9;
  return () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % slices;
  };
}
