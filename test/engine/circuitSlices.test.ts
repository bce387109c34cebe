/**
 * Slices of the circuit stage report exact summaries that merge to the unsliced answer: any
 * partition of an output's unit range gives the same kept count, candidates and groundings
 * distribution, and the listed circuits concatenate to the unsliced list with their counts.
 */
import test from 'ava';
import fc from 'fast-check';
import { analyzeOutput } from '../../shared/engine/analyze.js';
import { circuitSliceRanges, mergeCircuitSlices, summarizeCircuitSlice, type CircuitSliceSummary } from '../../shared/engine/circuitSlices.js';
import { circuitSpace } from '../../shared/engine/circuitSpace.js';
import { CircuitList } from '../../shared/engine/circuitList.js';
import { keepMinimal } from '../../shared/engine/keepMinimal.js';
import { unitParts } from '../../shared/engine/unitParts.js';
import { popcount } from '../../shared/engine/bits.js';
import type { UnitRange } from '../../shared/engine/analyze.js';
import { DistributionBuilder, mergeDistributions, type GroundingDistribution } from '../../shared/engine/groundingDistribution.js';
import { distributionRange } from '../../shared/engine/packedDistribution.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import type { Gate } from '../../shared/engine/types.js';
import { goldenCases } from '../helpers/golden.js';
import { parseCase } from '../../shared/case/caseFile.js';
import { randomCase } from '../helpers/randomNetwork.js';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

const shapes: number[][] = [[2, 3, 1], [2, 2, 2, 1], [2, 3, 2, 1], [2, 2, 2, 2, 1]];
const gates: Gate[] = ['XOR', 'AND', 'OR', 'NAND', 'IMP'];

test('any partition into slices merges to the unsliced summary and list (random networks)', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: shapes.length - 1 }), fc.integer({ min: 1, max: 40 }), fc.boolean(), fc.integer({ min: 0, max: gates.length - 1 }), (seed, s, n, noisy, g) => {
      const sizes = shapes[s] as number[];
      const { input, threshold } = randomCase(seed, sizes, [gates[g] as Gate], noisy);
      const options = compileAnalysisOptions({ accuracyThreshold: threshold }, input.model);
      const whole = summarizeCircuitSlice(input, 0, options, undefined, Infinity);
      const parts = circuitSliceRanges(sizes, 0, n).map((r) => summarizeCircuitSlice(input, 0, options, r, Infinity));
      const merged = mergeCircuitSlices(parts, Infinity);
      t.deepEqual(merged, whole);
      const listed = analyzeOutput(input, 0, options);
      t.is(whole.kept, listed.circuits.length);
      t.deepEqual(whole.circuits, listed.circuits);
      t.is(whole.groundings?.total, listed.circuits.reduce((a, c) => a + (c.groundings ?? 0n), 0n));
    }),
    { numRuns: 60, seed: 11 },
  );
});

test('any cut of units into parts merges to the unsliced summary and list, in both bulk modes (random networks of two and three hidden layers)', (t) => {
  // Two hidden layers: parts of the first second-layer row's options; three: of the second pair's edge masks.
  const deep = [[2, 3, 2, 1], [2, 2, 3, 1], [2, 3, 3, 1], [2, 2, 2, 2, 1], [2, 2, 3, 2, 1], [2, 3, 2, 2, 1]];
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: deep.length - 1 }), fc.integer({ min: 1, max: 30 }), fc.boolean(), fc.boolean(), (seed, s, cuts, noisy, groundings) => {
      const sizes = deep[s] as number[];
      const { input, threshold } = randomCase(seed, sizes, ['XOR'], noisy);
      const options = compileAnalysisOptions({ accuracyThreshold: threshold, stages: groundings ? ['circuits', 'groundings'] : ['circuits'] }, input.model);
      const space = circuitSpace([...sizes], 0);
      const L = sizes.length - 1;
      const whole = summarizeCircuitSlice(input, 0, options, undefined, Infinity);
      // Every unit in up to `cuts` parts of its options (some parts empty of circuits), listed and not.
      for (const limit of [Infinity, 0]) {
        const parts: CircuitSliceSummary[] = [];
        for (let c = 0; c < space.combos; c++) {
          const firstRows = space.candidatesPerUnit[c] === 0 ? 0 : unitParts(space, c);
          if (L === 3) t.is(firstRows, space.candidatesPerUnit[c] === 0 ? 0 : 2 ** popcount(space.nodeMasks[c * 3] as number) - 1);
          for (let u = space.unitStart[c] as number; u < (space.unitStart[c + 1] as number); u++) {
            const k = Math.max(1, Math.min(cuts, firstRows));
            for (let i = 0; i < k; i++) parts.push(summarizeCircuitSlice(input, 0, options, firstRows > 0 ? part(firstRows, k, i, u) : { start: u, end: u + 1 }, limit));
          }
        }
        t.deepEqual(mergeCircuitSlices(parts, limit), limit === 0 ? { ...whole, circuits: null } : whole);
      }
      function part(n: number, k: number, i: number, u: number): UnitRange {
        return { start: u, end: u + 1, firstRows: [Math.floor((i * n) / k), Math.floor(((i + 1) * n) / k)] as const };
      }
    }),
    { numRuns: 40, seed: 5 },
  );
});

test('golden cases: sliced summaries equal the golden circuit lists', (t) => {
  for (const c of goldenCases()) {
    const { input, config } = parseCase(c.json);
    const options = compileAnalysisOptions({ ...config, stages: ['circuits', 'groundings'] }, input.model);
    input.gates.forEach((_, o) => {
      const listed = analyzeOutput(input, o, options);
      const parts = circuitSliceRanges(input.model.layerSizes, options.minSparsity, 7).map((r) => summarizeCircuitSlice(input, o, options, r, 5));
      const merged = mergeCircuitSlices(parts, 5);
      t.is(merged.kept, listed.circuits.length, `${c.name} output ${o}`);
      const b = new DistributionBuilder();
      for (const x of listed.circuits) b.add(x.groundings);
      t.deepEqual(merged.groundings, b.buildPacked(), `${c.name} output ${o}`);
      // The list survives only when it fits the limit.
      t.is(merged.circuits === null, listed.circuits.length > 5, `${c.name} output ${o}`);
    });
  }
});

test('a slice past its list limit drops the list and keeps the exact summary', (t) => {
  const golden = goldenCases().find((c) => c.name === 'xor-k3-s4');
  if (!golden) return t.fail('golden case xor-k3-s4 is missing');
  const { input, config } = parseCase(golden.json);
  const options = compileAnalysisOptions(config, input.model);
  const all = summarizeCircuitSlice(input, 0, options, undefined, Infinity);
  t.true(all.kept > 2);
  const limited = summarizeCircuitSlice(input, 0, options, undefined, 2);
  t.is(limited.circuits, null);
  t.deepEqual({ ...limited, circuits: all.circuits }, all);
  t.deepEqual(summarizeCircuitSlice(input, 0, options, undefined, all.kept).circuits, all.circuits);
  t.is(summarizeCircuitSlice(input, 0, options, undefined, 0).circuits, null);
});

test('a slice answers its list packed when asked: the same circuits and groundings as its records, the rest of the summary the same', (t) => {
  for (const name of ['xor-k3-s4', 'xor+and-k3-s3']) {
    const golden = goldenCases().find((c) => c.name === name);
    if (!golden) return t.fail(`golden case ${name} is missing`);
    const { input, config } = parseCase(golden.json);
    const options = compileAnalysisOptions(config, input.model);
    input.gates.forEach((_, o) => {
      const sizes = [...input.model.layerSizes.slice(0, -1), 1];
      const ranges = circuitSliceRanges(input.model.layerSizes, options.minSparsity, 5);
      for (const r of [undefined, ...ranges]) {
        const records = summarizeCircuitSlice(input, o, options, r, Infinity);
        const packed = summarizeCircuitSlice(input, o, options, r, Infinity, undefined, undefined, { packed: true });
        t.is(packed.circuits, null);
        if (!packed.packed || !records.circuits) return t.fail('both listed');
        t.is(packed.packed.groundings.length, records.kept);
        t.deepEqual(CircuitList.fromPacked(sizes, packed.packed).records(), records.circuits, `${name} output ${o}`);
        t.deepEqual({ ...packed, packed: undefined, circuits: records.circuits }, { ...records, packed: undefined });
        t.is(summarizeCircuitSlice(input, o, options, r, 0, undefined, undefined, { packed: true }).packed, null, 'not listed: null');
      }
    });
  }
  // Asked for its minimal circuits alone: those of its list, in order, grounded after the search
  // (the same counts), the summary unchanged but for its distribution, which it then leaves out.
  {
    const golden = goldenCases().find((c) => c.name === 'xor-k3-s4');
    if (!golden) return t.fail();
    const { input, config } = parseCase(golden.json);
    const options = compileAnalysisOptions(config, input.model);
    const sizes = [...input.model.layerSizes.slice(0, -1), 1];
    const all = summarizeCircuitSlice(input, 0, options, undefined, Infinity, undefined, undefined, { packed: true });
    const cut = summarizeCircuitSlice(input, 0, options, undefined, Infinity, undefined, undefined, { packed: true, minimal: true });
    if (!all.packed || !cut.packed) return t.fail();
    const whole = CircuitList.fromPacked(sizes, all.packed);
    const keep = new Uint8Array(whole.length).fill(1);
    keepMinimal(whole, keep);
    t.true(cut.packed.groundings.length < all.packed.groundings.length, 'some circuit is not minimal');
    t.deepEqual(CircuitList.fromPacked(sizes, cut.packed).records(), whole.kept(keep).records());
    t.true(cut.packed.groundings.every((g) => typeof g === 'bigint'), 'every listed circuit grounded');
    t.is(cut.groundings, null);
    t.deepEqual({ ...cut, packed: null, minimal: undefined, groundings: all.groundings }, { ...all, packed: null, minimal: undefined });
    t.is(cut.minimal, true);
    // With --max-circuits the first N are grounded in search order, as without the criterion.
    const budget = { ...options, maxCircuits: 3 };
    const firstAll = summarizeCircuitSlice(input, 0, budget, undefined, Infinity, undefined, undefined, { packed: true });
    const firstCut = summarizeCircuitSlice(input, 0, budget, undefined, Infinity, undefined, undefined, { packed: true, minimal: true });
    if (!firstAll.packed || !firstCut.packed) return t.fail();
    t.deepEqual(CircuitList.fromPacked(sizes, firstCut.packed).records(), CircuitList.fromPacked(sizes, firstAll.packed).kept(keep).records());
    t.deepEqual(firstCut.groundings, firstAll.groundings);
    t.is(summarizeCircuitSlice(input, 0, options, undefined, 0, undefined, undefined, { packed: true, minimal: true }).minimal, undefined, 'not listed: not marked');
  }
  // Packed slices appended one after another: the list of the whole, in order (minimalLists.ts).
  const golden = goldenCases().find((c) => c.name === 'xor-k3-s4');
  if (!golden) return t.fail();
  const { input, config } = parseCase(golden.json);
  const options = compileAnalysisOptions(config, input.model);
  const joined = new CircuitList(input.model.layerSizes, 1);
  for (const r of circuitSliceRanges(input.model.layerSizes, options.minSparsity, 4)) {
    const part = summarizeCircuitSlice(input, 0, options, r, Infinity, undefined, undefined, { packed: true }).packed;
    if (!part) return t.fail();
    joined.append(part);
  }
  t.deepEqual(joined.records(), summarizeCircuitSlice(input, 0, options, undefined, Infinity).circuits);
  const list = new CircuitList([2, 3, 1]);
  t.throws(() => list.append({ words: Uint32Array.of(1, 2, 3), groundings: [1n] }), { instanceOf: RangeError, message: /1 circuits has 3 words, not 6 \(6 a circuit\)/ });
});

const distArb = fc.array(fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 90n }), fc.integer({ min: 1, max: 5 })), { maxLength: 12 }).map((pairs) => {
  const b = new DistributionBuilder();
  for (const [v, n] of pairs) b.add(v, n);
  return b.build();
});

test('merging distributions is exact, associative and commutative', (t) => {
  fc.assert(
    fc.property(distArb, distArb, distArb, (a: GroundingDistribution, b: GroundingDistribution, c: GroundingDistribution) => {
      t.deepEqual(mergeDistributions(a, b), mergeDistributions(b, a));
      t.deepEqual(mergeDistributions(mergeDistributions(a, b), c), mergeDistributions(a, mergeDistributions(b, c)));
      const m = mergeDistributions(a, b);
      t.is(m.total, a.total + b.total);
      t.is(m.total, m.values.reduce((s, v, i) => s + v * BigInt(m.circuits[i] as number), 0n));
    }),
    { numRuns: 200, seed: 3 },
  );
});

test('distribution range: exact min, median (half-integers kept) and max', (t) => {
  const b = new DistributionBuilder();
  b.add(2n ** 60n + 1n);
  b.add(4n, 2);
  b.add(7n);
  t.deepEqual(distributionRange(b.buildPacked()), { min: 4n, median: '5.5', max: 2n ** 60n + 1n });
  b.add(null);
  t.is(b.build().uncounted, 1);
  t.is(distributionRange(new DistributionBuilder().buildPacked()), null);
  // The largest count can be one a float64 holds (2^100) above one it does not (2^60 + 1).
  b.add(2n ** 100n);
  t.deepEqual(distributionRange(b.buildPacked()), { min: 4n, median: '7', max: 2n ** 100n });
});

test('groundings of accepted subtrees counted in bulk equal counting each circuit (random and example networks)', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 2, max: 4 }), fc.boolean(), fc.integer({ min: 0, max: gates.length - 1 }), (seed, k, noisy, g) => {
      const { input, threshold } = randomCase(seed, [2, k, k, 1], [gates[g] as Gate], noisy);
      const options = compileAnalysisOptions({ accuracyThreshold: threshold, stages: ['circuits', 'groundings'] }, input.model);
      const each = summarizeCircuitSlice(input, 0, options, undefined, Infinity);
      const bulk = summarizeCircuitSlice(input, 0, options, undefined, 0);
      t.deepEqual({ ...bulk, circuits: each.circuits }, each);
    }),
    { numRuns: 60, seed: 21 },
  );
  for (const [file, parts] of [['examples/xor-k4-s1.json', [3, 40, 77]], ['examples/xor-k5-s1.json', [20, 60, 90]]] as const) {
    const { input } = parseCase(JSON.parse(readFileSync(resolve(repoRoot, file), 'utf8')));
    const options = compileAnalysisOptions({ minSparsity: 0, stages: ['circuits', 'groundings'] }, input.model);
    const ranges = circuitSliceRanges(input.model.layerSizes, 0, 128);
    for (const s of parts) {
      const each = summarizeCircuitSlice(input, 0, options, ranges[s], Infinity);
      const bulk = summarizeCircuitSlice(input, 0, options, ranges[s], 0);
      t.deepEqual({ ...bulk, circuits: each.circuits }, each, `${file} slice ${s}`);
    }
  }
});
