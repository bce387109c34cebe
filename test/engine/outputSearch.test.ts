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
import { nonEmptySubsets } from '../../shared/engine/bits.js';
import { circuitSpace, sliceBoundaries } from '../../shared/engine/circuitSpace.js';
import { evaluateCircuits } from '../../shared/engine/evaluateCircuits.js';
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
  evaluateCircuits(model, space, samples, threshold, start ?? 0, end ?? space.units, () => emitted++);
  const bulk = { countOnly: true, counted: 0 };
  let stray = 0;
  evaluateCircuits(model, space, samples, threshold, start ?? 0, end ?? space.units, () => stray++, bulk);
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
