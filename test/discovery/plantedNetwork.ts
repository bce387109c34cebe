/**
 * A [2, 3, 3, 1] network built by hand with one planted AND circuit: 1.0 = LeakyReLU(x0 + x1 - 1),
 * 2.0 = LeakyReLU(1.0), out = LeakyReLU(2.0 - 0.2). Every other weight and bias is small (0.04 to
 * 0.06), so the other edges change the output a little and the planted four edges are the only
 * valid circuit of four edges or fewer (discover.test.ts checks it).
 */
import type { AnalysisInput } from '../../shared/engine/types.js';

export const PLANTED_EDGES = [
  ['0.0', '1.0'],
  ['0.1', '1.0'],
  ['1.0', '2.0'],
  ['2.0', '3.0'],
];

export function plantedCase(): AnalysisInput {
  const small = (k: number): number => 0.04 + 0.01 * (k % 3);
  const w1 = Float32Array.from({ length: 6 }, (_, k) => small(k));
  w1.set([1, 1], 0);
  const w2 = Float32Array.from({ length: 9 }, (_, k) => small(k + 1));
  w2[0] = 1;
  const w3 = Float32Array.of(1, small(2), small(0));
  const b1 = Float32Array.of(-1, small(1), small(2));
  const b2 = Float32Array.of(0, small(0), small(1));
  const b3 = Float32Array.of(-0.2);
  const patterns = [0, 1, 2, 3, 0, 1, 2, 3];
  const x = Float32Array.from(patterns.flatMap((p) => [(p >> 1) & 1, p & 1]));
  const y = Float32Array.from(patterns.map((p) => (p === 3 ? 1 : 0)));
  return {
    id: 'planted-and',
    gates: ['AND'],
    model: { layerSizes: [2, 3, 3, 1], weights: [w1, w2, w3], biases: [b1, b2, b3] },
    validation: { n: 8, nIn: 2, nOut: 1, x, y },
    grounding: { n: 8, nIn: 2, nOut: 0, x, y: new Float32Array(0) },
  };
}
