/**
 * The hosts of `consistent` (mappingHosts.ts): the count by groups of neurons equals judging choice
 * by choice, and the minimal sets searched again are the ones the mappings were listed from.
 * Counted against listed under every mapping criterion: mappingCriteria.test.ts.
 */
import test from 'ava';
import { CircuitList } from '../../shared/engine/circuitList.js';
import { gateTable } from '../../shared/engine/gates.js';
import { eachDisjointChoice, type NeuronSet } from '../../shared/engine/mappingCount.js';
import { hostGroupsOf, MappingHosts } from '../../shared/engine/mappingHosts.js';
import { keptCircuitList, OutputCriteria } from '../../shared/engine/applyCriteria.js';
import { circuitSpace } from '../../shared/engine/circuitSpace.js';
import { parseCriteria } from '../../shared/engine/criteria.js';
import { probeUnits } from '../../shared/engine/keptProbe.js';
import { totalMappings } from '../../shared/engine/mappingCount.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import type { Gate } from '../../shared/engine/types.js';
import { formulaOptions, mappingSearch, MAX_MINIMAL_MAPPINGS } from '../../shared/engine/mappingSearch.js';
import { singleOutput } from '../../shared/engine/network.js';
import { randomCase, TWO_INPUT_GATES } from '../helpers/randomNetwork.js';

test('the minimal sets searched again are the ones the search listed the mappings from', (t) => {
  const { input } = randomCase(7, [2, 3, 2, 1], ['XOR'], false);
  const model = singleOutput(input.model, 0);
  const listed = mappingSearch(model, gateTable('XOR'), 3, 'lexicographic');
  const options = formulaOptions(model, gateTable('XOR'), 3, 'lexicographic', new Set(listed.formulas.map((f) => f.formula)));
  t.is(options.size, listed.formulas.length);
  for (const f of listed.formulas) {
    let n = 0;
    eachDisjointChoice(options.get(f.formula)?.options ?? [], () => n++);
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
    const hosts = MappingHosts.ofList(list, Uint8Array.from([1, 1, 1, 0]), [width, width]);
    // Of the 9 choices, inside [0111, 0011]: a d, b d, c d; inside [1100, 1101]: b e, b f, c e, c f;
    // a e and a f in neither (the fourth circuit, which holds everything, is not kept).
    t.is(hosts.counted(options), 7, `width ${width}`);
    t.is(hosts.circuitsHosting(), 3, `width ${width}`);
  }
  let all = 0;
  eachDisjointChoice(options, () => all++);
  t.is(all, 9);
});

test('hosts from the kept circuits counted unit by unit (hostGroupsOf, no list) judge as the listed circuits do: the same mappings and hosting circuits, listed and counted (random networks, two and three hidden layers)', (t) => {
  let hosting = 0;
  let dropped = 0;
  for (let seed = 0; seed < 40; seed++) {
    const shape = seed % 2 === 0 ? [2, 3, 2, 1] : [2, 2, 2, 2, 1];
    const gate = TWO_INPUT_GATES[seed % TWO_INPUT_GATES.length] as Gate;
    const { input, threshold } = randomCase(seed, shape, [gate], seed % 5 === 0);
    const options = compileAnalysisOptions({ accuracyThreshold: threshold, formulaMaxDepth: 2 }, input.model);
    const criteria = parseCriteria(seed % 3 === 0 ? 'consistent' : 'joint-iia,consistent');
    const { list } = keptCircuitList(input, 0, options);
    const keep = new Uint8Array(list.length).fill(1);
    const space = circuitSpace(singleOutput(input.model, 0).layerSizes, 0);
    const groups = hostGroupsOf(space, probeUnits(input, 0, options).unitKept);
    t.is(groups.reduce((a, g) => a + g.circuits, 0), list.length, `seed ${seed}: every valid circuit in a group`);
    const model = singleOutput(input.model, 0);
    const searched = mappingSearch(model, gateTable(gate), 2, 'lexicographic');
    for (const bound of [MAX_MINIMAL_MAPPINGS, 0]) {
      const formulas = bound === 0 ? mappingSearch(model, gateTable(gate), 2, 'lexicographic', 0).formulas : searched.formulas;
      const judge = new OutputCriteria(input, 0, options);
      const byList = judge.mappings(formulas, criteria, list, keep, bound);
      const byGroups = new OutputCriteria(input, 0, options).mappings(formulas, criteria, null, null, bound, undefined, groups);
      t.deepEqual(byGroups, byList, `seed ${seed}, bound ${bound}`);
      if (bound !== 0) {
        hosting += byList.circuitsHostingMappings ?? 0;
        dropped += totalMappings(searched.formulas) - totalMappings(byList.formulas);
      }
    }
  }
  t.true(hosting > 0 && dropped > 0, `hosting ${hosting}, dropped ${dropped}`);
});
