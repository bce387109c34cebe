/**
 * A thread's counter kept from slice to slice gives every slice the same summary as a fresh one,
 * in any order and with other networks' slices between; a counter whose call did not finish, or
 * one of another network, is never lent.
 */
import test from 'ava';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCase } from '../../shared/case/caseFile.js';
import type { UnitRange } from '../../shared/engine/analyze.js';
import { summarizeCircuitSlice, workedSliceRanges } from '../../shared/engine/circuitSlices.js';
import { circuitSpace } from '../../shared/engine/circuitSpace.js';
import { popcount } from '../../shared/engine/bits.js';
import { CounterCache } from '../../shared/engine/counterCache.js';
import { singleOutput } from '../../shared/engine/network.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import { groundingPatterns } from '../../shared/engine/truthTables.js';
import type { AnalysisInput, AnalysisOptions } from '../../shared/engine/types.js';
import { evaluateShard } from '../../shared/evaluate/evaluateShard.js';
import { repoRoot } from '../helpers/cli.js';
import * as fx from '../wire/fixtures.js';
import { mulberry32, randomCase } from '../helpers/randomNetwork.js';

/** `units` units of a two-hidden-layer output drawn by `rand`, each in `cuts` parts of its first rows (where it has as many). */
function unitParts(sizes: readonly number[], cuts: number, units: number, rand: () => number): UnitRange[] {
  const space = circuitSpace([...sizes], 0);
  const ranges: UnitRange[] = [];
  for (let n = 0; n < units; n++) {
    const u = Math.floor(rand() * space.units);
    let c = 0;
    while ((space.unitStart[c + 1] as number) <= u) c++;
    const rows = 2 ** popcount(space.nodeMasks[c * 3] as number) - 1;
    const k = Math.max(1, Math.min(cuts, rows));
    for (let i = 0; i < k; i++) ranges.push(rows > 0 ? { start: u, end: u + 1, firstRows: [Math.floor((i * rows) / k), Math.floor(((i + 1) * rows) / k)] } : { start: u, end: u + 1 });
  }
  return ranges;
}

interface Job {
  readonly input: AnalysisInput;
  readonly options: AnalysisOptions;
  readonly range: UnitRange;
  readonly limit: number;
}

/** Each job with one cache in a seeded random order, against the same job with a fresh counter. */
function sameWithCache(t: { deepEqual(a: unknown, b: unknown, m?: string): void }, jobs: Job[], seed: number): CounterCache {
  const fresh = jobs.map((j) => summarizeCircuitSlice(j.input, 0, j.options, j.range, j.limit));
  const order = jobs.map((_, i) => i);
  const rand = mulberry32(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const k = Math.floor(rand() * (i + 1));
    [order[i], order[k]] = [order[k] as number, order[i] as number];
  }
  const cache = new CounterCache();
  for (const i of order) {
    const j = jobs[i] as Job;
    t.deepEqual(summarizeCircuitSlice(j.input, 0, j.options, j.range, j.limit, undefined, cache), fresh[i], `job ${i}`);
  }
  return cache;
}

test('slices counted with a kept counter, in any order and between two networks, equal fresh ones (random networks)', (t) => {
  const shapes = [[2, 3, 2, 1], [2, 2, 3, 1], [2, 3, 3, 1]];
  let hits = 0;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: shapes.length - 1 }), fc.integer({ min: 1, max: 5 }), fc.boolean(), (seed, s, cuts, noisy) => {
      const sizes = shapes[s] as number[];
      const rand = mulberry32(seed);
      const jobs: Job[] = [];
      for (const networkSeed of [seed, seed + 1]) {
        const { input, threshold } = randomCase(networkSeed, sizes, ['XOR'], noisy);
        const options = compileAnalysisOptions({ accuracyThreshold: threshold, stages: ['circuits', 'groundings'] }, input.model);
        // Listed and not: the list keeps circuits one by one, without it whole subtrees are counted.
        for (const range of unitParts(sizes, cuts, 4, rand)) jobs.push({ input, options, range, limit: rand() < 0.5 ? Infinity : 0 });
      }
      hits += sameWithCache(t, jobs, seed).hits;
    }),
    { numRuns: 10, seed: 8 },
  );
  t.true(hits > 0, 'counters were lent again');
});

test('xor-k4 unfiltered: the plan with its heavy units in parts, counted by one thread in a random order, equals fresh counts', (t) => {
  const { input, config } = parseCase(JSON.parse(readFileSync(resolve(repoRoot, 'examples/xor-k4-s1.json'), 'utf8')));
  const options = compileAnalysisOptions({ ...config, minSparsity: 0, stages: ['circuits', 'groundings'] }, input.model);
  const ranges = workedSliceRanges(input.model, input.grounding, 0, 256);
  t.true(ranges.some((r) => r.firstRows !== undefined), 'some units are in parts');
  const cache = sameWithCache(t, ranges.map((range) => ({ input, options, range, limit: 0 })), 4);
  t.true(cache.hits >= ranges.length - 1);
});

test('a counter is lent again only when given back, and only for an equal network and patterns', (t) => {
  const a = randomCase(1, [2, 3, 2, 1], ['XOR'], false).input;
  const b = randomCase(2, [2, 3, 2, 1], ['XOR'], false).input;
  const model = singleOutput(a.model, 0);
  const patterns = groundingPatterns(a.grounding);
  const cache = new CounterCache();
  const first = cache.take(model, patterns);
  // Not given back (its call threw): a new one.
  const second = cache.take(model, patterns);
  t.not(second, first);
  cache.giveBack(second);
  // Equal by content, not identity.
  const copy = { ...model, weights: model.weights.map((w) => w.slice()), biases: model.biases.map((v) => v.slice()) };
  t.is(cache.take(copy, { ...patterns, x: patterns.x.slice() }), second);
  cache.giveBack(second);
  t.not(cache.take(singleOutput(b.model, 0), patterns), second);
  const third = cache.take(model, groundingPatterns(b.grounding));
  t.not(third, second, 'other patterns');
  cache.giveBack(third);
  cache.clear();
  t.not(cache.take(model, groundingPatterns(b.grounding)), third, 'cleared');
  t.is(cache.hits, 1);
});

test('a shard of another kind than a circuit slice lets the thread’s counter go', (t) => {
  const spec = fx.mappingSliceShard().spec;
  if (spec.kind !== 'mapping-slice') return t.fail('fixture');
  const model = singleOutput(spec.model, spec.output);
  const patterns = groundingPatterns(fx.dataset(1));
  const cache = new CounterCache();
  const counter = cache.take(model, patterns);
  cache.giveBack(counter);
  evaluateShard(spec, undefined, cache);
  t.not(cache.take(model, patterns), counter);
});
