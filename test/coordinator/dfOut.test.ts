import test from 'ava';
import { DF_OUT_COLUMNS, dfOutCsv } from '../../coordinator/dfOut.js';
import type { StudyRow } from '../../shared/results/studyRow.js';
import { packDistribution } from '../../shared/engine/packedDistribution.js';

const row: StudyRow = {
  study: 'basic', gates: ['XOR', 'AND'], n_gates: 2, sizes: [2, 3, 3, 2], seed_offset: 4,
  perfect_circuits: [53, 2], interpretations_per_circuit: [[2, 6], [1, 1]], formulas: [10, 0],
  mappings_per_formula: [[4, 4], []], loss_target: 0.01, learning_rate: 0.001, depth: 2, weights: null, noise_std: 0,
  l1_lambda: 0, l2_lambda: 0, dropout_rate: 0, output_activation: 'leaky-relu', patience: 3,
};

test('df_out.csv has the authors\' columns and Python-style list cells', (t) => {
  const [header, line] = dfOutCsv([row]).trim().split('\n');
  t.deepEqual(header!.split(','), [...DF_OUT_COLUMNS]);
  t.is(line, `"['XOR', 'AND']",2,3,4,"[53, 2]","[[2, 6], [1, 1]]","[10, 0]","[[4, 4], []]",0.01,0.001,2,,0,0,0`);
  const single = dfOutCsv([{ ...row, gates: ['XOR'], n_gates: 1, perfect_circuits: [53], weights: [0.25, 0.75] }]).trim().split('\n')[1];
  t.true(single!.startsWith('XOR,1,3,4,[53],'));
  t.true(single!.endsWith(',"[0.25, 0.75]",0,0,0'));
});

test('the regularisation columns carry the fork\'s names and the row\'s values', (t) => {
  const [header, line] = dfOutCsv([{ ...row, l1_lambda: 5e-4, l2_lambda: 0.001, dropout_rate: 0.05 }]).trim().split('\n');
  t.deepEqual(header!.split(',').slice(-3), ['l1_lambda', 'l2_lambda', 'dropout_rate']);
  t.true(line!.endsWith(',0.0005,0.001,0.05'), line);
});

test('an output above the list limit has the exact summary as a Python dict in its groundings cell', (t) => {
  const big: StudyRow = { ...row, interpretations_per_circuit: [{ kept: 53, total: 50n * 2n ** 80n, distribution: packDistribution({ values: [0n, 2n ** 80n], circuits: [3, 50], total: 50n * 2n ** 80n, uncounted: 0 }) }, [1, 1]] };
  const line = dfOutCsv([big]).trim().split('\n')[1];
  t.true(line!.includes(`"[{'kept': 53, 'total': 60446290980731458735308800, 'distribution': [[0, 3], [1208925819614629174706176, 50]]}, [1, 1]]"`), line);
});

test('a summary cell of more counts than one piece is one CSV cell of every count, exact', (t) => {
  const n = 70_000;
  const values = Array.from({ length: n }, (_, i) => (BigInt(i) << 70n) + (i % 2 ? 1n : 0n));
  const circuits = values.map((_, i) => 1 + (i % 3));
  const total = values.reduce((s, v, i) => s + v * BigInt(circuits[i] as number), 0n);
  const big: StudyRow = { ...row, interpretations_per_circuit: [{ kept: circuits.reduce((a, b) => a + b), total, distribution: packDistribution({ values, circuits, total, uncounted: 0 }) }, [1]] };
  const line = dfOutCsv([big]).trim().split('\n')[1] as string;
  const cell = /"\[\{'kept': \d+, 'total': (\d+), 'distribution': \[(.*)\]\}, \[1\]\]"/.exec(line);
  t.truthy(cell);
  t.is(cell?.[1], String(total));
  const pairs = (cell?.[2] as string).slice(1, -1).split('], [');
  t.is(pairs.length, n);
  t.true(pairs.every((p, i) => p === `${values[i]}, ${circuits[i]}`));
});
