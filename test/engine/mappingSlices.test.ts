/**
 * The sliced what-then-where search: for any slice count, in both IIA modes, merging the slices
 * gives exactly `mappingSearch`'s result (same formulas, mappings and order, same count).
 */
import test from 'ava';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCase } from '../../shared/case/caseFile.js';
import { gateTable } from '../../shared/engine/gates.js';
import { mappingCount, totalMappings } from '../../shared/engine/mappingCount.js';
import { MAX_MINIMAL_MAPPINGS, mappingSearch } from '../../shared/engine/mappingSearch.js';
import { isListed, mappingListShare, MappingSliceError, mappingSearchSlice, mappingSpaceSize, mergeMappingSlices, type MappingSlicePart } from '../../shared/engine/mappingSlices.js';
import { forwardAll, singleOutput } from '../../shared/engine/network.js';
import type { IiaPairs, NetworkModel } from '../../shared/engine/types.js';
import { repoRoot } from '../helpers/cli.js';
import { goldenCases } from '../helpers/golden.js';
import { outputIgnoringNeurons, randomCase } from '../helpers/randomNetwork.js';

const modes: IiaPairs[] = ['lexicographic', 'all-pairs'];

/**
 * Every slice of an `of`-way split, each through JSON (parts are plain data), merged in a scrambled
 * order (parts arrive in any order).
 */
function mergedSearch(model: NetworkModel, table: number, depth: number, mode: IiaPairs, of: number): ReturnType<typeof mappingSearch> {
  const parts = Array.from({ length: of }, (_, index) => JSON.parse(JSON.stringify(mappingSearchSlice(model, table, depth, mode, { index, of }))) as MappingSlicePart);
  return mergeMappingSlices([...parts.slice(of >> 1), ...parts.slice(0, of >> 1)].reverse());
}

/** The network's own truth table on clean inputs: formulas computing it have many valid sets. */
function ownTable(model: NetworkModel): number {
  let t = 0;
  for (let s = 0; s < 4; s++) if (((forwardAll(model, [s >>> 1, s & 1]).at(-1) as Float32Array)[0] as number) > 0.5) t |= 1 << s;
  return t;
}

test('space size: candidates, the per-slice overhead, and work that grows with depth and width', (t) => {
  const size = (sizes: number[], depth: number, mode: IiaPairs = 'lexicographic') => mappingSpaceSize(sizes, depth, mode);
  t.deepEqual([2, 3, 4].map((d) => size([2, 3, 3, 1], d).candidates), [10, 88, 7654]);
  // 7 sets x 6 pairs x (100 + 3 x 12 multiply-adds) from layer 1, 7 x 6 x (100 + 3 x 3) from layer 2.
  t.is(size([2, 3, 3, 1], 3).sliceOverhead, 7 * 6 * 136 + 7 * 6 * 109);
  t.is(size([2, 3, 3, 1], 3, 'all-pairs').sliceOverhead, 2 * size([2, 3, 3, 1], 3).sliceOverhead);
  t.true(size([2, 3, 3, 1], 4).work > 100 * size([2, 3, 3, 1], 3).work);
  t.true(size([2, 6, 6, 1], 3).work > size([2, 3, 3, 1], 3).work);
  t.true(size([2, 3, 3, 3, 1], 4).work > size([2, 3, 3, 1], 4).work);
});

for (const mode of modes) {
  test(`random networks: merged slices equal the whole search (${mode})`, (t) => {
    const shapes = [[2, 2, 1], [2, 3, 2, 1], [2, 3, 3, 1], [2, 4, 3, 1], [2, 2, 2, 2, 1]];
    fc.assert(
      fc.property(fc.nat(2 ** 31 - 1), fc.constantFrom(...shapes), fc.constantFrom(2, 3), fc.integer({ min: 1, max: 100 }), fc.boolean(), (seed, shape, depth, of, own) => {
        const model = randomCase(seed, shape, ['XOR'], false).input.model;
        const table = own ? ownTable(model) : gateTable('XOR');
        const whole = mappingSearch(model, table, depth, mode);
        return JSON.stringify(mergedSearch(model, table, depth, mode, of)) === JSON.stringify(whole);
      }),
      { numRuns: 60, seed: 20250301 },
    );
    t.pass();
  });
}

/**
 * Slices listing their share of `bound` (as the plan gives them), the ones cut short run again with
 * the whole bound when the output is within it (as the assembler asks), merged in scrambled order.
 */
function boundedMerge(model: NetworkModel, table: number, depth: number, mode: IiaPairs, of: number, bound: number): ReturnType<typeof mappingSearch> {
  const parts = Array.from({ length: of }, (_, index) => mappingSearchSlice(model, table, depth, mode, { index, of }, mappingListShare(bound, of)));
  const total = parts.reduce((n, p) => n + totalMappings(p.formulas), 0);
  const again = parts.map((p, index) => (total <= bound && !isListed(p) ? mappingSearchSlice(model, table, depth, mode, { index, of }, bound) : p));
  return mergeMappingSlices([...again].reverse(), bound);
}

test('random networks under a listing bound: merged slices equal the whole search, listed within it, counted past it', (t) => {
  const seen = { listed: 0, counted: 0, relisted: 0 };
  fc.assert(
    fc.property(fc.nat(2 ** 31 - 1), fc.constantFrom<number[]>([2, 3, 3, 1], [2, 4, 3, 1], [2, 2, 2, 2, 1]), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 3000 }), (seed, shape, of, bound) => {
        const model = randomCase(seed, shape, ['XOR'], false).input.model;
        const table = ownTable(model);
        const whole = mappingSearch(model, table, 3, 'lexicographic', bound);
        const total = totalMappings(whole.formulas);
        const listed = whole.formulas.every((f) => f.minimal_mappings !== null);
        if (listed !== total <= bound) return false;
        if (total > 0) seen[listed ? 'listed' : 'counted']++;
        if (total <= bound && Array.from({ length: of }, (_, index) => mappingSearchSlice(model, table, 3, 'lexicographic', { index, of }, mappingListShare(bound, of))).some((p) => !isListed(p))) seen.relisted++;
        return JSON.stringify(boundedMerge(model, table, 3, 'lexicographic', of, bound)) === JSON.stringify(whole) && total === totalMappings(mappingSearch(model, table, 3, 'lexicographic').formulas);
      }),
    { numRuns: 150, seed: 20261205 },
  );
  t.true(seen.listed > 10 && seen.counted > 10 && seen.relisted > 5, JSON.stringify(seen));
});

test('a merge refuses a counted slice in an output within the bound: it must be relisted first', (t) => {
  const model = outputIgnoringNeurons(3);
  const parts = Array.from({ length: 64 }, (_, index) => mappingSearchSlice(model, gateTable('tt:0000'), 3, 'lexicographic', { index, of: 64 }, mappingListShare(MAX_MINIMAL_MAPPINGS, 64)));
  const counted = parts.findIndex((p) => !isListed(p));
  t.true(counted >= 0);
  t.throws(() => mergeMappingSlices(parts), { instanceOf: MappingSliceError, message: new RegExp(`^slice ${counted} of 64 counted its mappings, but the output's 36153 are within the listing bound`) });
});

test('random networks do reach mappings (the property above is not vacuous)', (t) => {
  let mappings = 0;
  for (let seed = 0; seed < 20; seed++) {
    const model = randomCase(seed, [2, 3, 3, 1], ['XOR'], false).input.model;
    for (const f of mappingSearch(model, ownTable(model), 3, 'lexicographic').formulas) mappings += mappingCount(f);
  }
  t.true(mappings > 100, `${mappings} mappings`);
});

for (const c of goldenCases()) {
  test(`golden ${c.name}: merged slices equal the whole search, depths 2 and 3, both modes`, (t) => {
    const { input } = parseCase(c.json);
    input.gates.forEach((gate, o) => {
      const model = singleOutput(input.model, o);
      for (const mode of modes) {
        for (const depth of [2, 3]) {
          const whole = JSON.stringify(mappingSearch(model, gateTable(gate), depth, mode));
          for (const of of [1, 2, 3, 7, 89, 150]) t.is(JSON.stringify(mergedSearch(model, gateTable(gate), depth, mode, of)), whole, `${gate} ${mode} depth ${depth} in ${of}`);
        }
      }
    });
  });
}

test('xor-k6 example at depth 3 (794 mappings): merged slices equal the whole search', (t) => {
  const { input } = parseCase(JSON.parse(readFileSync(join(repoRoot, 'examples/xor-k6-s1.json'), 'utf8')));
  const model = singleOutput(input.model, 0);
  for (const mode of modes) {
    const whole = mappingSearch(model, gateTable('XOR'), 3, mode);
    for (const of of [2, 5, 13]) t.is(JSON.stringify(mergedSearch(model, gateTable('XOR'), 3, mode, of)), JSON.stringify(whole), `${mode} in ${of}`);
  }
});

test('golden xor-k3-s4 at depth 4: merged slices equal the whole search', (t) => {
  const { input } = parseCase(goldenCases().find((c) => c.name === 'xor-k3-s4')?.json);
  const model = singleOutput(input.model, 0);
  for (const mode of modes) {
    const whole = mappingSearch(model, gateTable('XOR'), 4, mode);
    t.true(whole.formulas.length > 0);
    t.is(JSON.stringify(mergedSearch(model, gateTable('XOR'), 4, mode, 7)), JSON.stringify(whole), mode);
  }
});

test('more slices than candidates: the extra slices are empty', (t) => {
  const model = randomCase(1, [2, 2, 2, 1], ['AND'], false).input.model;
  const parts = Array.from({ length: 25 }, (_, index) => mappingSearchSlice(model, gateTable('AND'), 2, 'lexicographic', { index, of: 25 }));
  t.is(parts.filter((p) => p.start === p.end).length, 15);
  t.true(parts.every((p) => p.start < p.end || (p.formulasChecked === 0 && p.formulas.length === 0)));
});

test('merge refuses incomplete or mixed splits', (t) => {
  const model = randomCase(2, [2, 2, 2, 1], ['XOR'], false).input.model;
  const split = (of: number, depth = 3): MappingSlicePart[] => Array.from({ length: of }, (_, index) => mappingSearchSlice(model, gateTable('XOR'), depth, 'lexicographic', { index, of }));
  const [a, b, c] = split(3) as [MappingSlicePart, MappingSlicePart, MappingSlicePart];
  t.throws(() => mergeMappingSlices([]), { instanceOf: MappingSliceError, message: 'no slices to merge: expected every part of one split' });
  t.throws(() => mergeMappingSlices([a, c]), { instanceOf: MappingSliceError, message: 'slice 1 of 3 is missing' });
  t.throws(() => mergeMappingSlices([a, b]), { instanceOf: MappingSliceError, message: 'slice 2 of 3 is missing' });
  t.throws(() => mergeMappingSlices([a, b, b, c]), { instanceOf: MappingSliceError, message: 'slice 1 of 3 is repeated' });
  const expected = '3 slices of 88 candidates, depth 3, gate table 6, lexicographic pairs';
  t.throws(() => mergeMappingSlices([a, b, split(4)[2] as MappingSlicePart]), { instanceOf: MappingSliceError, message: `slice 2 is not from the split of slice 0: got 4 slices of 88 candidates, depth 3, gate table 6, lexicographic pairs, expected ${expected}` });
  t.throws(() => mergeMappingSlices([a, b, split(3, 2)[2] as MappingSlicePart]), { instanceOf: MappingSliceError, message: `slice 2 is not from the split of slice 0: got 3 slices of 10 candidates, depth 2, gate table 6, lexicographic pairs, expected ${expected}` });
  const allPairs = mappingSearchSlice(model, gateTable('XOR'), 3, 'all-pairs', { index: 2, of: 3 });
  t.throws(() => mergeMappingSlices([a, b, allPairs]), { instanceOf: MappingSliceError, message: `slice 2 is not from the split of slice 0: got 3 slices of 88 candidates, depth 3, gate table 6, all-pairs pairs, expected ${expected}` });
  t.throws(() => mappingSearchSlice(model, gateTable('XOR'), 3, 'lexicographic', { index: 3, of: 3 }), { instanceOf: MappingSliceError, message: 'slice index must be an integer in [0, 2], got 3' });
  t.throws(() => mappingSearchSlice(model, gateTable('XOR'), 3, 'lexicographic', { index: 0, of: 0 }), { instanceOf: MappingSliceError, message: 'slice count must be a positive integer, got 0' });
});

test('a network whose output ignores its neurons: past MAX_MINIMAL_MAPPINGS every formula is counted, none listed, sliced or not', (t) => {
  // Listing them ran a worker out of its 4 GB heap; 113 million are counted in seconds.
  const model = outputIgnoringNeurons(7);
  const whole = mappingSearch(model, gateTable('tt:0000'), 4, 'lexicographic');
  t.is(totalMappings(whole.formulas), 113_420_529);
  t.true(whole.formulas.every((f) => f.minimal_mappings === null && (f.mappings_count ?? 0) > 0));
  t.is(whole.formulas.length, 522);
  t.is(JSON.stringify(boundedMerge(model, gateTable('tt:0000'), 4, 'lexicographic', 8, MAX_MINIMAL_MAPPINGS)), JSON.stringify(whole));
});
