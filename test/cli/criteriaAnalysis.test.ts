/**
 * `analyze --criteria` the way the outside check uses it: the kept circuits of each golden case
 * under minimal-circuits, mean-ablation and faithful:0.1 equal the plain oracle applied to the
 * authors' own circuit list (the case's `expected` circuits); bad criteria exit 2 with one line.
 */
import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCase } from '../../shared/case/caseFile.js';
import { criteriaNames, parseCriteria } from '../../shared/engine/criteria.js';
import { analyzeOutputWithCriteria } from '../../shared/engine/applyCriteria.js';
import { totalMappings } from '../../shared/engine/mappingCount.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import type { CircuitRecord } from '../../shared/engine/types.js';
import { circuitKey } from '../../shared/engine/circuitRecord.js';
import { oracleCircuitCriteria } from '../../shared/oracle/criteriaOracle.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { circuitSet, formulaSet, goldenCases } from '../helpers/golden.js';
import { tempDir } from '../helpers/tempDir.js';

const tmp = tempDir('identifiability-criteria-');
const sorted = <T>(m: Map<string, T>): string => JSON.stringify([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

for (const name of ['minimal-circuits', 'mean-ablation', 'faithful:0.1']) {
  test(`analyze --criteria ${name} keeps what the oracle keeps of the authors' circuit lists`, async (t) => {
    let dropped = 0;
    for (const c of goldenCases()) {
      const out = join(tmp, `${c.name}-${name.replace(':', '_')}.json`);
      const r = await runCli(['analyze', c.path, '--criteria', name, '--json', out]);
      t.is(r.code, 0, r.stderr);
      const json = JSON.parse(readFileSync(out, 'utf8'));
      const { input, config } = parseCase(c.json);
      json.outputs.forEach((o: any, i: number) => {
        const authors: CircuitRecord[] = c.json.expected[i].circuits.map((e: any) => ({ node_masks: e.node_masks, edge_masks: e.edge_masks, groundings: e.groundings === null ? null : BigInt(e.groundings) }));
        const want = oracleCircuitCriteria(input, i, authors, parseCriteria(name), config.accuracyThreshold ?? 0.99);
        t.deepEqual(o.criteria, [name], c.name);
        const got = circuitSet(o.circuits);
        t.deepEqual([...got.keys()].sort(), [...circuitSet(want).keys()].sort(), `${c.name} output ${i}`);
        t.is(o.summary.kept, want.length);
        // The authors counted groundings within a time budget (null past it); every count they have agrees.
        for (const w of want) if (w.groundings !== null) t.is(got.get(circuitKey(w)), String(w.groundings));
        // Circuit criteria leave the mappings as they are.
        t.is(sorted(formulaSet(o.formulas)), sorted(formulaSet(c.json.expected[i].formulas)));
        dropped += authors.length - want.length;
      });
    }
    t.true(dropped > 0, `${name} dropped no circuit of any golden case`);
  });
}

test('analyze --criteria with mapping criteria reports the criteria and the hosting circuits', async (t) => {
  const c = goldenCases().find((g) => g.name === 'xor-k3-s4')!;
  const out = join(tmp, 'all.json');
  const r = await runCli(['analyze', c.path, '--criteria', 'joint-iia,consistent,all-pairs-iia', '--json', out]);
  t.is(r.code, 0, r.stderr);
  const o = JSON.parse(readFileSync(out, 'utf8')).outputs[0];
  t.deepEqual(o.criteria, ['all-pairs-iia', 'joint-iia', 'consistent']);
  t.is(typeof o.circuits_hosting_mappings, 'number');
  t.true(o.circuits_hosting_mappings <= o.summary.kept);
  t.regex(r.stdout, /consistent: \d+ of 54 circuits host a kept mapping/);
});

// Golden cases whose all-pairs search finds other mappings than the lexicographic one, a two-output one among them.
const MODES_DIFFER = ['and-k3-s0', 'nor-k3-s3', 'xor+and-k3-s3', 'xor-k3-s4'];

const SLICED = [
  'joint-iia',
  'all-pairs-iia',
  'consistent',
  'all-pairs-iia,joint-iia,consistent',
  'faithful:0.1',
  'mean-ablation',
  'faithful:0.1,mean-ablation,joint-iia',
  'mean-ablation,consistent',
  'faithful:0.1,all-pairs-iia,joint-iia,consistent',
  'minimal-circuits',
  'minimal-circuits,consistent',
  'minimal-circuits,mean-ablation,joint-iia,consistent',
];
for (const names of SLICED) {
  test(`analyze --criteria ${names} runs in slices: on the pool and in one slice the file is the same, and equals the engine's unsliced analysis under the criteria (consistent: from the slices' kept circuits per unit)`, async (t) => {
    let dropped = 0;
    for (const c of goldenCases().filter((g) => MODES_DIFFER.includes(g.name))) {
      const sliced = join(tmp, `${c.name}-${names}-sliced.json`);
      const whole = join(tmp, `${c.name}-${names}-whole.json`);
      const r = await runCli(['analyze', c.path, '--criteria', names, '--threads', '2', '--slice-candidates', '300', '--json', sliced]);
      t.is(r.code, 0, r.stderr);
      t.regex(r.stdout, /^slices: \d+/m, `${c.name}: ran in slices`);
      t.notRegex(r.stdout, /^probing/m, `${c.name}: no probe at two hidden layers`);
      const one = await runCli(['analyze', c.path, '--criteria', names, '--json', whole]);
      t.is(one.code, 0, one.stderr);
      t.is(readFileSync(sliced, 'utf8'), readFileSync(whole, 'utf8'), c.name);
      const json = JSON.parse(readFileSync(sliced, 'utf8'));
      const { input, config } = parseCase(c.json);
      const options = compileAnalysisOptions(config, input.model);
      const criteria = parseCriteria(names);
      json.outputs.forEach((o: any, i: number) => {
        const want = analyzeOutputWithCriteria(input, i, options, criteria);
        t.deepEqual(o.criteria, criteriaNames(criteria), c.name);
        t.is(sorted(circuitSet(o.circuits)), sorted(circuitSet(want.circuits)), `${c.name} output ${i}: the kept circuits and their groundings`);
        t.is(o.summary.kept, want.circuits.length);
        t.is(sorted(formulaSet(o.formulas)), sorted(formulaSet(want.formulas)), `${c.name} output ${i}`);
        t.is(o.circuits_hosting_mappings ?? null, want.circuits_hosting_mappings, `${c.name} output ${i}: hosting circuits`);
        t.true(r.stdout.includes(`criteria:   ${criteriaNames(criteria).join(', ')}: ${want.circuits.length} of ${want.valid} valid circuits kept`), `${c.name} output ${i}: ${r.stdout}`);
        dropped += want.valid - want.circuits.length + Math.abs(totalMappings(c.json.expected[i].formulas) - totalMappings(o.formulas));
      });
    }
    t.true(dropped > 0, `${names} changed no circuit or mapping count of any golden case`);
  });
}

test('analyze --criteria past two hidden layers: slices planned from a probe judge their circuits and count them per unit, and the file equals the unsliced analysis\'s', async (t) => {
  const file = join(repoRoot, 'examples/xor-3x3x3-s1.json');
  const names = 'mean-ablation,joint-iia,consistent';
  const sliced = join(tmp, 'deep-sliced.json');
  const r = await runCli(['analyze', file, '--min-sparsity', '0', '--criteria', names, '--threads', '2', '--slice-candidates', '2000', '--json', sliced]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /^probing the kept circuits of every unit first/m);
  const whole = join(tmp, 'deep-whole.json');
  // --max-circuits keeps the judged criteria unsliced, in this process (a bound no output reaches).
  const one = await runCli(['analyze', file, '--min-sparsity', '0', '--criteria', names, '--max-circuits', '100000000', '--json', whole]);
  t.is(one.code, 0, one.stderr);
  t.is(readFileSync(sliced, 'utf8'), readFileSync(whole, 'utf8'));
  const { input, config } = parseCase(JSON.parse(readFileSync(file, 'utf8')));
  const want = analyzeOutputWithCriteria(input, 0, compileAnalysisOptions({ ...config, minSparsity: 0 }, input.model), parseCriteria(names));
  const o = JSON.parse(readFileSync(sliced, 'utf8')).outputs[0];
  t.is(o.summary.kept, want.circuits.length);
  t.true(want.circuits.length < want.valid);
  t.is(o.circuits_hosting_mappings, want.circuits_hosting_mappings);
  t.true(r.stdout.includes(`criteria:   ${names.split(',').join(', ')}: ${want.circuits.length} of ${want.valid} valid circuits kept`));
});

test('analyze --criteria joint-iia past --list-limit summarises the circuits instead of refusing, the mappings filtered as below it', async (t) => {
  const c = goldenCases().find((g) => g.name === 'xor-k3-s4')!;
  const out = join(tmp, 'past-limit.json');
  const r = await runCli(['analyze', c.path, '--criteria', 'joint-iia', '--list-limit', '10', '--json', out]);
  t.is(r.code, 0, r.stderr);
  const o = JSON.parse(readFileSync(out, 'utf8')).outputs[0];
  t.is(o.circuits, undefined);
  t.is(o.summary.kept, 54);
  const all = join(tmp, 'within-limit.json');
  t.is((await runCli(['analyze', c.path, '--criteria', 'joint-iia', '--json', all])).code, 0);
  const listed = JSON.parse(readFileSync(all, 'utf8')).outputs[0];
  // Past the list limit the mappings are counted too (--list-limit bounds both), with the same counts.
  const counts = (formulas: any[]): [string, number][] => formulas.map((f) => [f.formula, f.minimal_mappings?.length ?? f.mappings_count]);
  t.true(o.formulas.some((f: any) => f.minimal_mappings === null));
  t.deepEqual(counts(o.formulas), counts(listed.formulas));
  t.deepEqual(o.summary, listed.summary);
  t.true(totalMappings(listed.formulas) < totalMappings(c.json.expected[0].formulas));
});

test('bad criteria and impossible combinations exit 2 with one line and write nothing', async (t) => {
  const c = goldenCases().find((g) => g.name === 'xor-k3-s4')!;
  const out = join(tmp, 'bad.json');
  for (const [args, message] of [
    [['--criteria', 'minimal'], /unknown criterion 'minimal'/],
    [['--criteria', 'faithful:x'], /faithful:EPS needs a non-negative number, got 'faithful:x'/],
    [['--criteria', 'joint-iia', '--stages', 'circuits'], /needs the mappings stage/],
    [['--criteria', 'minimal-circuits', '--list-limit', '10'], /output 0 keeps more than 10 circuits/],
    [['--criteria', 'minimal-circuits', '--list-limit', '10', '--threads', '2', '--slice-candidates', '300'], /output 0 keeps more than 10 circuits/],
    [['--criteria', 'faithful', '--max-circuits', '5', '--slice-candidates', '300'], /--criteria faithful:0.1 with --max-circuits runs the analysis in this process, unsliced \(it grounds the first valid circuits before the circuit criteria judge them\); .* or leave out --max-circuits$/m],
  ] as const) {
    const r = await runCli(['analyze', c.path, ...args, '--json', out]);
    t.is(r.code, 2, args.join(' '));
    t.regex(r.stderr, message);
    t.is(r.stderr.trim().split('\n').length, 1);
    t.false(existsSync(out));
  }
});
