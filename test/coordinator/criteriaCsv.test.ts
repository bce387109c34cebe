/**
 * The criteria study end to end: `run --preset criteria` on a few networks writes criteria.csv,
 * whose every row equals `analyze --criteria` of that set on the saved network (a separate,
 * unsliced path), whose paper rows equal df_out.csv, and report.html carries the section.
 */
import test, { type ExecutionContext } from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCase } from '../../shared/case/caseFile.js';
import { analyzeOutputWithCriteria } from '../../shared/engine/applyCriteria.js';
import { totalMappings } from '../../shared/engine/mappingCount.js';
import { criteriaSets, parseCriteria, ALL_CRITERIA } from '../../shared/engine/criteria.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import { runCli } from '../helpers/cli.js';
import { CRITERIA_COLUMNS } from '../../coordinator/criteriaCsv.js';
import { tempDir } from '../helpers/tempDir.js';

const tmp = tempDir('identifiability-criteria-study-');

test('run --preset criteria: criteria.csv equals each set applied to the saved networks, and the report has the section', async (t) => {
  const out = join(tmp, 'run');
  const r = await runCli(['run', '--preset', 'criteria', '--experiments', '8', '--seed', '1', '--threads', '1', '--out', out]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /criteria: Under all criteria together, [\d.]+% of \d+ networks have exactly one circuit/);
  const [head, ...lines] = readFileSync(join(out, 'criteria.csv'), 'utf8').trim().split('\n');
  t.is(head, CRITERIA_COLUMNS.join(','));
  const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [CRITERIA_COLUMNS[i], v])) as Record<string, string>);
  const sets = criteriaSets(parseCriteria(ALL_CRITERIA));
  const records = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((x) => x.analysis);
  t.true(records.length > 0);
  t.is(rows.length, records.length * sets.length);
  for (const rec of records) {
    const { input, config } = parseCase(JSON.parse(readFileSync(join(out, 'networks', `${String(rec.index).padStart(4, '0')}.json`), 'utf8')));
    const options = compileAnalysisOptions(config, input.model);
    const mine = rows.filter((x) => Number(x.seed_offset) === rec.config.seed_offset);
    t.deepEqual(mine.map((x) => x.criteria), sets.map((s) => s.label));
    for (const set of sets) {
      const want = analyzeOutputWithCriteria(input, 0, options, set.criteria);
      const row = mine.find((x) => x.criteria === set.label)!;
      const got = [row.circuits, row.groundings_total, row.formulas, row.mappings].map(Number);
      const total = want.circuits.reduce((a, c) => a + (c.groundings ?? 0n), 0n);
      t.deepEqual(got, [want.circuits.length, Number(total), want.formulas.length, totalMappings(want.formulas)], `seed ${rec.config.seed_offset} ${set.label}`);
      t.is(row.one_circuit, want.circuits.length === 1 ? 'True' : 'False');
    }
    // The paper's row is the study's own answer.
    const paper = mine.find((x) => x.criteria === 'paper')!;
    t.is(Number(paper.circuits), rec.analysis.outputs[0].summary.kept);
  }
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  t.regex(html, /<h2>Stricter criteria<\/h2>/);
  t.regex(html, /id="chart-criteria-shares"/);
});

test('run --criteria rejects an unknown criterion with one line', async (t) => {
  const r = await runCli(['run', '--preset', 'basic', '--criteria', 'minimal', '--out', join(tmp, 'bad')]);
  t.is(r.code, 2);
  t.regex(r.stderr, /unknown criterion 'minimal'/);
  t.is(r.stderr.trim().split('\n').length, 1);
});

test('run --criteria minimal-circuits whose sliced networks keep more valid circuits than --list-limit says so, names no criteria.csv and writes none', async (t) => {
  const out = join(tmp, 'sliced');
  const r = await runCli(['run', '--preset', 'criteria', '--experiments', '3', '--slice-candidates', '300', '--list-limit', '3', '--out', out]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^criteria: ([1-9]\d*) of \1 converged networks were analysed as slices and counted without criteria/m);
  t.notRegex(r.stdout, /criteria\.csv/);
  t.false(existsSync(join(out, 'criteria.csv')));
  t.true(existsSync(join(out, 'df_out.csv')));
});

/**
 * The study run with its networks analysed as slices and whole: criteria.csv and df_out.csv the
 * same; returns criteria.csv's rows and each set's circuits per row.
 */
async function slicedEqualsWhole(t: ExecutionContext, name: string, args: readonly string[], sliceCandidates: string): Promise<{ rows: string[][]; circuits: (set: string) => number[] }> {
  const sliced = join(tmp, `${name}-sliced`);
  const whole = join(tmp, `${name}-whole`);
  const a = await runCli([...args, '--slice-candidates', sliceCandidates, '--out', sliced]);
  t.is(a.code, 0, a.stderr);
  t.regex(a.stdout, /slices \d+\/\d+/, 'analysed as slices');
  t.notRegex(a.stdout, /counted without criteria/);
  const b = await runCli([...args, '--out', whole]);
  t.is(b.code, 0, b.stderr);
  t.notRegex(b.stdout, /slices \d+\/\d+/, 'analysed whole');
  const csv = readFileSync(join(sliced, 'criteria.csv'), 'utf8');
  t.is(csv, readFileSync(join(whole, 'criteria.csv'), 'utf8'));
  t.is(readFileSync(join(sliced, 'df_out.csv'), 'utf8'), readFileSync(join(whole, 'df_out.csv'), 'utf8'));
  const rows = csv.trim().split('\n').slice(1).map((line) => line.split(','));
  return { rows, circuits: (set) => rows.filter((r) => r[5] === set).map((r) => Number(r[6])) };
}

test('run --criteria without minimal-circuits counts networks analysed as slices too: the same criteria.csv and df_out.csv as analysed whole (two and three hidden layers, two outputs)', async (t) => {
  const args = ['run', '--gates', 'XOR,AND', '--sizes', '3', '--depths', '2,3', '--experiments', '1', '--criteria', 'faithful:0.1,mean-ablation,all-pairs-iia,joint-iia,consistent'];
  const { rows, circuits } = await slicedEqualsWhole(t, 'mapping', args, '1000');
  // Two networks of two outputs under the paper's, each of five criteria and all; consistent finds
  // hosts somewhere, and the circuit criteria drop circuits somewhere.
  t.is(rows.length, 2 * 2 * 7);
  t.true(rows.some((r) => r[5] === 'consistent' && Number(r[10]) > 0));
  for (const set of ['faithful:0.1', 'mean-ablation', 'all']) t.true(circuits(set).some((n, i) => n < (circuits('paper')[i] as number)), set);
});

test('run --preset criteria (minimal-circuits among them) counts networks analysed as slices from their listed circuits: the same criteria.csv and df_out.csv as analysed whole', async (t) => {
  const { circuits } = await slicedEqualsWhole(t, 'minimal', ['run', '--preset', 'criteria', '--experiments', '4'], '300');
  t.true(circuits('minimal-circuits').length > 0 && circuits('minimal-circuits').some((n, i) => n < (circuits('paper')[i] as number)));
});
