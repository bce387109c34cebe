/**
 * Minimal mappings counted without listing: the count over neurons used so far equals the plain
 * enumeration on random options, and a record is listed or counted, never both.
 */
import test from 'ava';
import fc from 'fast-check';
import { countByEnumeration, countDisjointChoices, countedRecord, listedWithin, mappingCount, totalMappings, type NeuronSet } from '../../shared/engine/mappingCount.js';
import type { FormulaRecord } from '../../shared/engine/types.js';

/** Random widths (1 to 3 hidden layers of 1 to 5) and per node some non-empty sets of them. */
const optionsArb = fc
  .array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 3 })
  .chain((widths) => {
    const set = fc.integer({ min: 0, max: widths.length - 1 }).chain((l) => fc.integer({ min: 1, max: 2 ** (widths[l] as number) - 1 }).map((mask): NeuronSet => ({ layer: l + 1, mask })));
    return fc.tuple(fc.constant(widths), fc.array(fc.array(set, { maxLength: 6 }), { maxLength: 5 }));
  });

test('the count over neurons used so far equals the plain enumeration', (t) => {
  fc.assert(
    fc.property(optionsArb, ([widths, options]) => countDisjointChoices(options, widths) === countByEnumeration(options)),
    { numRuns: 500, seed: 20261205 },
  );
  // Not vacuous: some draws have many choices, some none.
  const counts: number[] = [];
  fc.assert(fc.property(optionsArb, ([widths, options]) => { counts.push(countDisjointChoices(options, widths)); return true; }), { numRuns: 500, seed: 20261205 });
  t.true(counts.some((n) => n === 0) && counts.some((n) => n >= 30), `counts up to ${Math.max(...counts)}`);
});

test('two nodes share a layer but no neuron; other layers do not collide', (t) => {
  const one = { layer: 1, mask: 0b01 };
  const two = { layer: 1, mask: 0b10 };
  const both = { layer: 1, mask: 0b11 };
  const other = { layer: 2, mask: 0b01 };
  t.is(countDisjointChoices([[one, two], [one, two]], [2, 1]), 2);
  t.is(countDisjointChoices([[both], [one, two]], [2, 1]), 0);
  t.is(countDisjointChoices([[both, other], [one, other]], [2, 1]), 2);
  t.is(countDisjointChoices([], [2, 1]), 1, 'no relevant node: the empty mapping');
  t.is(countDisjointChoices([[one], []], [2, 1]), 0);
});

test('hidden layers wider than one number holds are counted by enumeration, the same', (t) => {
  const widths = [20, 20, 20];
  const options = [[{ layer: 3, mask: 1 << 19 }, { layer: 1, mask: 3 }], [{ layer: 3, mask: (1 << 19) | 1 }, { layer: 1, mask: 1 }, { layer: 2, mask: 5 }]];
  t.is(countDisjointChoices(options, widths), 4);
  t.is(countDisjointChoices(options, widths), countByEnumeration(options));
});

test('a record is listed or counted; counting drops the list and keeps its length', (t) => {
  const listed: FormulaRecord = { formula: 'A+B', minimal_mappings: [{ 'A 1': { '1': [0] } }, { 'A 1': { '1': [1] } }] };
  const counted = countedRecord(listed);
  t.deepEqual(counted, { formula: 'A+B', minimal_mappings: null, mappings_count: 2 });
  t.is(countedRecord(counted), counted);
  t.is(mappingCount(listed), 2);
  t.is(mappingCount(counted), 2);
  const other: FormulaRecord = { formula: 'A.B', minimal_mappings: [{ 'A 1': { '2': [0] } }] };
  t.is(totalMappings([listed, other]), 3);
  t.deepEqual(listedWithin([listed, other], 3), [listed, other]);
  t.deepEqual(listedWithin([listed, other], 2), [counted, countedRecord(other)]);
});
