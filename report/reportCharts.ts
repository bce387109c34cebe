/**
 * Chart.js configurations for the report, built here as plain JSON so the page script only has
 * to call `new Chart(canvas, config)`. Keeping the choices (scales, stacking, colours) in
 * TypeScript makes them testable without a browser.
 */
import { countKinds, countLabels, type AxisModel, type CountKind, type GroupModel } from './reportModel.js';

/** A point of a scatter/line chart (training checkpoints: x is the epoch). */
export interface ChartPoint {
  readonly x: number;
  readonly y: number | null;
}

export interface ChartDataset {
  readonly label: string;
  readonly data: readonly (number | null)[] | readonly ChartPoint[];
  readonly backgroundColor: string;
  readonly borderColor?: string;
  readonly borderWidth?: number;
  /** Scatter datasets: draw lines between points; point size. */
  readonly showLine?: boolean;
  readonly pointRadius?: number;
  readonly pointStyle?: string;
}

/** The subset of a Chart.js config that the report uses; everything is JSON-serialisable. */
export interface ChartConfig {
  readonly type: 'bar' | 'scatter';
  readonly data: { readonly labels: readonly string[]; readonly datasets: readonly ChartDataset[] };
  readonly options: Readonly<Record<string, unknown>>;
}

export interface ChartSpec {
  /** DOM id of the chart's canvas. */
  readonly id: string;
  readonly title: string;
  /** y values are percentages: the page adds a "%" to the ticks (a function cannot travel in JSON). */
  readonly yPercent: boolean;
  readonly config: ChartConfig;
}

/** One fixed colour per count, so a count looks the same in every chart. */
export const countColors: Readonly<Record<CountKind, string>> = {
  circuits: '#3b6fb6',
  groundings: '#e8871e',
  formulas: '#3a9d5d',
  mappings: '#8e5bb5',
};

type Rgb = readonly [number, number, number];

/** Axis values are ordered (widths, rates…), so groups get a sequential warm ramp, kept apart from the count colours. */
const GROUP_STOPS: readonly Rgb[] = [
  [242, 190, 74],
  [207, 86, 52],
  [94, 28, 84],
];
/** Bins: pale yellow → teal → deep purple, so larger counts read as darker. */
const BIN_STOPS: readonly Rgb[] = [
  [253, 231, 37],
  [53, 183, 121],
  [49, 104, 142],
  [68, 1, 84],
];

/** Grouped histograms stay readable up to this many groups; beyond it, stacked bars per group. */
const MAX_GROUPED_HISTOGRAM = 3;

/** Charts of one axis, in page order: shares, medians, then one distribution per count. */
export function axisCharts(axis: AxisModel): ChartSpec[] {
  const prefix = `chart-${axis.axis}`;
  return [
    sharesChart(axis, `${prefix}-shares`),
    mediansChart(axis, `${prefix}-medians`),
    ...countKinds.map((k) => distributionChart(axis, k, `${prefix}-dist-${k}`)),
  ];
}

function sharesChart(axis: AxisModel, id: string): ChartSpec {
  const datasets = countKinds.map((k) =>
    kindDataset(
      k,
      axis.groups.map((g) => percent(g.shares[k].share)),
    ),
  );
  const options = barOptions(axis.label, '% with exactly one', { min: 0, max: 100 });
  return { id, title: 'Identifiable share (count is exactly one)', yPercent: true, config: bar(labelsOf(axis), datasets, options) };
}

function mediansChart(axis: AxisModel, id: string): ChartSpec {
  const datasets = countKinds.map((k) =>
    kindDataset(
      k,
      axis.groups.map((g) => g.summaries[k].median),
    ),
  );
  // A log axis cannot show 0: those bars are absent, and the table below still lists them.
  const y = axis.logScale ? { type: 'logarithmic' } : { beginAtZero: true };
  const title = axis.logScale ? 'Median counts (log scale)' : 'Median counts';
  return { id, title, yPercent: false, config: bar(labelsOf(axis), datasets, barOptions(axis.label, 'median', y)) };
}

/** Share of items per power-of-two bin: grouped bars for few groups, 100 % stacks for many. */
function distributionChart(axis: AxisModel, kind: CountKind, id: string): ChartSpec {
  const bins = axis.bins[kind];
  const title = `Distribution of ${countLabels[kind]}`;
  if (axis.groups.length <= MAX_GROUPED_HISTOGRAM) {
    const colors = ramp(axis.groups.length, GROUP_STOPS);
    const datasets = axis.groups.map((g, i) => ({
      label: groupLabel(axis, g),
      data: binShares(g, kind),
      backgroundColor: colors[i] ?? '#888',
    }));
    const options = barOptions(countLabels[kind], '% of items', { min: 0, suggestedMax: 50 });
    return { id, title, yPercent: true, config: bar(bins, datasets, options) };
  }
  const colors = ramp(bins.length, BIN_STOPS);
  const datasets = bins.map((label, b) => ({
    label,
    data: axis.groups.map((g) => binShares(g, kind)[b] ?? 0),
    backgroundColor: colors[b] ?? '#888',
  }));
  const options = barOptions(axis.label, '% of items', { min: 0, max: 100, stacked: true }, { stacked: true });
  return { id, title: `${title} (stacked by bin)`, yPercent: true, config: bar(labelsOf(axis), datasets, options) };
}

function binShares(g: GroupModel, kind: CountKind): (number | null)[] {
  const hist = g.histograms[kind];
  const total = hist.reduce((a, b) => a + b, 0);
  return hist.map((c) => (total === 0 ? null : round1((100 * c) / total)));
}

function kindDataset(kind: CountKind, data: readonly (number | null)[]): ChartDataset {
  return { label: countLabels[kind], data, backgroundColor: countColors[kind] };
}

function bar(labels: readonly string[], datasets: readonly ChartDataset[], options: Record<string, unknown>): ChartConfig {
  return { type: 'bar', data: { labels, datasets }, options };
}

export function barOptions(
  xTitle: string,
  yTitle: string,
  y: Record<string, unknown>,
  x: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    // Static report: no animation, so the first frame is the final one (and screenshots are stable).
    animation: false,
    plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
    scales: {
      x: { ...x, title: { display: true, text: xTitle } },
      y: { ...y, title: { display: true, text: yTitle } },
    },
  };
}

function labelsOf(axis: AxisModel): string[] {
  return axis.groups.map((g) => groupLabel(axis, g));
}

function groupLabel(axis: AxisModel, g: GroupModel): string {
  return axis.axis === 'all' ? 'all' : `${g.value} (n=${g.networks})`;
}

function percent(share: number | null): number | null {
  return share === null ? null : round1(share * 100);
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

/** `n` colours spread evenly along the piecewise-linear RGB path through `stops` (at least two). */
export function ramp(n: number, stops: readonly Rgb[]): string[] {
  return Array.from({ length: n }, (_, i) => {
    const t = n <= 1 ? 0 : (i / (n - 1)) * (stops.length - 1);
    const lo = Math.min(Math.floor(t), stops.length - 2);
    const f = t - lo;
    const a = stops[lo]!;
    const b = stops[lo + 1]!;
    const mix = (j: 0 | 1 | 2): number => Math.round(a[j] + (b[j] - a[j]) * f);
    return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
  });
}
