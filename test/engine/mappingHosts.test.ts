/**
 * `consistent` over minimal mappings that were counted, not listed, equals judging every listed
 * mapping: the same count per formula, the same formulas dropped, the same circuits hosting.
 */
import test from 'ava';
import fc from 'fast-check';
import { keptCircuitList, OutputCriteria } from '../../shared/engine/applyCriteria.js';
import { CircuitList } from '../../shared/engine/circuitList.js';
import { criteriaOptions, parseCriteria } from '../../shared/engine/criteria.js';
import { gateTable } from '../../shared/engine/gates.js';
import { eachDisjointChoice, totalMappings, type NeuronSet } from '../../shared/engine/mappingCount.js';
import { MappingHosts } from '../../shared/engine/mappingHosts.js';
import { formulaOptions, mappingSearch } from '../../shared/engine/mappingSearch.js';
import { singleOutput } from '../../shared/engine/network.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import type { FormulaRecord } from '../../shared/engine/types.js';
import { randomCase, TWO_INPUT_GATES } from '../helpers/randomNetwork.js';

const listedCounts = (formulas: readonly FormulaRecord[]): [string, number][] => formulas.map((f) => [f.formula, f.minimal_mappings?.length ?? -1]);
const countedCounts = (formulas: readonly FormulaRecord[]): [string, number][] => formulas.map((f) => [f.formula, f.minimal_mappings === null ? (f.mappings_count ?? -1) : -2]);

test('consistent over counted mappings equals consistent over the listed ones (random networks, with and without circuit criteria, both IIA modes)', (t) => {
  let dropped = 0;
  let hosting = 0;
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.constantFrom<number[]>([2, 3, 1], [2, 2, 2, 1], [2, 3, 2, 1], [2, 2, 3, 1]),
      fc.constantFrom(...TWO_INPUT_GATES),
      fc.boolean(),
      fc.constantFrom('consistent', 'minimal-circuits,consistent', 'faithful:0.2,consistent', 'all-pairs-iia,consistent'),
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
        const byCount = judge.mappings(counted.formulas, criteria, list, keep);
        t.deepEqual(countedCounts(byCount.formulas), listedCounts(byList.formulas));
        t.is(byCount.circuitsHostingMappings, byList.circuitsHostingMappings);
        if (totalMappings(byList.formulas) < totalMappings(listed.formulas)) dropped++;
        if ((byList.circuitsHostingMappings ?? 0) > 0) hosting++;
      },
    ),
    { numRuns: 60, seed: 54 },
  );
  // Both sides dropped mappings and found hosts in some runs: not two copies of "keep everything".
  t.true(dropped >= 5, `consistent dropped mappings in ${dropped} of 60 runs`);
  t.true(hosting >= 5, `circuits hosted mappings in ${hosting} of 60 runs`);
});

test('the minimal sets searched again are the ones the search listed the mappings from', (t) => {
  const { input } = randomCase(7, [2, 3, 2, 1], ['XOR'], false);
  const model = singleOutput(input.model, 0);
  const listed = mappingSearch(model, gateTable('XOR'), 3, 'lexicographic');
  const options = formulaOptions(model, gateTable('XOR'), 3, 'lexicographic', new Set(listed.formulas.map((f) => f.formula)));
  t.is(options.size, listed.formulas.length);
  for (const f of listed.formulas) {
    let n = 0;
    eachDisjointChoice(options.get(f.formula) ?? [], () => n++);
    t.is(n, f.minimal_mappings?.length ?? -1, f.formula);
  }
});

test('past 53 bits of hidden neurons the count judges choice by choice, with the same numbers', (t) => {
  const options: NeuronSet[][] = [
    [{ layer: 1, mask: 0b0001 }, { layer: 1, mask: 0b0100 }, { layer: 2, mask: 0b0001 }],
    [{ layer: 1, mask: 0b0010 }, { layer: 1, mask: 0b1000 }, { layer: 2, mask: 0b1000 }],
  ];
  // Hidden layers of 30 (60 bits: the neurons used no longer fit one exact number) and of 4.
  for (const width of [30, 4]) {
    const list = new CircuitList([2, width, width, 1]);
    const rows = [new Uint32Array(width).fill(3), new Uint32Array(width), new Uint32Array([1])];
    list.push(Uint32Array.from([0b0111, 0b0011, 1]), rows, null);
    list.push(Uint32Array.from([0b1100, 0b1101, 1]), rows, null);
    list.push(Uint32Array.from([0b1100, 0b1101, 1]), rows, null);
    list.push(Uint32Array.from([0b1111, 0b1111, 1]), rows, null);
    const hosts = new MappingHosts(list, Uint8Array.from([1, 1, 1, 0]), [width, width]);
    // Of the 9 choices, inside [0111, 0011]: a d, b d, c d; inside [1100, 1101]: b e, b f, c e, c f;
    // a e and a f in neither (the fourth circuit, which holds everything, is not kept).
    t.is(hosts.counted(options), 7, `width ${width}`);
    t.is(hosts.circuitsHosting(), 3, `width ${width}`);
  }
  let all = 0;
  eachDisjointChoice(options, () => all++);
  t.is(all, 9);
});
