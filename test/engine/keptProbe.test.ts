/**
 * The probe's kept circuits per unit equal what the listing search keeps in each unit alone, any
 * range of units gives the same entries, and a plan built from the counts merges to the unsliced
 * summary like any other partition.
 */
import test from 'ava';
import fc from 'fast-check';
import { mergeCircuitSlices, probedSliceRanges, summarizeCircuitSlice } from '../../shared/engine/circuitSlices.js';
import { circuitSpace } from '../../shared/engine/circuitSpace.js';
import { evaluateCircuits } from '../../shared/engine/evaluateCircuits.js';
import { paperTest } from '../../shared/engine/outputTest.js';
import { probeUnits } from '../../shared/engine/keptProbe.js';
import { distinctSamples } from '../../shared/engine/samples.js';
import { KEPT_CANDIDATES, keptWork, THREE_INPUT_KEPT_CANDIDATES, THREE_INPUT_STATES_SCALE, unitStates } from '../../shared/engine/sliceWork.js';
import { groundingPatterns } from '../../shared/engine/truthTables.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import { randomCase } from '../helpers/randomNetwork.js';

const shapes = [[2, 3, 1], [2, 3, 3, 1], [2, 2, 2, 2, 1], [2, 3, 2, 2, 1], [2, 2, 3, 2, 1], [2, 2, 2, 2, 2, 1]];

test('kept circuits per unit equal each unit listed alone; any sub-range gives the same entries (random networks)', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: shapes.length - 1 }), fc.boolean(), fc.nat(), fc.nat(), (seed, s, noisy, a, b) => {
      const sizes = shapes[s] as number[];
      const { input, threshold } = randomCase(seed, sizes, ['XOR'], noisy);
      const options = compileAnalysisOptions({ accuracyThreshold: threshold, stages: ['circuits'] }, input.model);
      const space = circuitSpace(sizes, 0);
      const whole = probeUnits(input, 0, options, { start: 0, end: space.units });
      const listed = summarizeCircuitSlice(input, 0, options, undefined, Infinity);
      t.is(whole.kept, listed.kept);
      t.is(whole.candidates, listed.candidates);
      t.is(whole.unitKept.reduce((x, y) => x + y, 0), listed.kept);
      // The oracle: each unit searched alone with every circuit listed (no count in bulk).
      for (let u = 0; u < space.units; u++) t.is(whole.unitKept[u], summarizeCircuitSlice(input, 0, options, { start: u, end: u + 1 }, Infinity).circuits?.length, `unit ${u}`);
      const start = a % (space.units + 1);
      const end = start + (b % (space.units - start + 1));
      t.deepEqual(Array.from(probeUnits(input, 0, options, { start, end }).unitKept), Array.from(whole.unitKept.subarray(start, end)));
    }),
    { numRuns: 40, seed: 3 },
  );
});

test('a plan from the probe\'s counts merges to the unsliced summary, and weighs a unit by its kept circuits (random deep networks)', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 2, max: shapes.length - 1 }), fc.boolean(), fc.integer({ min: 2, max: 60 }), (seed, s, noisy, n) => {
      const sizes = shapes[s] as number[];
      const { input, threshold } = randomCase(seed, sizes, ['XOR'], noisy);
      const options = compileAnalysisOptions({ accuracyThreshold: threshold, stages: ['circuits', 'groundings'] }, input.model);
      const space = circuitSpace(sizes, 0);
      const { unitKept } = probeUnits(input, 0, options, { start: 0, end: space.units });
      const work = keptWork(space, unitKept);
      for (let c = 0; c < space.combos; c++) {
        for (let u = space.unitStart[c] as number; u < (space.unitStart[c + 1] as number); u++) t.is(work[u], (space.candidatesPerUnit[c] as number) + KEPT_CANDIDATES * (unitKept[u] as number));
      }
      const ranges = probedSliceRanges(input.model, input.grounding, 0, unitKept, n);
      const whole = summarizeCircuitSlice(input, 0, options, undefined, Infinity);
      t.deepEqual(mergeCircuitSlices(ranges.map((r) => summarizeCircuitSlice(input, 0, options, r, Infinity)), Infinity), whole);
    }),
    { numRuns: 30, seed: 9 },
  );
});

test('the probe refuses a part of a unit, and the search a per-unit array of the wrong length', (t) => {
  const sizes = [2, 2, 2, 2, 1];
  const { input } = randomCase(1, sizes, ['XOR'], false);
  const options = compileAnalysisOptions({ stages: ['circuits'] }, input.model);
  t.throws(() => probeUnits(input, 0, options, { start: 3, end: 4, firstRows: [0, 1] }), { message: /whole units, not a part of unit 3/ });
  const space = circuitSpace(sizes, 0);
  t.throws(() => evaluateCircuits(input.model, space, paperTest(input.model, distinctSamples(input.validation, 0), 0.99), 0, 5, () => {}, undefined, undefined, undefined, new Float64Array(4)), { message: /unitKept has 4 entries for units \[0, 5\)/ });
  t.throws(() => keptWork(space, new Float64Array(space.units + 1)), { message: /kept counts of/ });
});

test('a unit that keeps most circuits is cut into parts of its own, the units that keep none share slices', (t) => {
  const sizes = [2, 2, 2, 2, 1];
  const space = circuitSpace(sizes, 0);
  const heavy = space.units - 3;
  const unitKept = new Float64Array(space.units);
  unitKept[heavy] = 1e9;
  const ranges = probedSliceRanges(randomCase(1, sizes, ['XOR'], false).input.model, null, 0, unitKept, 8);
  const parts = ranges.filter((r) => r.start === heavy);
  t.true(parts.length > 1, 'the heavy unit in parts');
  t.true(parts.every((r) => r.end === heavy + 1 && r.firstRows !== undefined));
  // The other units, with candidates only, weigh under a share together: one or two slices around it.
  t.true(ranges.length - parts.length <= 2, `${ranges.length - parts.length} other slices`);
  t.deepEqual([ranges[0]?.start, ranges.at(-1)?.end], [0, space.units]);
});

test('three inputs, two hidden layers: a kept circuit weighs by its first layer\'s states, and the plan merges to the unsliced summary (random networks)', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.constantFrom<number[]>([3, 2, 2, 1], [3, 3, 2, 1], [3, 2, 3, 1]), fc.integer({ min: 2, max: 40 }), (seed, sizes, n) => {
      const { input, threshold } = randomCase(seed, sizes, ['MAJORITY'], false);
      const options = compileAnalysisOptions({ accuracyThreshold: threshold, stages: ['circuits', 'groundings'] }, input.model);
      const space = circuitSpace(sizes, 0);
      const { unitKept } = probeUnits(input, 0, options, { start: 0, end: space.units });
      const states = unitStates(space, input.model, groundingPatterns(input.grounding));
      const work = keptWork(space, unitKept, states);
      for (let c = 0; c < space.combos; c++) {
        const per = space.candidatesPerUnit[c] as number;
        for (let u = space.unitStart[c] as number; u < (space.unitStart[c + 1] as number); u++) {
          if (per === 0) t.is(states[u], 0, `unit ${u}`);
          t.is(work[u], per + THREE_INPUT_KEPT_CANDIDATES * (unitKept[u] as number) * (1 + (states[u] as number) / THREE_INPUT_STATES_SCALE));
        }
      }
      const ranges = probedSliceRanges(input.model, input.grounding, 0, unitKept, n);
      const whole = summarizeCircuitSlice(input, 0, options, undefined, Infinity);
      t.deepEqual(mergeCircuitSlices(ranges.map((r) => summarizeCircuitSlice(input, 0, options, r, Infinity)), Infinity), whole);
    }),
    { numRuns: 20, seed: 4 },
  );
});

test('three inputs: a unit of about two and a half shares is cut into parts with groundings (a share each), not without (four shares)', (t) => {
  const sizes = [3, 3, 3, 1];
  const { input } = randomCase(7, sizes, ['MAJORITY'], false);
  const space = circuitSpace(sizes, 0);
  const states = unitStates(space, input.model, groundingPatterns(input.grounding));
  // A unit of a combo of three first-layer nodes on: seven parts to cut it into.
  let c = 0;
  while ((space.nodeMasks[c * 3] as number) !== 7 || (space.candidatesPerUnit[c] as number) === 0) c++;
  const heavy = space.unitStart[c] as number;
  const per = space.candidatesPerUnit[c] as number;
  let rest = -per;
  for (let k = 0; k < space.combos; k++) rest += (space.candidatesPerUnit[k] as number) * ((space.unitStart[k + 1] as number) - (space.unitStart[k] as number));
  // Its work a fifteenth of the rest's: 2.5 of 40 shares.
  const keptFor = (perCircuit: number): Float64Array => {
    const unitKept = new Float64Array(space.units);
    unitKept[heavy] = (rest / 15 - per) / perCircuit;
    return unitKept;
  };
  const grounded = probedSliceRanges(input.model, input.grounding, 0, keptFor(THREE_INPUT_KEPT_CANDIDATES * (1 + (states[heavy] as number) / THREE_INPUT_STATES_SCALE)), 40);
  t.is(grounded.filter((r) => r.start === heavy).length, 3);
  const counted = probedSliceRanges(input.model, null, 0, keptFor(KEPT_CANDIDATES), 40);
  t.deepEqual(counted.filter((r) => r.start === heavy && r.firstRows), []);
});
