/**
 * What the report shows, computed from study rows and nothing else (pure; no I/O, no clock).
 *
 * Units: a *network-output* is one output of one converged network (a row has `n_gates` of them).
 * The four counts and their "identifiable" shares are:
 *  - circuits:   circuits kept per network-output;        share of network-outputs with exactly 1
 *  - groundings: groundings per kept circuit;             share of circuits with exactly 1
 *  - formulas:   formulas with a minimal mapping per network-output; share of network-outputs with exactly 1
 *  - mappings:   minimal mappings per such formula;       share of formulas with exactly 1
 */
import { gateNames } from '../shared/engine/types.js';
import { isSummaryCell, type StudyRow } from '../shared/results/studyRow.js';
import { distributionEntries } from '../shared/engine/packedDistribution.js';
import { compareConditions, type ConditionComparisons } from './conditions.js';
import { binLabel, binOf, forEachWeighted, histogram, shareOfOnes, summarize, type Sample, type Share, type Summary, type Weighted } from './reportStats.js';

export const CountKinds = {
  circuits: 'circuits',
  groundings: 'groundings',
  formulas: 'formulas',
  mappings: 'mappings',
} as const;
export type CountKind = (typeof CountKinds)[keyof typeof CountKinds];
export const countKinds: readonly CountKind[] = Object.values(CountKinds);

export const countLabels: Readonly<Record<CountKind, string>> = {
  circuits: 'circuits per network-output',
  groundings: 'groundings per circuit',
  formulas: 'formulas with a mapping per network-output',
  mappings: 'minimal mappings per formula',
};

export const AxisIds = {
  size: 'size',
  depth: 'depth',
  gate: 'gate',
  nGates: 'n_gates',
  lossTarget: 'loss_target',
  noiseStd: 'noise_std',
  skewed: 'skewed',
  learningRate: 'learning_rate',
  l1: 'l1_lambda',
  l2: 'l2_lambda',
  dropout: 'dropout_rate',
  outputActivation: 'output_activation',
  patience: 'patience',
  all: 'all',
} as const;
export type AxisId = (typeof AxisIds)[keyof typeof AxisIds];

/** One axis value's data: summaries, shares and binned distributions of the four counts. */
export interface GroupModel {
  readonly value: string;
  readonly networks: number;
  readonly outputs: number;
  readonly summaries: Readonly<Record<CountKind, Summary>>;
  readonly shares: Readonly<Record<CountKind, Share>>;
  /** Items per bin; bins are the axis's `bins[kind]`. */
  readonly histograms: Readonly<Record<CountKind, readonly number[]>>;
}

export interface AxisModel {
  readonly axis: AxisId;
  readonly label: string;
  readonly groups: readonly GroupModel[];
  /** Bin labels per count, shared by all groups of the axis so charts line up. */
  readonly bins: Readonly<Record<CountKind, readonly string[]>>;
  /** True when positive medians span at least one order of magnitude: chart them on a log scale. */
  readonly logScale: boolean;
}

export interface ReportModel {
  readonly networks: number;
  readonly outputs: number;
  readonly axes: readonly AxisModel[];
  /** Every condition against the baseline (conditions.ts); null for a study of one condition. */
  readonly comparisons: ConditionComparisons | null;
}

/** Where an axis reads its value; `undefined` leaves the row out of that axis (e.g. multi-gate rows for `gate`). */
export interface AxisDef {
  readonly id: AxisId;
  readonly label: string;
  readonly pick: (row: StudyRow) => string | undefined;
  readonly compare: (a: string, b: string) => number;
  /** The paper's (default) value: the baseline condition's, when a study has it. */
  readonly baseline?: string;
}

const byNumber = (a: string, b: string): number => Number(a) - Number(b);
const byNatural = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });
/** Named gates in their order, then truth tables (`tt:...`) in natural order. */
const gateRank = (g: string): number => {
  const i = gateNames.indexOf(g as never);
  return i < 0 ? gateNames.length : i;
};
const byGate = (a: string, b: string): number => gateRank(a) - gateRank(b) || byNatural(a, b);

/** Hidden widths of `sizes` ([2, 3, 3, 1] → "3"); unequal widths read "3×5". */
export function hiddenWidth(sizes: readonly number[]): string {
  const hidden = sizes.slice(1, -1);
  if (hidden.length === 0) return '0';
  return hidden.every((w) => w === hidden[0]) ? String(hidden[0]) : hidden.join('×');
}

/** Axes in the order the report lists them. */
export const axisDefs: readonly AxisDef[] = [
  { id: AxisIds.size, label: 'hidden width k', pick: (r) => hiddenWidth(r.sizes), compare: byNatural, baseline: '3' },
  { id: AxisIds.depth, label: 'hidden layers', pick: (r) => String(r.depth), compare: byNumber, baseline: '2' },
  { id: AxisIds.gate, label: 'gate (single-gate networks)', pick: singleGate, compare: byGate },
  { id: AxisIds.nGates, label: 'number of gates', pick: (r) => String(r.n_gates), compare: byNumber },
  { id: AxisIds.lossTarget, label: 'loss target', pick: (r) => String(r.loss_target), compare: byNumber, baseline: '0.01' },
  { id: AxisIds.noiseStd, label: 'noise std', pick: (r) => String(r.noise_std), compare: byNumber, baseline: '0' },
  { id: AxisIds.skewed, label: 'skewed inputs', pick: (r) => (r.weights === null ? 'no' : 'yes'), compare: byNatural, baseline: 'no' },
  { id: AxisIds.learningRate, label: 'learning rate', pick: (r) => String(r.learning_rate), compare: byNumber, baseline: '0.001' },
  { id: AxisIds.l1, label: 'L1 penalty', pick: (r) => String(r.l1_lambda), compare: byNumber, baseline: '0' },
  { id: AxisIds.l2, label: 'L2 penalty', pick: (r) => String(r.l2_lambda), compare: byNumber, baseline: '0' },
  { id: AxisIds.dropout, label: 'dropout rate', pick: (r) => String(r.dropout_rate), compare: byNumber, baseline: '0' },
  { id: AxisIds.outputActivation, label: 'output activation', pick: (r) => r.output_activation, compare: byNatural, baseline: 'leaky-relu' },
  { id: AxisIds.patience, label: 'early-stopping patience', pick: (r) => String(r.patience), compare: byNumber, baseline: '3' },
];

const allAxis: AxisDef = { id: AxisIds.all, label: 'all networks', pick: () => 'all', compare: byNatural };

function singleGate(row: StudyRow): string | undefined {
  return row.gates.length === 1 ? row.gates[0] : undefined;
}

/** The report's model: one AxisModel per axis whose value varies, or a single 'all' axis. */
export function buildReportModel(rows: readonly StudyRow[]): ReportModel {
  rows.forEach(checkRow);
  const varying = varyingAxes(rows);
  const axes = (varying.length > 0 ? varying : [allAxis]).map((def) => buildAxis(rows, def));
  const outputs = rows.reduce((sum, r) => sum + r.n_gates, 0);
  return { networks: rows.length, outputs, axes, comparisons: compareConditions(rows, varying) };
}

/** The axes whose value differs between rows: together they make a study's conditions. */
export function varyingAxes(rows: readonly StudyRow[]): AxisDef[] {
  return axisDefs.filter((def) => distinctValues(rows, def).size > 1);
}

export function distinctValues(rows: readonly StudyRow[], def: AxisDef): Set<string> {
  const seen = new Set<string>();
  for (const r of rows) {
    const v = def.pick(r);
    if (v !== undefined) seen.add(v);
  }
  return seen;
}

function buildAxis(rows: readonly StudyRow[], def: AxisDef): AxisModel {
  const byValue = new Map<string, StudyRow[]>();
  for (const r of rows) {
    const v = def.pick(r);
    if (v === undefined) continue;
    const list = byValue.get(v);
    if (list) list.push(r);
    else byValue.set(v, [r]);
  }
  const values = [...byValue.keys()].sort(def.compare);
  const samples = values.map((v) => collectCounts(byValue.get(v) ?? []));
  const nBins = countKinds.map((k) => maxBin(samples.map((s) => s[k])) + 1);
  const bins = recordOf((_kind, i) => Array.from({ length: nBins[i] ?? 2 }, (_, b) => binLabel(b)));
  const groups = values.map((value, i) =>
    buildGroup(value, byValue.get(value) ?? [], samples[i] ?? collectCounts([]), bins),
  );
  return { axis: def.id, label: def.label, groups, bins, logScale: spansOrders(groups) };
}

type Samples = Record<Exclude<CountKind, 'groundings'>, number[]> & { groundings: Weighted };

/** Flattens rows into the four distributions (one entry per network-output, circuit or formula). */
export function collectCounts(rows: readonly StudyRow[]): Samples {
  const s: Samples = { circuits: [], groundings: { values: [], weights: [] }, formulas: [], mappings: [] };
  for (const r of rows) {
    for (let o = 0; o < r.n_gates; o++) {
      s.circuits.push(r.perfect_circuits[o] ?? 0);
      const cell = r.interpretations_per_circuit[o];
      if (isSummaryCell(cell)) {
        for (const [g, n] of distributionEntries(cell.distribution)) {
          s.groundings.values.push(Number(g));
          s.groundings.weights.push(n);
        }
      } else {
        for (const g of cell ?? []) {
          s.groundings.values.push(g);
          s.groundings.weights.push(1);
        }
      }
      s.formulas.push(r.formulas[o] ?? 0);
      for (const m of r.mappings_per_formula[o] ?? []) s.mappings.push(m);
    }
  }
  return s;
}

function buildGroup(
  value: string,
  rows: readonly StudyRow[],
  s: Samples,
  bins: Readonly<Record<CountKind, readonly string[]>>,
): GroupModel {
  return {
    value,
    networks: rows.length,
    outputs: s.circuits.length,
    summaries: recordOf((k) => summarize(s[k])),
    shares: recordOf((k) => shareOfOnes(s[k])),
    histograms: recordOf((k) => histogram(s[k], bins[k].length)),
  };
}

/** Highest bin over several samples, at least bin 2 so "0, 1, 2" always show. Loops, no spread: samples can be huge. */
function maxBin(lists: readonly Sample[]): number {
  let top = 2;
  for (const list of lists) forEachWeighted(list, (v) => (top = Math.max(top, binOf(v))));
  return top;
}

function spansOrders(groups: readonly GroupModel[]): boolean {
  const medians = groups.flatMap((g) => countKinds.map((k) => g.summaries[k].median ?? 0)).filter((m) => m > 0);
  if (medians.length === 0) return false;
  return Math.max(...medians) / Math.min(...medians) >= 10;
}

function recordOf<T>(make: (k: CountKind, i: number) => T): Record<CountKind, T> {
  return {
    circuits: make('circuits', 0),
    groundings: make('groundings', 1),
    formulas: make('formulas', 2),
    mappings: make('mappings', 3),
  };
}

/** List cells must hold one entry per output; a short cell would silently shift the statistics. */
function checkRow(row: StudyRow, index: number): void {
  const cells = ['perfect_circuits', 'interpretations_per_circuit', 'formulas', 'mappings_per_formula'] as const;
  for (const cell of cells) {
    const got = row[cell].length;
    if (got !== row.n_gates) {
      throw new RangeError(`rows[${index}].${cell} has ${got} entries, expected n_gates = ${row.n_gates}`);
    }
  }
}
