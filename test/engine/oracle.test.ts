/**
 * Property tests: the fast engine equals the plain oracle on random small networks, clean and
 * noisy, one to three hidden layers, in both IIA modes; two-input gates, and three-input gates and
 * truth tables on [3, 2, 2, 1] and [3, 3, 2, 1] networks (four inputs on a hand-built one).
 */
import test from 'ava';
import fc from 'fast-check';
import { analyzeOutput } from '../../shared/engine/analyze.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import type { Gate, IiaPairs } from '../../shared/engine/types.js';
import { oracleCircuitsKept, oracleMappings, oracleSingleOutput } from '../../shared/oracle/oracle.js';
import { circuitSet, formulaSet } from '../helpers/golden.js';
import { ORACLE_SHAPES, randomCase, TWO_INPUT_GATES } from '../helpers/randomNetwork.js';

const shapes = ORACLE_SHAPES;
const gates = TWO_INPUT_GATES;

const arbCase = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  shape: fc.constantFrom(...shapes),
  gate: fc.constantFrom(...gates),
  noisy: fc.boolean(),
  sparsity: fc.constantFrom(0, 0.2, 0.5),
});

test('circuits and groundings equal the oracle on random small networks', (t) => {
  fc.assert(
    fc.property(arbCase, ({ seed, shape, gate, noisy, sparsity }) => {
      const { input, threshold } = randomCase(seed, shape, [gate], noisy);
      const options = compileAnalysisOptions({ minSparsity: sparsity, accuracyThreshold: threshold, stages: ['circuits', 'groundings'] }, input.model);
      const fast = circuitSet(analyzeOutput(input, 0, options).circuits);
      const plain = circuitSet(oracleCircuitsKept(input, 0, sparsity, threshold));
      return JSON.stringify([...fast].sort()) === JSON.stringify([...plain].sort());
    }),
    { numRuns: 60, seed: 20251124 },
  );
  t.pass();
});

for (const mode of ['lexicographic', 'all-pairs'] as IiaPairs[]) {
  test(`formulas and minimal mappings equal the oracle (${mode})`, (t) => {
    fc.assert(
      fc.property(arbCase, ({ seed, shape, gate }) => {
        const { input } = randomCase(seed, shape, [gate], false);
        const depth = Math.min(3, shape.length - 1);
        const options = compileAnalysisOptions({ iiaPairs: mode, formulaMaxDepth: depth, stages: ['mappings'] }, input.model);
        const fast = analyzeOutput(input, 0, options);
        const plain = oracleMappings(oracleSingleOutput(input.model, 0), gate, depth, mode);
        return fast.formulas_checked === plain.checked && JSON.stringify([...formulaSet(fast.formulas)].sort()) === JSON.stringify([...formulaSet(plain.formulas)].sort());
      }),
      { numRuns: 25, seed: 7 },
    );
    t.pass();
  });
}

/** Three inputs (8 patterns): the named three-input gates and random truth tables. */
const arbCase3 = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  shape: fc.constantFrom<number[]>([3, 2, 2, 1], [3, 3, 2, 1]),
  gate: fc.oneof(fc.constantFrom<Gate>('MAJORITY', 'PARITY'), fc.integer({ min: 0, max: 255 }).map((t): Gate => `tt:${[...t.toString(2).padStart(8, '0')].reverse().join('')}`)),
  noisy: fc.boolean(),
  sparsity: fc.constantFrom(0, 0.2, 0.5),
});

test('three inputs: circuits and groundings equal the oracle on random small networks', (t) => {
  fc.assert(
    fc.property(arbCase3, ({ seed, shape, gate, noisy, sparsity }) => {
      const { input, threshold } = randomCase(seed, shape, [gate], noisy);
      const options = compileAnalysisOptions({ minSparsity: sparsity, accuracyThreshold: threshold, stages: ['circuits', 'groundings'] }, input.model);
      const fast = circuitSet(analyzeOutput(input, 0, options).circuits);
      const plain = circuitSet(oracleCircuitsKept(input, 0, sparsity, threshold));
      return JSON.stringify([...fast].sort()) === JSON.stringify([...plain].sort());
    }),
    { numRuns: 12, seed: 3 },
  );
  t.pass();
});

test('four inputs: circuits and groundings equal the oracle on random [4, 2, 2, 1] networks', (t) => {
  const arbCase4 = fc.record({
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    table: fc.integer({ min: 0, max: 2 ** 16 - 1 }),
    noisy: fc.boolean(),
  });
  fc.assert(
    fc.property(arbCase4, ({ seed, table, noisy }) => {
      const gate: Gate = `tt:${[...table.toString(2).padStart(16, '0')].reverse().join('')}`;
      const { input, threshold } = randomCase(seed, [4, 2, 2, 1], [gate], noisy);
      const options = compileAnalysisOptions({ accuracyThreshold: threshold, stages: ['circuits', 'groundings'] }, input.model);
      const fast = circuitSet(analyzeOutput(input, 0, options).circuits);
      const plain = circuitSet(oracleCircuitsKept(input, 0, 0, threshold));
      return JSON.stringify([...fast].sort()) === JSON.stringify([...plain].sort());
    }),
    { numRuns: 6, seed: 13 },
  );
  t.pass();
});

test('accuracy thresholds up to 1 keep what the oracle keeps (none at 1: no accuracy is above it)', (t) => {
  fc.assert(
    fc.property(arbCase, fc.constantFrom(0.5, 0.99, 1), ({ seed, shape, gate, noisy }, threshold) => {
      const { input } = randomCase(seed, shape, [gate], noisy);
      const options = compileAnalysisOptions({ accuracyThreshold: threshold, stages: ['circuits'] }, input.model);
      // The oracle counts groundings too: compare the circuits only.
      const fast = [...circuitSet(analyzeOutput(input, 0, options).circuits).keys()].sort();
      const plain = [...circuitSet(oracleCircuitsKept(input, 0, 0, threshold)).keys()].sort();
      return JSON.stringify(fast) === JSON.stringify(plain);
    }),
    { numRuns: 40, seed: 20261201 },
  );
  const golden = randomCase(1, [2, 3, 3, 1], ['XOR'], false).input;
  t.is(analyzeOutput(golden, 0, compileAnalysisOptions({ accuracyThreshold: 1, stages: ['circuits'] }, golden.model)).circuits.length, 0);
});

/** The same random cases with an identity output layer (--output-activation identity). */
const identityCase = (seed: number, shape: number[], gate: Gate, noisy: boolean): ReturnType<typeof randomCase> => {
  const c = randomCase(seed, shape, [gate], noisy);
  return { ...c, input: { ...c.input, model: { ...c.input.model, outputActivation: 'identity' } } };
};

test('identity output: circuits and groundings equal the oracle, and differ from LeakyReLU on some networks', (t) => {
  let differ = 0;
  fc.assert(
    fc.property(arbCase, ({ seed, shape, gate, noisy, sparsity }) => {
      const { input, threshold } = identityCase(seed, shape, gate, noisy);
      const options = compileAnalysisOptions({ minSparsity: sparsity, accuracyThreshold: threshold, stages: ['circuits', 'groundings'] }, input.model);
      const fast = JSON.stringify([...circuitSet(analyzeOutput(input, 0, options).circuits)].sort());
      const plain = JSON.stringify([...circuitSet(oracleCircuitsKept(input, 0, sparsity, threshold))].sort());
      const leaky = randomCase(seed, shape, [gate], noisy).input;
      if (JSON.stringify([...circuitSet(oracleCircuitsKept(leaky, 0, sparsity, threshold))].sort()) !== plain) differ++;
      return fast === plain;
    }),
    { numRuns: 60, seed: 20251201 },
  );
  t.true(differ > 0, 'the identity output changed no network: the test would not see a missed site');
  t.log(`${differ} of 60 networks keep other circuits with an identity output`);
});

test('identity output: formulas and minimal mappings equal the oracle', (t) => {
  fc.assert(
    fc.property(arbCase, ({ seed, shape, gate }) => {
      const { input } = identityCase(seed, shape, gate, false);
      const depth = Math.min(3, shape.length - 1);
      const options = compileAnalysisOptions({ formulaMaxDepth: depth, stages: ['mappings'] }, input.model);
      const fast = analyzeOutput(input, 0, options);
      const plain = oracleMappings(oracleSingleOutput(input.model, 0), gate, depth, 'lexicographic');
      return fast.formulas_checked === plain.checked && JSON.stringify([...formulaSet(fast.formulas)].sort()) === JSON.stringify([...formulaSet(plain.formulas)].sort());
    }),
    { numRuns: 15, seed: 8 },
  );
  t.pass();
});

for (const mode of ['lexicographic', 'all-pairs'] as IiaPairs[]) {
  test(`three inputs: formulas and minimal mappings equal the oracle (${mode}, depth 2)`, (t) => {
    fc.assert(
      fc.property(arbCase3, ({ seed, shape, gate }) => {
        const { input } = randomCase(seed, shape, [gate], false);
        const options = compileAnalysisOptions({ iiaPairs: mode, formulaMaxDepth: 2, stages: ['mappings'] }, input.model);
        const fast = analyzeOutput(input, 0, options);
        const plain = oracleMappings(oracleSingleOutput(input.model, 0), gate, 2, mode);
        return fast.formulas_checked === plain.checked && JSON.stringify([...formulaSet(fast.formulas)].sort()) === JSON.stringify([...formulaSet(plain.formulas)].sort());
      }),
      { numRuns: 12, seed: 5 },
    );
    t.pass();
  });
}

/**
 * Networks built to compute AND of three and four inputs through named neurons, so that formulas
 * do have minimal mappings: their pair bitsets span 1 to 8 words (28 to 240 IIA pairs).
 */
const f32 = (a: number[]): Float32Array => Float32Array.from(a);
const and3 = { layerSizes: [3, 2, 2, 1], weights: [f32([1, 1, 0, 0, 0, 1]), f32([1, 1, 0, 0]), f32([1, 0])], biases: [f32([-1, 0]), f32([-1, 0]), f32([0])] };
const and4 = { layerSizes: [4, 2, 2, 1], weights: [f32([1, 1, 0, 0, 0, 0, 1, 1]), f32([1, 1, 0, 0]), f32([1, 0])], biases: [f32([-1, -1]), f32([-1, 0]), f32([0])] };
const handBuilt = [
  ['AND of 3', and3, 'tt:00000001', 2, 'lexicographic'],
  ['AND of 3', and3, 'tt:00000001', 3, 'all-pairs'],
  ['AND of 4', and4, 'tt:0000000000000001', 2, 'lexicographic'],
  ['AND of 4', and4, 'tt:0000000000000001', 2, 'all-pairs'],
] as const;
for (const [name, model, gate, depth, mode] of handBuilt) {
  test(`${name} built by hand: formulas and minimal mappings equal the oracle (${mode}, depth ${depth})`, (t) => {
    const { input } = randomCase(1, [...model.layerSizes], [gate], false);
    const options = compileAnalysisOptions({ iiaPairs: mode, formulaMaxDepth: depth, stages: ['mappings'] }, model);
    const fast = analyzeOutput({ ...input, model }, 0, options);
    const plain = oracleMappings(model, gate, depth, mode);
    t.true(fast.formulas.length > 0);
    t.is(fast.formulas_checked, plain.checked);
    t.deepEqual([...formulaSet(fast.formulas)].sort(), [...formulaSet(plain.formulas)].sort());
  });
}

test('identity output: a network whose groundings depend on the output activation (found by the property above at 400 runs)', (t) => {
  const { input, threshold } = identityCase(98904455, [2, 3, 2, 1], 'XOR', true);
  const options = compileAnalysisOptions({ minSparsity: 0, accuracyThreshold: threshold, stages: ['circuits', 'groundings'] }, input.model);
  const fast = [...circuitSet(analyzeOutput(input, 0, options).circuits)].sort();
  t.deepEqual(fast, [...circuitSet(oracleCircuitsKept(input, 0, 0, threshold))].sort());
  const leaky = randomCase(98904455, [2, 3, 2, 1], ['XOR'], true).input;
  t.notDeepEqual(fast, [...circuitSet(oracleCircuitsKept(leaky, 0, 0, threshold))].sort());
});
