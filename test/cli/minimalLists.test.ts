import test from 'ava';
import fc from 'fast-check';
import { MinimalLists } from '../../cli/minimalLists.js';
import { keepMinimal } from '../../shared/engine/keepMinimal.js';
import { CircuitList } from '../../shared/engine/circuitList.js';
import { circuitSliceRanges, summarizeCircuitSlice } from '../../shared/engine/circuitSlices.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import { selfLabelled, randomCase } from '../helpers/randomNetwork.js';

/** The minimal circuits of a list as records, by keepMinimal over the whole of it. */
function minimalRecords(list: CircuitList): unknown[] {
  const keep = new Uint8Array(list.length).fill(1);
  keepMinimal(list, keep);
  return list.kept(keep).records();
}

test('slices cut to their own minimal circuits as they arrive, in any order and any partition: the minimal circuits of their union are the whole list\'s', (t) => {
  let cut = 0;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 2, max: 9 }), fc.boolean(), (seed, n, again) => {
      // Self-labelled, so that many circuits are valid and many contain one another.
      const drawn = randomCase(seed, [2, 3, 3, 1], ['XOR'], false);
      const input = selfLabelled(drawn.input);
      const options = compileAnalysisOptions({ minSparsity: 0, accuracyThreshold: 0.99, stages: ['circuits'] }, input.model);
      const sizes = input.model.layerSizes;
      const whole = summarizeCircuitSlice(input, 0, options, undefined, Infinity, undefined, undefined, { packed: true }).packed;
      if (!whole) return false;
      const lists = new MinimalLists(() => sizes);
      const ranges = circuitSliceRanges(sizes, 0, n);
      const parts = ranges.map((r) => ({ r, list: CircuitList.fromPacked(sizes, summarizeCircuitSlice(input, 0, options, r, Infinity, undefined, undefined, { packed: true }).packed ?? { words: new Uint32Array(0), groundings: [] }) }));
      // Arrival order reversed; a slice written twice (relisted) counts once.
      for (const { r, list } of [...parts].reverse()) lists.write(0, [r.start, 0], list);
      if (again && parts[0]) lists.write(0, [parts[0].r.start, 0], parts[0].list);
      t.is(lists.listed(0), whole.groundings.length);
      const union = lists.take(0);
      t.true(union.length <= whole.groundings.length);
      if (union.length < whole.groundings.length) cut++;
      t.deepEqual(minimalRecords(union), minimalRecords(CircuitList.fromPacked(sizes, whole)));
      t.is(lists.listed(0), 0, 'taken: let go');
      return true;
    }),
    { numRuns: 12 },
  );
  t.true(cut > 0, 'some slice held fewer circuits than it listed');
});
