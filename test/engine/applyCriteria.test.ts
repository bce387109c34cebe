/**
 * The stricter criteria (issue 14): the fast ones equal the plain oracle on random small networks,
 * alone and combined, and each criterion does what its name says on its own.
 */
import test from 'ava';
import fc from 'fast-check';
import { analyzeOutput } from '../../shared/engine/analyze.js';
import { analyzeOutputWithCriteria, OutputCriteria } from '../../shared/engine/applyCriteria.js';
import { CircuitJudge } from '../../shared/engine/circuitCriteria.js';
import { CircuitList } from '../../shared/engine/circuitList.js';
import { fromCircuitRecord } from '../../shared/engine/circuitRecord.js';
import { parseCriteria, type Criteria } from '../../shared/engine/criteria.js';
import { singleOutput } from '../../shared/engine/network.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import { oracleWithCriteria } from '../../shared/oracle/criteriaOracle.js';
import { circuitSet, formulaSet, goldenCases } from '../helpers/golden.js';
import { randomCase, TWO_INPUT_GATES } from '../helpers/randomNetwork.js';
import { parseCase } from '../../shared/case/caseFile.js';
import type { CircuitCode } from '../../shared/engine/circuitRecord.js';
import { distinctSamples } from '../../shared/engine/samples.js';
import { circuitOutput } from '../../shared/check/circuitAccuracy.js';
import { forwardMaskedInto } from '../../shared/engine/maskedForward.js';
import type { CheckedCircuit } from '../../shared/check/checkedCircuit.js';

const shapes = [
  [2, 2, 1],
  [2, 2, 2, 1],
  [2, 3, 2, 1],
  [2, 2, 3, 1],
];
const gates = TWO_INPUT_GATES;
const names = ['minimal-circuits', 'faithful:0.1', 'faithful:0.3', 'mean-ablation', 'all-pairs-iia', 'joint-iia', 'consistent'];

const sorted = <T>(m: Map<string, T>): string => JSON.stringify([...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

test('every criterion set equals the oracle on random small networks', (t) => {
  let nonTrivial = 0;
  fc.assert(
    fc.property(
      fc.record({
        seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        shape: fc.constantFrom(...shapes),
        gate: fc.constantFrom(...gates),
        noisy: fc.boolean(),
        picked: fc.subarray(names, { minLength: 1, maxLength: 4 }),
      }),
      ({ seed, shape, gate, noisy, picked }) => {
        const { input, threshold } = randomCase(seed, shape, [gate], noisy);
        const criteria = parseCriteria(picked.filter((n, i) => !n.startsWith('faithful') || !picked.slice(0, i).some((p) => p.startsWith('faithful'))).join(','));
        const depth = Math.min(3, shape.length - 1);
        const options = compileAnalysisOptions({ accuracyThreshold: threshold, formulaMaxDepth: depth }, input.model);
        const fast = analyzeOutputWithCriteria(input, 0, options, criteria);
        const plain = oracleWithCriteria(input, 0, criteria, { minSparsity: 0, threshold, maxDepth: depth, mode: 'lexicographic' });
        const paper = analyzeOutput(input, 0, options);
        if (fast.circuits.length !== paper.circuits.length || fast.formulas.length !== paper.formulas.length) nonTrivial++;
        return (
          sorted(circuitSet(fast.circuits)) === sorted(circuitSet(plain.circuits)) &&
          sorted(formulaSet(fast.formulas)) === sorted(formulaSet(plain.formulas)) &&
          fast.circuits_hosting_mappings === plain.hosting
        );
      },
    ),
    { numRuns: 40, seed: 14 },
  );
  // The criteria removed something in some of the runs, so the comparison was not between two copies of the paper's answer.
  t.true(nonTrivial > 5, `criteria changed only ${nonTrivial} of 40 random analyses`);
});

for (const name of ['minimal-circuits', 'faithful:0.2', 'mean-ablation', 'all-pairs-iia', 'joint-iia', 'consistent']) {
  test(`${name} alone equals the oracle, and changes some answers`, (t) => {
    let changed = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom<number[]>([2, 3, 1], [2, 2, 2, 1], [2, 3, 2, 1]), fc.constantFrom(...gates), fc.boolean(), (seed, shape, gate, noisy) => {
        const { input, threshold } = randomCase(seed, shape, [gate], noisy);
        const depth = shape.length - 1;
        const options = compileAnalysisOptions({ accuracyThreshold: threshold, formulaMaxDepth: depth }, input.model);
        const fast = analyzeOutputWithCriteria(input, 0, options, parseCriteria(name));
        const plain = oracleWithCriteria(input, 0, parseCriteria(name), { minSparsity: 0, threshold, maxDepth: depth, mode: 'lexicographic' });
        const paper = analyzeOutput(input, 0, options);
        if (sorted(circuitSet(fast.circuits)) !== sorted(circuitSet(paper.circuits)) || sorted(formulaSet(fast.formulas)) !== sorted(formulaSet(paper.formulas))) changed++;
        return sorted(circuitSet(fast.circuits)) === sorted(circuitSet(plain.circuits)) && sorted(formulaSet(fast.formulas)) === sorted(formulaSet(plain.formulas)) && fast.circuits_hosting_mappings === plain.hosting;
      }),
      { numRuns: 25, seed: 1414 },
    );
    t.true(changed >= 2, `${name} changed ${changed} of 25 random analyses`);
  });
}

const golden = goldenCases().filter((c) => c.name.startsWith('xor-k3'));

test('minimal-circuits keeps exactly the circuits without a kept proper sub-circuit (golden XOR k = 3)', (t) => {
  for (const g of golden) {
    const input = parseCase(g.json).input;
    const options = compileAnalysisOptions({ stages: ['circuits'] }, input.model);
    const all = analyzeOutput(input, 0, options).circuits;
    const kept = analyzeOutputWithCriteria(input, 0, options, parseCriteria('minimal-circuits')).circuits;
    t.true(kept.length > 0 && kept.length <= all.length, g.name);
    const codes = all.map((c) => fromCircuitRecord(c));
    const within = (a: CircuitCode, b: CircuitCode): boolean =>
      a.masks.every((m, l) => (m & ~(b.masks[l] as number)) === 0) && a.rows.every((r, l) => r.every((v, j) => (v & ~((b.rows[l] as Uint32Array)[j] as number)) === 0));
    const sub = (a: number, b: number): boolean => a !== b && within(codes[a] as CircuitCode, codes[b] as CircuitCode);
    const keys = new Set(kept.map((c) => JSON.stringify([c.node_masks, c.edge_masks])));
    all.forEach((c, b) => t.is(keys.has(JSON.stringify([c.node_masks, c.edge_masks])), !all.some((_, a) => sub(a, b)), `${g.name} circuit ${b}`));
  }
});

test('under zero ablation every kept circuit passes the accuracy test again (the judge reproduces the search)', (t) => {
  for (const g of golden) {
    const input = parseCase(g.json).input;
    const options = compileAnalysisOptions({ stages: ['circuits'] }, input.model);
    const circuits = analyzeOutput(input, 0, options).circuits;
    const judge = new CircuitJudge(input, 0, options.accuracyThreshold);
    for (const c of circuits) t.true(judge.accurate(fromCircuitRecord(c), false));
    // faithful:0 against the full network itself: the full network is not a candidate, but EPS = infinity keeps everything.
    const list = CircuitList.fromRecords(singleOutput(input.model, 0).layerSizes, circuits);
    const keepAll = new OutputCriteria(input, 0, options).circuitKeep(list, parseCriteria('faithful:1e308'));
    t.is(keepAll.reduce((a, b) => a + b, 0), circuits.length);
  }
});

test('identity output layer: the judge, the check accuracy and the engine give one circuit output; every criterion equals the oracle', (t) => {
  let negative = 0;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom<number[]>([2, 3, 1], [2, 2, 2, 1], [2, 3, 2, 1]), fc.constantFrom(...gates), fc.boolean(), (seed, shape, gate, noisy) => {
      const base = randomCase(seed, shape, [gate], noisy);
      const input = { ...base.input, model: { ...base.input.model, outputActivation: 'identity' as const } };
      const { threshold } = base;
      const depth = shape.length - 1;
      const options = compileAnalysisOptions({ accuracyThreshold: threshold, formulaMaxDepth: depth }, input.model);
      const judge = new CircuitJudge(input, 0, threshold);
      const samples = distinctSamples(input.validation, 0);
      const model = singleOutput(input.model, 0);
      const L = shape.length - 1;
      const inputMask = 2 ** (shape[0] as number) - 1;
      for (const c of analyzeOutput(input, 0, options).circuits) {
        const code = fromCircuitRecord(c);
        const engine = forwardMaskedInto(model, samples.x, samples.count, code)[L] as Float32Array;
        const judged = judge.outputs(code, false);
        for (let p = 0; p < samples.count; p++) {
          const x = samples.x.subarray(p * samples.nIn, (p + 1) * samples.nIn);
          if (judged[p] !== engine[p] || circuitOutput(model, { inputMask, code } as CheckedCircuit, x) !== engine[p]) return false;
          if ((engine[p] as number) < 0) negative++;
        }
      }
      const criteria = parseCriteria('faithful:0.2,mean-ablation,joint-iia');
      const fast = analyzeOutputWithCriteria(input, 0, options, criteria);
      const plain = oracleWithCriteria(input, 0, criteria, { minSparsity: 0, threshold, maxDepth: depth, mode: 'lexicographic' });
      return sorted(circuitSet(fast.circuits)) === sorted(circuitSet(plain.circuits)) && sorted(formulaSet(fast.formulas)) === sorted(formulaSet(plain.formulas));
    }),
    { numRuns: 30, seed: 1717 },
  );
  // A negative output is where LeakyReLU and the identity differ: the comparison saw some.
  t.true(negative > 0, 'some kept circuit has a negative output');
});

test('parseCriteria names the bad item and the choices', (t) => {
  t.deepEqual(parseCriteria(''), parseCriteria(' , '));
  const c: Criteria = parseCriteria('faithful,minimal-circuits');
  t.is(c.faithful, 0.1);
  t.true(c.minimalCircuits);
  t.is(parseCriteria('faithful:0.25').faithful, 0.25);
  t.throws(() => parseCriteria('minimal'), { message: /unknown criterion 'minimal' \(expected a comma-separated list of minimal-circuits, faithful, mean-ablation, all-pairs-iia, joint-iia, consistent/ });
  t.throws(() => parseCriteria('faithful:-1'), { message: "faithful:EPS needs a non-negative number, got 'faithful:-1'" });
  t.throws(() => parseCriteria('faithful:'), { message: /non-negative number/ });
  t.throws(() => parseCriteria('joint-iia:2'), { message: "criterion 'joint-iia' takes no value, got 'joint-iia:2'" });
});

test('the judge keeps a neuron\'s values only while its inputs are unchanged: circuits in any order, ablations alternating, give what a fresh judge gives each (random networks)', (t) => {
  const deep = [[2, 3, 3, 1], [2, 3, 2, 2, 1], [2, 2, 3, 1]];
  let compared = 0;
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 0, max: deep.length - 1 }), fc.boolean(), (seed, s, noisy) => {
      const { input, threshold } = randomCase(seed, deep[s] as number[], [gates[seed % gates.length] as (typeof gates)[number]], noisy);
      const options = compileAnalysisOptions({ accuracyThreshold: threshold, stages: ['circuits'] }, input.model);
      const circuits = analyzeOutput(input, 0, options).circuits.map(fromCircuitRecord);
      // Search order, then shuffled (a seeded shuffle), each circuit under both ablations in turn.
      let r = seed + 1;
      const shuffled = circuits.slice().sort(() => ((r = (r * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5);
      const judge = new CircuitJudge(input, 0, threshold);
      for (const [i, code] of [...circuits, ...shuffled].entries()) {
        const mean = i % 3 === 1;
        t.deepEqual([...judge.outputs(code, mean)], [...new CircuitJudge(input, 0, threshold).outputs(code, mean)]);
        compared++;
      }
    }),
    { numRuns: 25, seed: 3 },
  );
  t.true(compared > 100, `${compared} circuits compared`);
});
