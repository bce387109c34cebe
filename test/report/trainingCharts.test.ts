import test from 'ava';
import { renderReport } from '../../report/report.js';
import { trainingCharts, trainingSummary } from '../../report/trainingCharts.js';
import { synthMeta } from '../coordinator/studyFixtures.js';
import { row } from './studyRow.js';

const cp = (epoch: number, circuits: number, jaccard: number | null, born: number | null, died: number | null) => ({ epoch, circuits: [circuits], jaccard: [jaccard], born: [born], died: [died] });

const rows = [
  row({ seed_offset: 0, first_task_epoch: 12, checkpoints: [cp(10, 0, null, null, null), cp(20, 4, 0, 4, 0), cp(25, 5, 0.8, 1, 0)] }),
  row({ seed_offset: 1, first_task_epoch: null, checkpoints: [cp(10, 2, null, null, null), cp(14, 2, 1, 0, 0)] }),
  row({ seed_offset: 2 }),
];

test('summary: networks with checkpoints, turnover, Jaccard mean and the task epochs', (t) => {
  t.deepEqual(trainingSummary(rows), { networks: 2, outputs: 2, meanJaccard: (0 + 0.8 + 1) / 3, born: 5, died: 0, reachedTask: 1, medianTaskEpoch: 12 });
  t.is(trainingSummary([row()]), null);
});

test('charts: one line per network-output with checkpoints, and the task marks at the first checkpoint after the epoch', (t) => {
  const [circuits, jaccard] = trainingCharts(rows);
  const sets = circuits!.config.data.datasets;
  t.is(sets.length, 3);
  t.deepEqual(sets[0]!.data, [{ x: 10, y: 0 }, { x: 20, y: 4 }, { x: 25, y: 5 }]);
  t.deepEqual(sets[2]!.data, [{ x: 12, y: 4 }]);
  t.deepEqual(jaccard!.config.data.datasets[1]!.data, [{ x: 10, y: null }, { x: 14, y: 1 }]);
  t.deepEqual(trainingCharts([row()]), []);
});

test('report.html has the training section only when rows carry checkpoints', (t) => {
  const html = renderReport(rows, synthMeta(3));
  t.regex(html, /Explanations through training/);
  t.regex(html, /canvas id="training-circuits"/);
  t.notRegex(renderReport([row()], synthMeta(1)), /Explanations through training/);
});
