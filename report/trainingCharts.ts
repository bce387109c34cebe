/**
 * Explanations through training (--checkpoints): per network-output, kept circuits against
 * epoch, and the Jaccard similarity of each checkpoint's circuit set with the previous one's,
 * with the epoch each network first reached the task marked. Pure: rows in, chart specs out.
 */
import type { StudyRow } from '../shared/results/studyRow.js';
import type { ChartDataset, ChartPoint, ChartSpec } from './reportCharts.js';

export interface TrainingSummary {
  readonly networks: number;
  readonly outputs: number;
  /** Mean Jaccard similarity between consecutive checkpoints, over every pair with listed sets, not both empty. */
  readonly meanJaccard: number | null;
  /** Circuits born and died between consecutive checkpoints, summed over every network-output. */
  readonly born: number;
  readonly died: number;
  /** Networks that reached the task (validation accuracy 0.99) during training, and the median epoch they did. */
  readonly reachedTask: number;
  readonly medianTaskEpoch: number | null;
}

const LINE = 'rgba(59, 111, 182, 0.35)';
const MARK = '#c0392b';

const withCheckpoints = (rows: readonly StudyRow[]): StudyRow[] => rows.filter((r) => r.checkpoints && r.checkpoints.length > 0);

export function trainingSummary(rows: readonly StudyRow[]): TrainingSummary | null {
  const used = withCheckpoints(rows);
  if (used.length === 0) return null;
  let sum = 0;
  let pairs = 0;
  let born = 0;
  let died = 0;
  for (const r of used) {
    const ks = r.checkpoints ?? [];
    for (const [i, k] of ks.entries()) {
      for (let o = 0; o < r.n_gates; o++) {
        const j = k.jaccard[o];
        // Two empty sets in a row (before any circuit appears) say nothing about turnover.
        const bothEmpty = k.circuits[o] === 0 && ks[i - 1]?.circuits[o] === 0;
        if (j !== null && j !== undefined && !bothEmpty) {
          sum += j;
          pairs++;
        }
        born += k.born[o] ?? 0;
        died += k.died[o] ?? 0;
      }
    }
  }
  const epochs = used.map((r) => r.first_task_epoch).filter((e): e is number => typeof e === 'number').sort((a, b) => a - b);
  const mid = epochs.length >> 1;
  const median = epochs.length === 0 ? null : epochs.length % 2 ? (epochs[mid] as number) : ((epochs[mid - 1] as number) + (epochs[mid] as number)) / 2;
  return {
    networks: used.length,
    outputs: used.reduce((a, r) => a + r.n_gates, 0),
    meanJaccard: pairs === 0 ? null : sum / pairs,
    born,
    died,
    reachedTask: epochs.length,
    medianTaskEpoch: median,
  };
}

function lines(rows: readonly StudyRow[], value: (r: StudyRow, k: number, o: number) => number | null): { datasets: ChartDataset[]; marks: ChartPoint[] } {
  const datasets: ChartDataset[] = [];
  const marks: ChartPoint[] = [];
  for (const r of rows) {
    const ks = r.checkpoints ?? [];
    for (let o = 0; o < r.n_gates; o++) {
      const data = ks.map((k, i) => ({ x: k.epoch, y: value(r, i, o) }));
      datasets.push({ label: `network ${r.seed_offset}${r.n_gates > 1 ? ` output ${o}` : ''}`, data, backgroundColor: LINE, borderColor: LINE, borderWidth: 1, showLine: true, pointRadius: 1.5 });
      // The task mark sits on the first checkpoint at or after the epoch the network reached it.
      const first = r.first_task_epoch;
      const at = typeof first === 'number' ? ks.findIndex((k) => k.epoch >= first) : -1;
      if (at >= 0 && typeof first === 'number') marks.push({ x: first, y: value(r, at, o) });
    }
  }
  return { datasets, marks };
}

function chart(id: string, title: string, yTitle: string, rows: readonly StudyRow[], value: (r: StudyRow, k: number, o: number) => number | null, y: Record<string, unknown>): ChartSpec {
  const { datasets, marks } = lines(rows, value);
  const markSet: ChartDataset = { label: 'first reaches the task', data: marks, backgroundColor: MARK, borderColor: MARK, pointRadius: 4, pointStyle: 'triangle' };
  return {
    id,
    title,
    yPercent: false,
    config: {
      type: 'scatter',
      data: { labels: [], datasets: [...datasets, markSet] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { x: { title: { display: true, text: 'epoch' }, min: 0 }, y: { title: { display: true, text: yTitle }, ...y } },
      },
    },
  };
}

/** The two charts; none when no row has checkpoints. */
export function trainingCharts(rows: readonly StudyRow[]): ChartSpec[] {
  const used = withCheckpoints(rows);
  if (used.length === 0) return [];
  return [
    chart('training-circuits', 'Circuits per network-output against epoch (▲: first reaches the task)', 'kept circuits', used, (r, k, o) => r.checkpoints?.[k]?.circuits[o] ?? null, { min: 0 }),
    chart('training-jaccard', 'Jaccard similarity with the previous checkpoint\'s circuits (1: the same set)', 'Jaccard similarity', used, (r, k, o) => r.checkpoints?.[k]?.jaccard[o] ?? null, { min: 0, max: 1 }),
  ];
}
