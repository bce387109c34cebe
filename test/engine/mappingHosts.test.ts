/**
 * The hosts of `consistent` (mappingHosts.ts): the count by groups of neurons equals judging choice
 * by choice, and the minimal sets searched again are the ones the mappings were listed from.
 * Counted against listed under every mapping criterion: mappingCriteria.test.ts.
 */
import test from 'ava';
import { CircuitList } from '../../shared/engine/circuitList.js';
import { gateTable } from '../../shared/engine/gates.js';
import { eachDisjointChoice, type NeuronSet } from '../../shared/engine/mappingCount.js';
import { MappingHosts } from '../../shared/engine/mappingHosts.js';
import { formulaOptions, mappingSearch } from '../../shared/engine/mappingSearch.js';
import { singleOutput } from '../../shared/engine/network.js';
import { randomCase } from '../helpers/randomNetwork.js';

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
