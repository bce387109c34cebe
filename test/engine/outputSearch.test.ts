/**
 * Bulk counting in the output search: a whole accepted subtree counted by inclusion-exclusion and a
 * last row by popcount give exactly the number of circuits the search would have emitted.
 */
import test from 'ava';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCase } from '../../shared/case/caseFile.js';
import { bitList, nonEmptySubsets, subsetList } from '../../shared/engine/bits.js';
import { circuitSpace, sliceBoundaries } from '../../shared/engine/circuitSpace.js';
import { evaluateCircuits } from '../../shared/engine/evaluateCircuits.js';
import { paperTest } from '../../shared/engine/outputTest.js';
import { StrictSearch, type OutputSearch } from '../../shared/engine/outputSearch.js';
import { RowTables } from '../../shared/engine/rowTables.js';
import { singleOutput } from '../../shared/engine/network.js';
import { coveringCompletions } from '../../shared/engine/searchTables.js';
import { distinctSamples } from '../../shared/engine/samples.js';
import type { AnalysisInput, Gate } from '../../shared/engine/types.js';
import { randomCase } from '../helpers/randomNetwork.js';

test('covering completions equal a plain enumeration of row tuples', (t) => {
  for (let p = 1; p <= 4; p++) {
    const lower = 2 ** p - 1;
    const rows = nonEmptySubsets(lower);
    for (let needed = 0; needed <= lower; needed++) {
      for (let m = 1; m <= 3; m++) {
        let plain = 0;
        const walk = (k: number, union: number): void => {
          if (k === m) {
            if ((union & needed) === needed) plain++;
            return;
          }
          for (const r of rows) walk(k + 1, union | r);
        };
        walk(0, 0);
        const q = [...Array(p).keys()].filter((i) => (needed >>> i) & 1).length;
        t.is(coveringCompletions(p, q, m), plain, `p=${p} needed=${needed} m=${m}`);
      }
    }
  }
});

function keptBothWays(input: AnalysisInput, threshold: number, start?: number, end?: number): [number, number] {
  const model = singleOutput(input.model, 0);
  const space = circuitSpace(model.layerSizes, 0);
  const samples = distinctSamples(input.validation, 0);
  let emitted = 0;
  evaluateCircuits(model, space, paperTest(model, samples, threshold), start ?? 0, end ?? space.units, () => emitted++);
  const bulk = { countOnly: true, counted: 0 };
  let stray = 0;
  evaluateCircuits(model, space, paperTest(model, samples, threshold), start ?? 0, end ?? space.units, () => stray++, bulk);
  return [emitted, bulk.counted + stray];
}

test('bulk counts equal emitted circuits on random networks, clean and noisy', (t) => {
  const gates: Gate[] = ['XOR', 'AND', 'OR', 'NAND'];
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 2, max: 4 }), fc.boolean(), fc.integer({ min: 0, max: 3 }), (seed, k, noisy, g) => {
      const { input, threshold } = randomCase(seed, [2, k, k, 1], [gates[g] as Gate], noisy);
      const [emitted, counted] = keptBothWays(input, threshold);
      t.is(counted, emitted);
    }),
    { numRuns: 40, seed: 9 },
  );
});

test('bulk counts equal emitted circuits on slices of the k = 5 example', (t) => {
  const file = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples/xor-k5-s1.json');
  const { input } = parseCase(JSON.parse(readFileSync(file, 'utf8')));
  const space = circuitSpace(singleOutput(input.model, 0).layerSizes, 0);
  const bounds = sliceBoundaries(space, 64);
  let total = 0;
  for (const s of [5, 30, 50, 60]) {
    const [emitted, counted] = keptBothWays(input, 0.99, bounds[s], bounds[s + 1]);
    t.is(counted, emitted, `slice ${s}`);
    total += emitted;
  }
  t.true(total > 0, 'the slices keep circuits');
});

/** Tables of a random last pair (nLower -> nUpper -> 1) on `count` samples, from `rnd`. */
function randomTables(rnd: () => number, count: number, nLower: number, nUpper: number, t = new RowTables(nUpper, nLower, count)): RowTables {
  // Weights on a grid of quarters now and then, so that equal contributions and sums occur.
  const w = (): number => (rnd() < 0.3 ? Math.round(rnd() * 8 - 4) / 4 : rnd() * 4 - 2);
  const model = {
    layerSizes: [2, nLower, nUpper, 1],
    weights: [new Float32Array(2 * nLower), Float32Array.from({ length: nUpper * nLower }, w), Float32Array.from({ length: nUpper }, w)],
    biases: [new Float32Array(nLower), Float32Array.from({ length: nUpper }, w), new Float32Array(1)],
  };
  const prev = Float32Array.from({ length: nLower * count }, () => (rnd() < 0.2 ? 0 : rnd() * 2));
  t.fill(model, 2, prev, subsetList(2 ** nLower - 1), 2 ** nUpper - 1);
  return t;
}

/** Every circuit the search emits, in order; its sample intervals around a random circuit's dots. */
function searched(search: OutputSearch, t: RowTables, nLower: number, nUpper: number): string[] {
  const out: string[] = [];
  const rows = new Uint32Array(nUpper);
  search.run(t, bitList(2 ** nUpper - 1), subsetList(2 ** nLower - 1), 2 ** nLower - 1, rows, () => out.push(rows.join(',')));
  return out;
}

test('the last two rows searched through their pairs\' tree emit the same circuits in the same order', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 2, max: 4 }), (seed, count, nLower, nUpper) => {
      let x = seed;
      const rnd = (): number => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
      const tables = randomTables(rnd, count, nLower, nUpper);
      // Each sample's interval around the dot of one circuit, some of zero width, some half-open.
      const O = tables.O;
      const lo = new Float64Array(count);
      const hi = new Float64Array(count);
      // Its first row takes every lower node (the last option), so that it covers them.
      const pick = Array.from({ length: nUpper }, (_, j) => (j === 0 ? O - 1 : Math.floor(rnd() * O)));
      for (let p = 0; p < count; p++) {
        let dot = 0;
        for (let j = 0; j < nUpper; j++) dot += tables.contrib[(j * O + (pick[j] as number)) * count + p] as number;
        const kind = rnd();
        lo[p] = kind < 0.2 ? dot : kind < 0.4 ? -Infinity : dot - rnd();
        hi[p] = kind < 0.2 ? dot : kind < 0.6 && kind >= 0.4 ? Infinity : dot + rnd();
      }
      const weight = new Uint32Array(count).fill(1);
      const plain = new StrictSearch(count, nUpper, weight, 0, lo, hi, Infinity);
      const boxed = new StrictSearch(count, nUpper, weight, 0, lo, hi, 0);
      const want = searched(plain, tables, nLower, nUpper);
      t.deepEqual(searched(boxed, tables, nLower, nUpper), want);
      t.true(want.length > 0);
      // The same tables refilled with other values: the tree must be built anew.
      randomTables(rnd, count, nLower, nUpper, tables);
      t.deepEqual(searched(boxed, tables, nLower, nUpper), searched(plain, tables, nLower, nUpper));
    }),
    { numRuns: 60, seed: 11 },
  );
});
