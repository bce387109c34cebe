/**
 * What a circuit slice does besides the paper's summary (circuitSlices.ts SliceAsks): under the
 * criteria that judge each circuit alone (faithful, mean-ablation) any partition of an output's
 * units, parts of units included, keeps, lists and grounds exactly the circuits the plain oracle
 * keeps of the whole list, and counts the valid ones; the circuits kept per unit add up across parts
 * and equal the probe's counts without criteria.
 */
import test from 'ava';
import fc from 'fast-check';
import { analyzeOutput, type UnitRange } from '../../shared/engine/analyze.js';
import { summarizeCircuitSlice, type CircuitSliceSummary, type SliceAsks } from '../../shared/engine/circuitSlices.js';
import type { CountedUnder } from '../../shared/engine/countUnder.js';
import { circuitSpace } from '../../shared/engine/circuitSpace.js';
import { circuitKey } from '../../shared/engine/circuitRecord.js';
import { parseCriteria } from '../../shared/engine/criteria.js';
import { DistributionBuilder } from '../../shared/engine/groundingDistribution.js';
import { DistributionMerger } from '../../shared/engine/distributionMerger.js';
import type { PackedDistribution } from '../../shared/engine/packedDistribution.js';
import { probeUnits } from '../../shared/engine/keptProbe.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import { unitParts } from '../../shared/engine/unitParts.js';
import type { Gate } from '../../shared/engine/types.js';
import { oracleCircuitCriteria } from '../../shared/oracle/criteriaOracle.js';
import { randomOrSelfLabelled } from '../helpers/randomNetwork.js';

const shapes = [[2, 3, 1], [2, 3, 3, 1], [2, 2, 3, 1], [2, 3, 2, 1], [2, 2, 2, 2, 1], [2, 3, 2, 2, 1]];
const gates: Gate[] = ['XOR', 'AND', 'OR', 'IMP'];
const criteriaTexts = ['faithful:0', 'faithful:0.05', 'faithful:0.1', 'faithful:0.3', 'mean-ablation', 'faithful:0.2,mean-ablation', ''];

/** Every unit in up to `cuts` parts (parts of a unit where the network has two hidden layers or more). */
function partition(sizes: readonly number[], cuts: number): UnitRange[] {
  const space = circuitSpace([...sizes], 0);
  const L = sizes.length - 1;
  const out: UnitRange[] = [];
  for (let c = 0; c < space.combos; c++) {
    const n = L >= 3 && space.candidatesPerUnit[c] !== 0 ? unitParts(space, c) : 0;
    for (let u = space.unitStart[c] as number; u < (space.unitStart[c + 1] as number); u++) {
      const k = Math.max(1, Math.min(cuts, n));
      if (n === 0) out.push({ start: u, end: u + 1 });
      else for (let i = 0; i < k; i++) out.push({ start: u, end: u + 1, firstRows: [Math.floor((i * n) / k), Math.floor(((i + 1) * n) / k)] as const });
    }
  }
  return out.filter((r) => !r.firstRows || r.firstRows[0] < r.firstRows[1]);
}

test('under faithful and mean-ablation any partition into slices and parts keeps, lists and grounds what the oracle keeps of the whole list (random networks)', (t) => {
  let judged = 0;
  let dropped = 0;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: shapes.length - 1 }), fc.integer({ min: 0, max: criteriaTexts.length - 1 }), fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.boolean(), (seed, s, k, cuts, noisy, listed) => {
      const sizes = shapes[s] as number[];
      const { input, threshold } = randomOrSelfLabelled(seed, sizes, [gates[seed % gates.length] as Gate], noisy);
      const options = compileAnalysisOptions({ accuracyThreshold: threshold, stages: ['circuits', 'groundings'] }, input.model);
      const criteria = parseCriteria(criteriaTexts[k] as string);
      const asks: SliceAsks = { criteria, unitKept: true };
      const all = analyzeOutput(input, 0, options).circuits;
      const want = oracleCircuitCriteria(input, 0, all, criteria, threshold);
      const limit = listed ? Infinity : 0;
      const ranges = partition(sizes, cuts);
      const parts: CircuitSliceSummary[] = ranges.map((r) => summarizeCircuitSlice(input, 0, options, r, limit, undefined, undefined, asks));
      const kept = parts.reduce((a, p) => a + p.kept, 0);
      t.is(kept, want.length);
      const judging = criteria.faithful !== null || criteria.meanAblation;
      t.is(judging ? parts.reduce((a, p) => a + (p.valid as number), 0) : undefined, judging ? all.length : parts[0]?.valid);
      const merged = new DistributionMerger();
      for (const p of parts) merged.add(p.groundings as PackedDistribution);
      const wantDist = new DistributionBuilder();
      for (const c of want) wantDist.add(c.groundings);
      const wanted = new DistributionMerger();
      wanted.add(wantDist.buildPacked());
      t.deepEqual(merged.result(), wanted.result());
      if (listed) {
        const got = parts.flatMap((p) => p.circuits ?? []);
        t.deepEqual(got.map(circuitKey), want.map(circuitKey), 'listed in search order');
        t.deepEqual(got.map((c) => c.groundings), want.map((c) => c.groundings));
      } else t.true(parts.every((p) => p.circuits === null || p.circuits.length === 0));
      // Kept per unit: the parts of a unit add up; without criteria they are the probe's counts.
      const space = circuitSpace([...sizes], 0);
      const perUnit = new Float64Array(space.units);
      parts.forEach((p, i) => {
        const r = ranges[i] as UnitRange;
        t.is(p.unitKept?.length, r.end - r.start);
        p.unitKept?.forEach((n, j) => (perUnit[r.start + j] = (perUnit[r.start + j] as number) + n));
      });
      t.is(perUnit.reduce((a, b) => a + b, 0), want.length);
      if (!judging) t.deepEqual(perUnit, probeUnits(input, 0, options).unitKept);
      judged += judging ? 1 : 0;
      dropped += all.length - want.length;
    }),
    { numRuns: 60, seed: 14 },
  );
  t.true(judged > 20 && dropped > 0, `${judged} runs judged, ${dropped} circuits dropped`);
});

// faithful alone is counted by a search of its own (countUnder.ts countFaithful); with mean-ablation
// each valid circuit is judged. Under faithful alone the paper's own search counts in bulk.
for (const texts of [['faithful:0.1', 'mean-ablation', 'faithful:0.1,mean-ablation'], ['faithful:0.05', 'faithful:0.3']]) test(`a study's slices counted under ${texts.join(' and ')} leave the paper's summary as it is and count, over any partition, what the oracle keeps: circuits, groundings and hosts by node masks (random networks)`, (t) => {
  const under = texts.map(parseCriteria);
  let dropped = 0;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: shapes.length - 1 }), fc.integer({ min: 1, max: 3 }), fc.boolean(), (seed, s, cuts, noisy) => {
      const sizes = shapes[s] as number[];
      const { input, threshold } = randomOrSelfLabelled(seed, sizes, [gates[seed % gates.length] as Gate], noisy);
      const options = compileAnalysisOptions({ accuracyThreshold: threshold, stages: ['circuits', 'groundings'] }, input.model);
      const all = analyzeOutput(input, 0, options).circuits;
      const ranges = partition(sizes, cuts);
      const plain = ranges.map((r) => summarizeCircuitSlice(input, 0, options, r, 0));
      const parts = ranges.map((r) => summarizeCircuitSlice(input, 0, options, r, 0, undefined, undefined, { countUnder: under }));
      t.deepEqual(parts.map(({ countedUnder: _, ...p }) => p), plain, 'the paper\'s summary unchanged');
      under.forEach((criteria, v) => {
        const want = oracleCircuitCriteria(input, 0, all, criteria, threshold);
        const got = parts.map((p) => p.countedUnder?.[v] as CountedUnder);
        t.is(got.reduce((a, c) => a + c.kept, 0), want.length);
        t.is(got.reduce((a, c) => a + (c.groundingsTotal as bigint), 0n), want.reduce((a, c) => a + (c.groundings as bigint), 0n));
        const hosts = new Map<string, number>();
        for (const c of got) {
          const H = c.hostCircuits.length ? c.hostMasks.length / c.hostCircuits.length : 0;
          c.hostCircuits.forEach((n, g) => hosts.set(c.hostMasks.slice(g * H, (g + 1) * H).join(','), (hosts.get(c.hostMasks.slice(g * H, (g + 1) * H).join(',')) ?? 0) + n));
        }
        const wantHosts = new Map<string, number>();
        for (const c of want) {
          const key = c.node_masks.slice(1, -1).map((m) => m.reduce((a, b, i) => a | (b << i), 0) >>> 0).join(',');
          wantHosts.set(key, (wantHosts.get(key) ?? 0) + 1);
        }
        t.deepEqual([...hosts].filter(([, n]) => n > 0).sort(), [...wantHosts].sort());
        dropped += all.length - want.length;
      });
    }),
    { numRuns: 30, seed: 21 },
  );
  t.true(dropped > 0);
});
