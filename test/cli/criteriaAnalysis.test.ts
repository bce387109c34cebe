/**
 * `analyze --criteria` the way the outside check uses it: the kept circuits of each golden case
 * under minimal-circuits, mean-ablation and faithful:0.1 equal the plain oracle applied to the
 * authors' own circuit list (the case's `expected` circuits); bad criteria exit 2 with one line.
 */
import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCase } from '../../shared/case/caseFile.js';
import { parseCriteria } from '../../shared/engine/criteria.js';
import type { CircuitRecord } from '../../shared/engine/types.js';
import { circuitKey } from '../../shared/engine/circuitRecord.js';
import { oracleCircuitCriteria } from '../../shared/oracle/criteriaOracle.js';
import { runCli } from '../helpers/cli.js';
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

test('bad criteria and impossible combinations exit 2 with one line and write nothing', async (t) => {
  const c = goldenCases().find((g) => g.name === 'xor-k3-s4')!;
  const out = join(tmp, 'bad.json');
  for (const [args, message] of [
    [['--criteria', 'minimal'], /unknown criterion 'minimal'/],
    [['--criteria', 'faithful:x'], /faithful:EPS needs a non-negative number, got 'faithful:x'/],
    [['--criteria', 'joint-iia', '--stages', 'circuits'], /needs the mappings stage/],
    [['--criteria', 'minimal-circuits', '--list-limit', '10'], /output 0 keeps more than 10 circuits/],
  ] as const) {
    const r = await runCli(['analyze', c.path, ...args, '--json', out]);
    t.is(r.code, 2, args.join(' '));
    t.regex(r.stderr, message);
    t.is(r.stderr.trim().split('\n').length, 1);
    t.false(existsSync(out));
  }
});
