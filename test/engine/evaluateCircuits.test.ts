/**
 * The bounded circuit search (evaluateCircuits.ts, outputSearch.ts) against a plain masked forward
 * pass of every candidate, on slices of spaces too large for the whole-space oracle (k = 4, 5),
 * and the invariant that sharding by `sliceBoundaries` changes nothing.
 */
import test from 'ava';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCase } from '../../shared/case/caseFile.js';
import { circuitSpace, comboOfUnit, edgeMasksOf, sliceBoundaries, type CircuitSpace } from '../../shared/engine/circuitSpace.js';
import { evaluateCircuits } from '../../shared/engine/evaluateCircuits.js';
import { faithfulTest, paperTest, searchDecidesFaithful } from '../../shared/engine/outputTest.js';
import { singleOutput, roundHalfEven } from '../../shared/engine/network.js';
import { correctInterval, faithfulInterval } from '../../shared/engine/outputInterval.js';
import { leakyRelu, preActivation } from '../../shared/engine/network.js';
import { distinctSamples, correctNeeded, type SampleSet } from '../../shared/engine/samples.js';
import type { AnalysisInput, NetworkModel } from '../../shared/engine/types.js';
import { oracleForward } from '../../shared/oracle/oracle.js';
import { mulberry32, randomCase, selfLabelled } from '../helpers/randomNetwork.js';

const examples = resolve(dirname(fileURLToPath(import.meta.url)), '../../../examples');
const loadExample = (name: string): AnalysisInput => parseCase(JSON.parse(readFileSync(resolve(examples, name), 'utf8'))).input;

const bits = (mask: number, n: number): number[] => Array.from({ length: n }, (_, i) => (mask >>> i) & 1);
const keyOf = (masks: ArrayLike<number>, rows: readonly ArrayLike<number>[]): string => JSON.stringify([Array.from(masks), rows.map((r) => Array.from(r))]);

/** Every candidate of unit u, by plain enumeration of the remaining pairs' edge masks. */
function* unitCandidates(space: CircuitSpace, u: number): Generator<{ masks: number[]; rows: number[][] }> {
  const sizes = space.layerSizes;
  const L = sizes.length - 1;
  const c = comboOfUnit(space, u);
  const masks = Array.from(space.nodeMasks.subarray(c * L, (c + 1) * L));
  const n1 = sizes[1] as number;
  const f = u - (space.unitStart[c] as number);
  const first = Array.from(space.firstPairMasks(masks[0] as number).subarray(f * n1, (f + 1) * n1));
  let partial: number[][][] = [[first]];
  for (let l = 2; l <= L; l++) {
    const n = sizes[l] as number;
    const flat = edgeMasksOf(masks[l - 2] as number, masks[l - 1] as number, n);
    const options = Array.from({ length: flat.length / n }, (_, k) => Array.from(flat.subarray(k * n, (k + 1) * n)));
    partial = partial.flatMap((rows) => options.map((o) => [...rows, o]));
  }
  for (const rows of partial) yield { masks, rows };
}

/**
 * Kept circuits of units [start, end) by the oracle's masked forward pass on each distinct sample;
 * with `faithfulEps`, only those whose output is within it of the full network's on every one.
 */
function plainKept(model: NetworkModel, space: CircuitSpace, samples: SampleSet, threshold: number, start: number, end: number, faithfulEps?: number): string[] {
  const sizes = model.layerSizes;
  const L = sizes.length - 1;
  const need = correctNeeded(samples.total, threshold);
  const xOf = (p: number): number[] => Array.from(samples.x.subarray(p * samples.nIn, (p + 1) * samples.nIn));
  const allNodes = sizes.map((n) => bits(2 ** n - 1, n));
  const allEdges = sizes.slice(1).map((n, l) => Array.from({ length: n }, () => bits(2 ** (sizes[l] as number) - 1, sizes[l] as number)));
  const full = Array.from({ length: samples.count }, (_, p) => (oracleForward(model, xOf(p), allNodes, allEdges)[L] as number[])[0] as number);
  const kept: string[] = [];
  for (let u = start; u < end; u++) {
    for (const { masks, rows } of unitCandidates(space, u)) {
      const nodeMasks = [bits(2 ** (sizes[0] as number) - 1, sizes[0] as number), ...masks.map((m, l) => bits(m, sizes[l + 1] as number))];
      const edgeMasks = rows.map((r, l) => r.map((row) => bits(row, sizes[l] as number)));
      let correct = 0;
      let faithful = true;
      for (let p = 0; p < samples.count; p++) {
        const out = (oracleForward(model, xOf(p), nodeMasks, edgeMasks)[L] as number[])[0] as number;
        if (roundHalfEven(out) === samples.y[p]) correct += samples.weight[p] as number;
        if (faithfulEps !== undefined && !(Math.abs(out - (full[p] as number)) <= faithfulEps)) faithful = false;
      }
      if (correct >= need && faithful) kept.push(keyOf(masks, rows));
    }
  }
  return kept.sort();
}

function fastKept(model: NetworkModel, space: CircuitSpace, samples: SampleSet, threshold: number, start: number, end: number, faithfulEps?: number): string[] {
  const kept: string[] = [];
  const test = faithfulEps === undefined ? paperTest(model, samples, threshold) : faithfulTest(model, samples, threshold, faithfulEps);
  evaluateCircuits(model, space, test, start, end, (m, r) => kept.push(keyOf(m, r)));
  return kept.sort();
}

/** Seeded picks of units with at most `maxCandidates` candidates each; `keeping` keep something. */
function pickUnits(space: CircuitSpace, seed: number, count: number, maxCandidates: number, keeping = 0, keeps?: (u: number) => boolean): number[] {
  const rand = mulberry32(seed);
  const picked: number[] = [];
  let withKept = 0;
  for (let tries = 0; picked.length < count && tries < 200_000; tries++) {
    const u = Math.floor(rand() * space.units);
    if ((space.candidatesPerUnit[comboOfUnit(space, u)] as number) > maxCandidates || picked.includes(u)) continue;
    // The first picks are units where the search keeps circuits, the rest are any units.
    if (withKept < keeping) {
      if (!keeps?.(u)) continue;
      withKept++;
    }
    picked.push(u);
  }
  return picked;
}

for (const [name, sparsity, units] of [['xor-k4-s1.json', 0, 40], ['xor-k4-s1.json', 0.2, 40], ['xor-k5-s1.json', 0, 30], ['xor-k5-s1.json', 0.3, 30]] as const) {
  test(`slices of ${name} (sparsity ${sparsity}) equal a plain masked forward of every candidate`, (t) => {
    const input = loadExample(name);
    const model = singleOutput(input.model, 0);
    const space = circuitSpace(model.layerSizes, sparsity);
    const samples = distinctSamples(input.validation, 0);
    let checked = 0;
    let keptTotal = 0;
    const keeps = (u: number): boolean => fastKept(model, space, samples, 0.99, u, u + 1).length > 0;
    for (const u of pickUnits(space, 17, units, 4000, units / 2, keeps)) {
      const fast = fastKept(model, space, samples, 0.99, u, u + 1);
      t.deepEqual(fast, plainKept(model, space, samples, 0.99, u, u + 1), `unit ${u}`);
      checked += space.candidatesPerUnit[comboOfUnit(space, u)] as number;
      keptTotal += fast.length;
    }
    t.log(`${checked} candidates checked, ${keptTotal} kept`);
    t.true(keptTotal > 0, 'the slices should keep some circuits');
  });
}

test('slices of random [2,4,4,1] and [2,3,4,1] networks (clean, noisy, coarse weights) equal the plain forward', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom([2, 4, 4, 1], [2, 3, 4, 1], [2, 4, 3, 1]), fc.boolean(), (seed, shape, noisy) => {
      const { input, threshold } = randomCase(seed, [...shape], ['XOR'], noisy);
      const space = circuitSpace(shape, 0);
      const samples = distinctSamples(input.validation, 0);
      return pickUnits(space, seed, 4, 3000).every((u) => {
        return JSON.stringify(fastKept(input.model, space, samples, threshold, u, u + 1)) === JSON.stringify(plainKept(input.model, space, samples, threshold, u, u + 1));
      });
    }),
    { numRuns: 30, seed: 99 },
  );
  t.pass();
});

test('a first layer of seven on nodes (127 row options, past the masked last row\'s 64) equals the plain forward, clean and noisy', (t) => {
  const shape = [2, 7, 2, 1];
  const space = circuitSpace(shape, 0);
  // Units whose first layer has every node on: the last row is checked option by option (lastRowPlain).
  const full: number[] = [];
  for (let u = 0; u < space.units; u++) if ((space.nodeMasks[comboOfUnit(space, u) * 3] as number) === 0x7f) full.push(u);
  let kept = 0;
  for (let seed = 1; seed <= 6; seed++) {
    for (const noisy of [false, true]) {
      const { input, threshold } = randomCase(seed, shape, ['XOR'], noisy);
      const samples = distinctSamples(input.validation, 0);
      const rand = mulberry32(seed);
      for (let i = 0; i < 3; i++) {
        const u = full[Math.floor(rand() * full.length)] as number;
        const fast = fastKept(input.model, space, samples, threshold, u, u + 1);
        t.deepEqual(fast, plainKept(input.model, space, samples, threshold, u, u + 1), `seed ${seed} noisy ${noisy} unit ${u}`);
        kept += fast.length;
      }
    }
  }
  t.true(kept > 0, 'some units should keep circuits');
});

test('faithful:EPS decided by the search (outputTest.ts) equals the plain forward of every candidate: one to three hidden layers; refused on noisy data, where each circuit is judged', (t) => {
  let kept = 0;
  let dropped = 0;
  let refused = 0;
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      fc.constantFrom([2, 3, 1], [2, 4, 1], [2, 3, 3, 1], [2, 4, 3, 1], [2, 3, 4, 1], [2, 2, 2, 2, 1]),
      fc.boolean(),
      fc.constantFrom(0, 0.01, 0.05, 0.1, 0.3, 1),
      (seed, shape, noisy, eps) => {
        // Targets the network's own rounded outputs, so that many circuits are valid. At 0.99 every
        // sample must be right (the paper's setting, also with noisy rows, which are distinct, while
        // there are under 100); at 0.9 a noisy row may be wrong: refused, each circuit judged.
        const input = selfLabelled(randomCase(seed, [...shape], ['XOR'], noisy).input);
        const threshold = noisy && seed % 2 === 1 ? 0.9 : 0.99;
        const space = circuitSpace(shape, 0);
        const samples = distinctSamples(input.validation, 0);
        if (!searchDecidesFaithful(input, 0, threshold)) {
          refused++;
          t.throws(() => faithfulTest(input.model, samples, threshold, eps), { instanceOf: RangeError });
          return true;
        }
        return pickUnits(space, seed, 4, 3000).every((u) => {
          const want = plainKept(input.model, space, samples, threshold, u, u + 1, eps);
          kept += want.length;
          dropped += plainKept(input.model, space, samples, threshold, u, u + 1).length - want.length;
          return JSON.stringify(fastKept(input.model, space, samples, threshold, u, u + 1, eps)) === JSON.stringify(want);
        });
      },
    ),
    { numRuns: 80, seed: 11 },
  );
  // The property has to see both answers: faithful circuits, and valid ones that are not.
  t.true(kept > 0 && dropped > 0 && refused > 0, `${kept} kept, ${dropped} valid but unfaithful, ${refused} noisy networks refused`);
});

test('faithful:EPS on the k = 4 example: the search keeps exactly the valid circuits the plain forward finds faithful', (t) => {
  const input = loadExample('xor-k4-s1.json');
  const model = singleOutput(input.model, 0);
  const space = circuitSpace(model.layerSizes, 0.2);
  const samples = distinctSamples(input.validation, 0);
  for (const eps of [0.05, 0.1]) {
    let total = 0;
    for (const u of pickUnits(space, 3, 30, 4000, 15, (v) => fastKept(model, space, samples, 0.99, v, v + 1).length > 0)) {
      const fast = fastKept(model, space, samples, 0.99, u, u + 1, eps);
      t.deepEqual(fast, plainKept(model, space, samples, 0.99, u, u + 1, eps), `unit ${u}, eps ${eps}`);
      total += fast.length;
    }
    t.true(total > 0, `eps ${eps}: some faithful circuits`);
  }
});

test('the union of sliceBoundaries slices equals the unsharded result', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom([2, 3, 3, 1], [2, 3, 4, 1], [2, 2, 2, 2, 1]), fc.boolean(), fc.integer({ min: 1, max: 40 }), (seed, shape, noisy, n) => {
      const { input, threshold } = randomCase(seed, [...shape], ['XOR'], noisy);
      const space = circuitSpace(shape, 0);
      const samples = distinctSamples(input.validation, 0);
      const whole: string[] = [];
      const total = evaluateCircuits(input.model, space, paperTest(input.model, samples, threshold), 0, space.units, (m, r) => whole.push(keyOf(m, r)));
      const b = sliceBoundaries(space, n);
      const parts: string[] = [];
      let evaluated = 0;
      for (let i = 0; i < n; i++) evaluated += evaluateCircuits(input.model, space, paperTest(input.model, samples, threshold), b[i] as number, b[i + 1] as number, (m, r) => parts.push(keyOf(m, r)));
      return total === space.candidates && evaluated === total && JSON.stringify(whole.sort()) === JSON.stringify(parts.sort());
    }),
    { numRuns: 40, seed: 5 },
  );
  t.pass();
});

test('sharding the k=4 example space into 64 slices changes nothing', (t) => {
  const input = loadExample('xor-k4-s1.json');
  const space = circuitSpace(input.model.layerSizes, 0.2);
  const samples = distinctSamples(input.validation, 0);
  const whole = fastKept(input.model, space, samples, 0.99, 0, space.units);
  const b = sliceBoundaries(space, 64);
  const parts = b.slice(0, -1).flatMap((s, i) => fastKept(input.model, space, samples, 0.99, s, b[i + 1] as number));
  t.is(whole.length, 1560);
  t.deepEqual(parts.sort(), whole);
});

/** The next float64 above (`up`) or below `d`. */
function step(d: number, up: boolean): number {
  if (d === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  const f64 = Float64Array.of(d);
  const u64 = new BigUint64Array(f64.buffer);
  u64[0] = (u64[0] as bigint) + ((d > 0) === up ? 1n : -1n);
  return f64[0] as number;
}

test('the correct interval holds exactly the dots whose output rounds to the target', (t) => {
  const out = (d: number, b: number): number => roundHalfEven(leakyRelu(preActivation(d, b)));
  for (const b of [0, Math.fround(0.37), Math.fround(-1.25), Math.fround(0.5), Math.fround(2.5e-8)]) {
    for (const y of [0, 1]) {
      const { lo, hi } = correctInterval(b, y);
      // == rather than t.is: an output of -0 rounds to a correct 0.
      t.true(out(lo, b) === y, `lo, b ${b}, y ${y}`);
      t.true(out(hi, b) === y, `hi, b ${b}, y ${y}`);
      t.true(out(step(lo, false), b) !== y, `below lo, b ${b}, y ${y}`);
      t.true(out(step(hi, true), b) !== y, `above hi, b ${b}, y ${y}`);
    }
  }
});

test('a part of a unit is refused with one hidden layer, over several units, or empty', (t) => {
  const { input } = randomCase(3, [2, 3, 1], ['XOR'], false);
  const samples = distinctSamples(input.validation, 0);
  const space = circuitSpace([2, 3, 1], 0);
  t.throws(() => evaluateCircuits(input.model, space, paperTest(input.model, samples, 0.99), 0, 1, () => undefined, undefined, undefined, [0, 1]), { message: /two hidden layers or more/ });
  const deep = randomCase(3, [2, 2, 2, 2, 1], ['XOR'], false).input;
  const deepSpace = circuitSpace([2, 2, 2, 2, 1], 0);
  const deepSamples = distinctSamples(deep.validation, 0);
  t.throws(() => evaluateCircuits(deep.model, deepSpace, paperTest(deep.model, deepSamples, 0.99), 0, 2, () => undefined, undefined, undefined, [0, 1]), { instanceOf: RangeError });
  t.throws(() => evaluateCircuits(deep.model, deepSpace, paperTest(deep.model, deepSamples, 0.99), 0, 1, () => undefined, undefined, undefined, [2, 2]), { instanceOf: RangeError });
});

test('the faithful interval holds exactly the dots whose output is within eps of the full output', (t) => {
  const out = (d: number, b: number): number => leakyRelu(preActivation(d, b));
  const within = (d: number, b: number, full: number, eps: number): boolean => Math.abs(out(d, b) - full) <= eps;
  for (const b of [0, Math.fround(0.37), Math.fround(-1.25)]) {
    for (const full of [Math.fround(0.98), Math.fround(-0.004), 0, Math.fround(1.7)]) {
      for (const eps of [0, 0.01, 0.1]) {
        const { lo, hi } = faithfulInterval(b, full, eps);
        if (lo > hi) {
          // Empty only when no dot lands there: eps 0 and a full output no dot reaches exactly.
          t.is(eps, 0, `b ${b}, full ${full}`);
          continue;
        }
        t.true(within(lo, b, full, eps) && within(hi, b, full, eps), `ends, b ${b}, full ${full}, eps ${eps}`);
        t.false(within(step(lo, false), b, full, eps), `below lo, b ${b}, full ${full}, eps ${eps}`);
        t.false(within(step(hi, true), b, full, eps), `above hi, b ${b}, full ${full}, eps ${eps}`);
      }
    }
  }
});
