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

/**
 * n seeded picks (with replacement) of indices 0..sizes.length - 1, index i with probability
 * sizes[i] / (sum of sizes): sampling proportional to size, for `ppsTotal`. Sizes must be
 * non-negative with a positive sum; an index of size 0 is never picked.
 */
export function ppsPicks(sizes: readonly number[], n: number): number[] {
  const cumulative: number[] = [];
  let sum = 0;
  for (const s of sizes) {
    if (!(s >= 0)) throw new RangeError(`ppsPicks: sizes must be non-negative, got ${s}`);
    cumulative.push((sum += s));
  }
  if (!(sum > 0)) throw new RangeError('ppsPicks: the sizes sum to 0');
  const next = slicePicker(2 ** 31);
  return Array.from({ length: n }, () => {
    const u = (next() / 2 ** 31) * sum;
    // The first index whose cumulative size passes u.
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumulative[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  });
}

/**
 * The Hansen-Hurwitz estimate of a total from picks made with probability p proportional to size:
 * the mean of y / p over the picks, with the half-width of its 95% interval (1.96 standard errors).
 * Exact, with no spread, when every y is the same multiple of its size.
 */
export function ppsTotal(picks: readonly { readonly y: number; readonly p: number }[]): { total: number; half: number } {
  if (picks.length === 0) throw new RangeError('ppsTotal: no picks');
  const { mean, half } = meanInterval(picks.map(({ y, p }) => y / p));
  return { total: mean, half };
}

/**
 * The mean of samples and the half-width of its 95% interval (1.96 standard errors, the sample
 * standard deviation over n - 1; no spread from one sample).
 */
export function meanInterval(samples: readonly number[]): { mean: number; half: number } {
  const n = samples.length;
  const mean = samples.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(samples.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(1, n - 1));
  return { mean, half: 1.96 * (sd / Math.sqrt(n)) };
}

const round3 = (v: number): number => Math.round(v * 1000) / 1000;

/** Seconds' min, mean and sd over repeats, to the millisecond. */
export function secondStats(xs: number[]): { min: number; mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  return { min: round3(Math.min(...xs)), mean: round3(mean), sd: round3(sd) };
}
