/**
 * The mapping criteria (joint-iia, consistent) over minimal mappings that were counted, not listed,
 * equal the criteria over every listed mapping: the same count per formula, the same formulas
 * dropped, the same circuits hosting.
 */
import test from 'ava';
import fc from 'fast-check';
import { keptCircuitList, OutputCriteria } from '../../shared/engine/applyCriteria.js';
import { criteriaOptions, parseCriteria } from '../../shared/engine/criteria.js';
import { gateTable } from '../../shared/engine/gates.js';
import { totalMappings } from '../../shared/engine/mappingCount.js';
import { mappingSearch, mappingSearchWithSets, MAX_MINIMAL_MAPPINGS, TooManyMappings } from '../../shared/engine/mappingSearch.js';
import { JointIia } from '../../shared/engine/mappingCriteria.js';
import { candidateFormulas, type Formula } from '../../shared/engine/formulas.js';
import { errorToRecord } from '../../shared/wire/errors.js';
import { singleOutput } from '../../shared/engine/network.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import type { FormulaRecord, Gate } from '../../shared/engine/types.js';
import { parseCase } from '../../shared/case/caseFile.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '../helpers/cli.js';
import { randomCase, TWO_INPUT_GATES } from '../helpers/randomNetwork.js';
import { oracleJointIia } from '../../shared/oracle/criteriaOracle.js';

const listedCounts = (formulas: readonly FormulaRecord[]): [string, number][] => formulas.map((f) => [f.formula, f.minimal_mappings?.length ?? -1]);
const countedCounts = (formulas: readonly FormulaRecord[]): [string, number][] => formulas.map((f) => [f.formula, f.minimal_mappings === null ? (f.mappings_count ?? -1) : -2]);

test('mapping criteria over counted mappings equal the criteria over the listed ones (random networks, with and without circuit criteria, both IIA modes)', (t) => {
  let dropped = 0;
  let hosting = 0;
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.constantFrom<number[]>([2, 3, 1], [2, 2, 2, 1], [2, 3, 2, 1], [2, 2, 3, 1]),
      fc.constantFrom(...TWO_INPUT_GATES),
      fc.boolean(),
      fc.constantFrom('consistent', 'minimal-circuits,consistent', 'faithful:0.2,consistent', 'all-pairs-iia,consistent', 'joint-iia', 'joint-iia,consistent', 'all-pairs-iia,joint-iia', 'minimal-circuits,joint-iia,consistent'),
      (seed, shape, gate, noisy, names) => {
        const { input, threshold } = randomCase(seed, shape, [gate], noisy);
        const criteria = parseCriteria(names);
        const options = compileAnalysisOptions({ accuracyThreshold: threshold, formulaMaxDepth: shape.length - 1 }, input.model);
        const search = criteriaOptions(options, criteria);
        const model = singleOutput(input.model, 0);
        const { list } = keptCircuitList(input, 0, search);
        const judge = new OutputCriteria(input, 0, options);
        const keep = judge.circuitKeep(list, criteria);
        const listed = mappingSearch(model, gateTable(gate), search.formulaMaxDepth, search.iiaPairs);
        const counted = mappingSearch(model, gateTable(gate), search.formulaMaxDepth, search.iiaPairs, 0);
        t.is(totalMappings(counted.formulas), totalMappings(listed.formulas));
        const byList = judge.mappings(listed.formulas, criteria, list, keep);
        const byCount = judge.mappings(counted.formulas, criteria, list, keep, 0);
        t.deepEqual(countedCounts(byCount.formulas), listedCounts(byList.formulas));
        t.is(byCount.circuitsHostingMappings, byList.circuitsHostingMappings);
        // Within the listing bound the passing mappings of counted formulas are listed: the same lists.
        const relisted = judge.mappings(counted.formulas, criteria, list, keep);
        t.deepEqual(relisted.formulas, byList.formulas);
        t.is(relisted.circuitsHostingMappings, byList.circuitsHostingMappings);
        // The search's own sets, handed over, judge as the sets searched again do.
        const handed = mappingSearchWithSets(model, gateTable(gate), search.formulaMaxDepth, search.iiaPairs, 0);
        t.deepEqual(handed.formulas, counted.formulas);
        t.deepEqual(judge.mappings(counted.formulas, criteria, list, keep, 0, handed.sets), byCount);
        t.deepEqual(judge.mappings(counted.formulas, criteria, list, keep, MAX_MINIMAL_MAPPINGS, handed.sets), relisted);
        // Listed formulas judged from the sets (joint-iia node by node) keep what judging each mapping keeps.
        const listedSets = mappingSearchWithSets(model, gateTable(gate), search.formulaMaxDepth, search.iiaPairs);
        t.deepEqual(listedSets.formulas, listed.formulas);
        t.deepEqual(judge.mappings(listed.formulas, criteria, list, keep, MAX_MINIMAL_MAPPINGS, listedSets.sets), byList);
        if (totalMappings(byList.formulas) < totalMappings(listed.formulas)) dropped++;
        if ((byList.circuitsHostingMappings ?? 0) > 0) hosting++;
      },
    ),
    { numRuns: 120, seed: 54 },
  );
  // The criteria dropped mappings and found hosts in some runs: not two copies of "keep everything".
  t.true(dropped >= 10, `the criteria dropped mappings in ${dropped} of 120 runs`);
  t.true(hosting >= 5, `circuits hosted mappings in ${hosting} of 120 runs`);
});

test('joint-iia over counted mappings equals joint-iia over the listed ones on trained networks (golden xor-k3-s4 at depth 4, the k = 6 example at depth 3)', (t) => {
  for (const [file, depth] of [['test/golden/xor-k3-s4.json', 4], ['examples/xor-k6-s1.json', 3]] as const) {
    const { input } = parseCase(JSON.parse(readFileSync(resolve(repoRoot, file), 'utf8')));
    for (const names of ['joint-iia', 'all-pairs-iia,joint-iia']) {
      const criteria = parseCriteria(names);
      const options = compileAnalysisOptions({ formulaMaxDepth: depth }, input.model);
      const search = criteriaOptions(options, criteria);
      const model = singleOutput(input.model, 0);
      const judge = new OutputCriteria(input, 0, options);
      const listed = mappingSearch(model, gateTable(input.gates[0] as Gate), depth, search.iiaPairs);
      const counted = mappingSearch(model, gateTable(input.gates[0] as Gate), depth, search.iiaPairs, 0);
      const byList = judge.mappings(listed.formulas, criteria, null, null);
      const byCount = judge.mappings(counted.formulas, criteria, null, null, 0);
      t.deepEqual(countedCounts(byCount.formulas), listedCounts(byList.formulas), `${file} ${names}`);
      const withSets = mappingSearchWithSets(model, gateTable(input.gates[0] as Gate), depth, search.iiaPairs);
      t.deepEqual(judge.mappings(withSets.formulas, criteria, null, null, MAX_MINIMAL_MAPPINGS, withSets.sets), byList, `${file} ${names}: listed, judged from the sets`);
      t.deepEqual(judge.mappings(counted.formulas, criteria, null, null, totalMappings(byList.formulas)).formulas, byList.formulas, `${file} ${names}: relisted`);
      t.deepEqual(countedCounts(judge.mappings(counted.formulas, criteria, null, null, totalMappings(byList.formulas) - 1).formulas), listedCounts(byList.formulas), `${file} ${names}: one past the bound`);
      t.true(totalMappings(byList.formulas) < totalMappings(listed.formulas), `${file} ${names}: joint-iia drops some`);
    }
  }
});

test('the sets a search hands over are the ones judged; sets of the other IIA mode are refused', (t) => {
  const { input } = parseCase(JSON.parse(readFileSync(resolve(repoRoot, 'examples/xor-k6-s1.json'), 'utf8')));
  const model = singleOutput(input.model, 0);
  const criteria = parseCriteria('joint-iia');
  const options = compileAnalysisOptions({ formulaMaxDepth: 3 }, input.model);
  const judge = new OutputCriteria(input, 0, options);
  const handed = mappingSearchWithSets(model, gateTable('XOR'), 3, 'lexicographic', 0);
  const passing = judge.mappings(handed.formulas, criteria, null, null, 0, handed.sets);
  t.true(passing.formulas.length >= 2);
  // A formula whose handed sets are emptied has no choice left: it drops out, so the sets were read.
  const first = passing.formulas[0]?.formula as string;
  const formulas = new Map(handed.sets.formulas);
  const sets = formulas.get(first) as NonNullable<ReturnType<typeof formulas.get>>;
  formulas.set(first, { ...sets, options: sets.options.map(() => []) });
  const emptied = judge.mappings(handed.formulas, criteria, null, null, 0, { mode: 'lexicographic', formulas });
  t.deepEqual(emptied.formulas, passing.formulas.slice(1));
  const other = mappingSearchWithSets(model, gateTable('XOR'), 3, 'all-pairs', 0);
  t.throws(() => judge.mappings(handed.formulas, criteria, null, null, 0, other.sets), { instanceOf: RangeError, message: /searched with all-pairs pairs, the criteria need lexicographic/ });
});

test('past 53 bits of hidden neurons joint-iia cannot key its interventions: it declines, and the output is refused as not listed, not retryable', (t) => {
  const { input } = randomCase(7, [2, 3, 2, 1], ['XOR'], false);
  const joint = new JointIia(singleOutput(input.model, 0), gateTable('XOR'), 3, 'lexicographic');
  // It declines before reading the formula or its sets.
  t.is(joint.countPassing(candidateFormulas(2, 1)[0] as Formula, [], [30, 30]), null);
  const err = new TooManyMappings(7_534_201, MAX_MINIMAL_MAPPINGS);
  t.regex(err.message, /^more than 500000 minimal mappings \(7534201 in all\): past that they are counted, not listed, and joint-iia counts them only in networks of at most 53 hidden neurons/);
  t.false(errorToRecord(err).retryable);
});

test('past 53 bits of hidden neurons the listed mappings are judged one by one: joint-iia keeps exactly those the plain oracle passes (seven hidden layers of 8, sets handed over and not)', (t) => {
  const shape = [2, 8, 8, 8, 8, 8, 8, 8, 1];
  let dropped = 0;
  let kept = 0;
  for (const [seed, gate] of [[0, 'OR'], [1, 'IMP'], [2, 'AND']] as const) {
    const { input, threshold } = randomCase(seed, shape, [gate], false);
    const options = compileAnalysisOptions({ accuracyThreshold: threshold, formulaMaxDepth: 2, stages: ['mappings'] }, input.model);
    const model = singleOutput(input.model, 0);
    const criteria = parseCriteria('joint-iia');
    const search = mappingSearchWithSets(model, gateTable(gate), 2, 'lexicographic');
    // The sets are handed over, but these widths cannot key an intervention: the path under test.
    t.is(new JointIia(model, gateTable(gate), 2, 'lexicographic').countPassing(candidateFormulas(2, 1)[0] as Formula, [], shape.slice(1, -1)), null);
    const judge = new OutputCriteria(input, 0, options);
    const oracle = search.formulas
      .map((f) => ({ formula: f.formula, minimal_mappings: (f.minimal_mappings ?? []).filter((m) => oracleJointIia(model, gate, 2, 'lexicographic', f.formula, m)) }))
      .filter((f) => f.minimal_mappings.length > 0);
    const withSets = judge.mappings(search.formulas, criteria, null, null, MAX_MINIMAL_MAPPINGS, search.sets);
    t.deepEqual(withSets.formulas, oracle, `seed ${seed} ${gate}, sets handed over`);
    t.deepEqual(judge.mappings(search.formulas, criteria, null, null).formulas, oracle, `seed ${seed} ${gate}, no sets`);
    kept += totalMappings(oracle);
    dropped += totalMappings(search.formulas) - totalMappings(oracle);
  }
  t.true(kept > 0 && dropped > 0, `kept ${kept}, dropped ${dropped}`);
});
