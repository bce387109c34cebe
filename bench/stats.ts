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
