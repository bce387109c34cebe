/**
 * One condition's counts against the baseline's: mean and median change, Welch's t-test and
 * Cohen's d. Welch's statistic t = (m1 - m0) / sqrt(v1/n1 + v0/n0) with the Satterthwaite degrees
 * of freedom, and the two-sided p-value 2 * F(-|t|) from jStat's Student t CDF (a kept library;
 * the distribution is not written here): the same as scipy's `ttest_ind(x, y, equal_var=False)`.
 */
import jstatModule from 'jstat';

const { jStat } = jstatModule;

export interface SampleComparison {
  readonly nBase: number;
  readonly n: number;
  readonly meanBase: number | null;
  readonly mean: number | null;
  /** mean - meanBase. */
  readonly meanChange: number | null;
  /** (mean - meanBase) / meanBase; null when the baseline mean is 0. */
  readonly meanChangeRelative: number | null;
  readonly medianBase: number | null;
  readonly median: number | null;
  readonly medianChange: number | null;
  /** Two-sided Welch t-test p-value; null below two values per side or with no variance at all. */
  readonly pValue: number | null;
  /** Cohen's d with the pooled standard deviation (n - 1 weights); null where that is 0 or undefined. */
  readonly cohensD: number | null;
}

function mean(v: readonly number[]): number | null {
  if (v.length === 0) return null;
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

function median(v: readonly number[]): number | null {
  if (v.length === 0) return null;
  const s = Float64Array.from(v).sort();
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Sum of squared deviations from the mean. */
function squares(v: readonly number[], m: number): number {
  let s = 0;
  for (const x of v) s += (x - m) ** 2;
  return s;
}

const diff = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b);

export function compareSamples(base: readonly number[], sample: readonly number[]): SampleComparison {
  const meanBase = mean(base);
  const m = mean(sample);
  const medianBase = median(base);
  const med = median(sample);
  let pValue: number | null = null;
  let cohensD: number | null = null;
  if (base.length >= 2 && sample.length >= 2 && meanBase !== null && m !== null) {
    const ssBase = squares(base, meanBase);
    const ss = squares(sample, m);
    if (ssBase + ss > 0) {
      // Squared standard errors of the two means (sample variances, n - 1).
      const seBase = ssBase / (base.length - 1) / base.length;
      const se = ss / (sample.length - 1) / sample.length;
      const t = (m - meanBase) / Math.sqrt(seBase + se);
      const df = (seBase + se) ** 2 / (seBase ** 2 / (base.length - 1) + se ** 2 / (sample.length - 1));
      pValue = 2 * jStat.studentt.cdf(-Math.abs(t), df);
      cohensD = (m - meanBase) / Math.sqrt((ssBase + ss) / (base.length + sample.length - 2));
    }
  }
  const meanChange = diff(m, meanBase);
  return {
    nBase: base.length,
    n: sample.length,
    meanBase,
    mean: m,
    meanChange,
    meanChangeRelative: meanChange === null || !meanBase ? null : meanChange / meanBase,
    medianBase,
    median: med,
    medianChange: diff(med, medianBase),
    pValue: pValue !== null && Number.isFinite(pValue) ? pValue : null,
    cohensD,
  };
}
