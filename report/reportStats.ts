/**
 * Small, pure statistics for the report: five-number-ish summaries, the "exactly one" share, and
 * power-of-two bins. Counts here can reach 1e12 and more (groundings of wide networks), so bins
 * are logarithmic and nothing assumes small integers.
 */

/** min / median / max of one distribution; all null when it is empty. */
export interface Summary {
  readonly n: number;
  readonly min: number | null;
  readonly median: number | null;
  readonly max: number | null;
}

/** How many items have a count of exactly one, out of how many. `share` is null when total is 0. */
export interface Share {
  readonly ones: number;
  readonly total: number;
  readonly share: number | null;
}

/**
 * A distribution given as distinct values with their multiplicities: how groundings arrive from
 * networks with more kept circuits than the list limit (summary cells), never expanded.
 */
export interface Weighted {
  readonly values: number[];
  readonly weights: number[];
}

export type Sample = readonly number[] | Weighted;

const isWeighted = (s: Sample): s is Weighted => !Array.isArray(s);

function summarizeWeighted(s: Weighted): Summary {
  const order = s.values.map((_, i) => i).sort((a, b) => (s.values[a] as number) - (s.values[b] as number));
  const n = s.weights.reduce((a, w) => a + w, 0);
  if (n === 0) return { n, min: null, median: null, max: null };
  const at = (k: number): number => {
    let seen = 0;
    for (const i of order) {
      seen += s.weights[i] as number;
      if (k < seen) return s.values[i] as number;
    }
    return s.values[order[order.length - 1] as number] as number;
  };
  const mid = Math.floor(n / 2);
  const median = n % 2 === 1 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
  const present = order.filter((i) => (s.weights[i] as number) > 0);
  return { n, min: s.values[present[0] as number] as number, median, max: s.values[present[present.length - 1] as number] as number };
}

export function summarize(sample: Sample): Summary {
  if (isWeighted(sample)) return summarizeWeighted(sample);
  const values = sample;
  const n = values.length;
  if (n === 0) return { n, min: null, median: null, max: null };
  const sorted = Float64Array.from(values).sort();
  const mid = n >> 1;
  // Even n: mean of the two middle values, the usual convention (numpy/pandas agree).
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { n, min: sorted[0]!, median, max: sorted[n - 1]! };
}

export function shareOfOnes(sample: Sample): Share {
  let ones = 0;
  let total = 0;
  forEachWeighted(sample, (v, w) => {
    if (v === 1) ones += w;
    total += w;
  });
  return { ones, total, share: total === 0 ? null : ones / total };
}

/**
 * Bin index of a count: 0 → 0, 1 → 1, 2 → 2, 3–4 → 3, 5–8 → 4, … i.e. bin b ≥ 2 holds
 * (2^(b-2), 2^(b-1)]. Keeping 0 and 1 apart matters: 1 is "identifiable", 0 is "nothing found".
 */
export function binOf(v: number): number {
  if (!(v > 0)) return 0;
  if (v <= 1) return 1;
  let k = Math.ceil(Math.log2(v));
  // log2 of huge or near-power values can be off by one in floating point; correct it exactly.
  if (2 ** (k - 1) >= v) k--;
  else if (2 ** k < v) k++;
  return k + 1;
}

/** Human label of bin b, matching `binOf`. */
export function binLabel(b: number): string {
  if (b <= 2) return String(b);
  const lo = 2 ** (b - 2) + 1;
  const hi = 2 ** (b - 1);
  return `${compact(lo)}–${compact(hi)}`;
}

/** Counts per bin, padded to `nBins`. */
export function histogram(sample: Sample, nBins: number): number[] {
  const out = new Array<number>(nBins).fill(0);
  forEachWeighted(sample, (v, w) => {
    const b = Math.min(binOf(v), nBins - 1);
    out[b] = (out[b] ?? 0) + w;
  });
  return out;
}

/** Calls `f(value, multiplicity)` for every entry; a plain list has multiplicity 1 each. */
export function forEachWeighted(sample: Sample, f: (value: number, weight: number) => void): void {
  if (isWeighted(sample)) sample.values.forEach((v, i) => f(v, sample.weights[i] as number));
  else for (const v of sample) f(v, 1);
}

/** Short number text for labels: 1024 → "1k", 1.5e6 → "1.5M"; small numbers stay exact. */
export function compact(v: number): string {
  const units: readonly [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  if (Math.abs(v) < 1e4) return String(Number.isInteger(v) ? v : Number(v.toPrecision(3)));
  for (const [size, unit] of units) {
    if (Math.abs(v) >= size) return `${Number((v / size).toPrecision(3))}${unit}`;
  }
  return String(v);
}
