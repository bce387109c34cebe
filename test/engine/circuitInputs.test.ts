/**
 * The circuit search with inputs other than the two gate bits: 1 or 3 inputs, continuous values
 * (recorded activations, as `--layers` feeds it) and any sample count. Fast engine against the
 * plain oracle's kept circuits (their keys; groundings need binary inputs and are not compared).
 */
import test from 'ava';
import fc from 'fast-check';
import { analyzeOutput } from '../../shared/engine/analyze.js';
import { forwardAll } from '../../shared/engine/network.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import type { AnalysisInput, NetworkModel } from '../../shared/engine/types.js';
import { oracleCircuitsKept } from '../../shared/oracle/oracle.js';
import { circuitSet } from '../helpers/golden.js';
import { mulberry32 } from '../helpers/randomNetwork.js';

function continuousCase(seed: number, sizes: readonly number[], samples: number): AnalysisInput {
  const rand = mulberry32(seed);
  const value = (): number => rand() * 3 - 1.5;
  const model: NetworkModel = {
    layerSizes: sizes,
    weights: sizes.slice(1).map((n, l) => Float32Array.from({ length: n * (sizes[l] as number) }, value)),
    biases: sizes.slice(1).map((n) => Float32Array.from({ length: n }, value)),
  };
  const nIn = sizes[0] as number;
  const x = Float32Array.from({ length: samples * nIn }, () => rand() * 4 - 2);
  // Targets: the full network's rounded output, a few flipped, so some circuits score high.
  const y = Float32Array.from({ length: samples }, (_, i) => {
    const acts = forwardAll(model, x.subarray(i * nIn, (i + 1) * nIn));
    const out = Math.round((acts[acts.length - 1] as Float32Array)[0] as number);
    return rand() < 0.05 ? 1 - out : out;
  });
  const data = { n: samples, nIn, nOut: 1, x, y };
  return { id: 'continuous', gates: ['XOR'], model, validation: data, grounding: { ...data, nOut: 0, y: new Float32Array(0) } };
}

test('kept circuits equal the oracle for 1 and 3 continuous inputs and any sample count', (t) => {
  fc.assert(
    fc.property(
      fc.record({
        seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        shape: fc.constantFrom([3, 2, 1], [3, 2, 2, 1], [1, 2, 2, 1], [3, 3, 1]),
        samples: fc.integer({ min: 1, max: 37 }),
        threshold: fc.constantFrom(0, 0.5, 0.8),
      }),
      ({ seed, shape, samples, threshold }) => {
        const input = continuousCase(seed, shape, samples);
        const options = compileAnalysisOptions({ accuracyThreshold: threshold, stages: ['circuits'] }, input.model);
        const fast = [...circuitSet(analyzeOutput(input, 0, options).circuits).keys()].sort();
        const plain = [...circuitSet(oracleCircuitsKept(input, 0, 0, threshold)).keys()].sort();
        return JSON.stringify(fast) === JSON.stringify(plain);
      },
    ),
    { numRuns: 40, seed: 13 },
  );
  t.pass();
});
