/** Seeded random small networks and data sets for property tests against the oracle. */
import { gateOutput, patternBits } from '../../shared/engine/gates.js';
import { forwardAll, roundHalfEven } from '../../shared/engine/network.js';
import type { AnalysisInput, Gate, NetworkModel } from '../../shared/engine/types.js';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded Fisher-Yates shuffle of a copy of `items`. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  const rand = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Small shapes the oracle enumerates in well under a second, with two hidden layers and three. */
export const ORACLE_SHAPES: readonly number[][] = [
  [2, 2, 1],
  [2, 2, 2, 1],
  [2, 3, 2, 1],
  [2, 2, 3, 1],
  [2, 2, 2, 2, 1],
];

/** The two-input gates of the property tests: XOR and six gates a single neuron can compute. */
export const TWO_INPUT_GATES: readonly Gate[] = ['XOR', 'AND', 'OR', 'IMP', 'NAND', 'NOR', 'NIMP'];

export interface RandomCase {
  readonly input: AnalysisInput;
  readonly threshold: number;
}

/**
 * A random network of the given sizes with clean or noisy data; its input width sizes[0] is the
 * gates' arity (2 to 4): every pattern appears in both sets. Noisy grounding inputs include
 * values such as 0.95 that truncate to 0, and weights are sometimes coarse (multiples of 1/4) so
 * that equal activations and float32 midpoint ties actually occur.
 */
export function randomCase(seed: number, sizes: number[], gates: Gate[], noisy: boolean): RandomCase {
  const rand = mulberry32(seed);
  const coarse = rand() < 0.3;
  const value = (): number => (coarse ? Math.round((rand() * 4 - 2) * 4) / 4 : rand() * 3 - 1.5);
  const weights = sizes.slice(1).map((n, l) => Float32Array.from({ length: n * (sizes[l] as number) }, value));
  const biases = sizes.slice(1).map((n) => Float32Array.from({ length: n }, value));
  const nIn = sizes[0] as number;
  const nPatterns = 2 ** nIn;
  const sample = (repeats: number): { x: number[]; y: number[] }[] =>
    Array.from({ length: nPatterns * repeats }, (_, i) => {
      const bits = patternBits(i % nPatterns, nIn);
      const noise = (): number => (noisy ? (rand() - 0.5) * 0.2 : 0);
      return { x: bits.map((b) => b + noise()), y: gates.map((g) => gateOutput(g, bits)) };
    });
  const val = sample(noisy ? 5 : 3);
  const tt = sample(noisy ? 3 : 2);
  const dataset = (rows: { x: number[]; y: number[] }[], withY: boolean) => ({
    n: rows.length,
    nIn,
    nOut: withY ? gates.length : 0,
    x: Float32Array.from(rows.flatMap((r) => r.x)),
    y: Float32Array.from(withY ? rows.flatMap((r) => r.y) : []),
  });
  const thresholds = [0.4, 0.6, 0.74, 0.99];
  return {
    input: { id: `random-${seed}`, gates, model: { layerSizes: sizes, weights, biases }, validation: dataset(val, true), grounding: dataset(tt, false) },
    threshold: thresholds[Math.floor(rand() * thresholds.length)] as number,
  };
}

/**
 * Random hidden layers [2, 3, 3, 3] and an output that ignores them (weights 0, bias -1, so -0.01
 * on every input): for the constant gate tt:0000 every neuron set is valid for every formula node,
 * and a depth-4 formula's disjoint combinations run to millions of minimal mappings.
 */
export function outputIgnoringNeurons(seed: number): NetworkModel {
  const next = mulberry32(seed);
  const sizes = [2, 3, 3, 3, 1];
  const last = sizes.length - 2;
  return {
    layerSizes: sizes,
    weights: sizes.slice(1).map((out, l) => Float32Array.from({ length: out * (sizes[l] as number) }, () => (l === last ? 0 : next() * 2 - 1))),
    biases: sizes.slice(1).map((out, l) => Float32Array.from({ length: out }, () => (l === last ? -1 : next() * 2 - 1))),
  };
}

/**
 * The case with its validation targets replaced by its one-output network's own rounded outputs:
 * at threshold 0.99 many circuits are then valid, and every sample must be right.
 */
export function selfLabelled(input: AnalysisInput): AnalysisInput {
  const { model, validation: v } = input;
  const L = model.layerSizes.length - 1;
  const y = Float32Array.from({ length: v.n }, (_, i) => roundHalfEven((forwardAll(model, v.x.subarray(i * v.nIn, (i + 1) * v.nIn))[L] as Float32Array)[0] as number));
  return { ...input, validation: { ...v, nOut: 1, y } };
}

/**
 * `randomCase`, self-labelled at threshold 0.99 for even seeds: there every sample must be right
 * and the circuit search decides faithful (outputTest.ts); odd seeds as drawn, judged circuit by circuit.
 */
export function randomOrSelfLabelled(seed: number, sizes: number[], gates: Gate[], noisy: boolean): RandomCase {
  const drawn = randomCase(seed, sizes, gates, noisy);
  return seed % 2 === 0 ? { input: selfLabelled(drawn.input), threshold: 0.99 } : drawn;
}
