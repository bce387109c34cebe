/** PyTorch's default `nn.Linear` init: weights and biases uniform in ±1/sqrt(fan_in). */
import type { Prng } from './prng.js';

/** Uniform draw in [-bound, bound), rounded to float32 on store by the caller's array. */
function symmetricUniform(rng: Prng, bound: number): number {
  return (2 * rng.uniform() - 1) * bound;
}

/**
 * Fills one layer's weights (`[out][in]` row-major) then its biases, in that order, so the
 * draw order is fixed by the layer sizes alone.
 */
export function initLinear(weights: Float32Array, biases: Float32Array, fanIn: number, rng: Prng): void {
  if (weights.length !== biases.length * fanIn) {
    throw new RangeError(`weights must hold out*in = ${biases.length * fanIn} values, got ${weights.length}`);
  }
  const bound = 1 / Math.sqrt(fanIn);
  for (let i = 0; i < weights.length; i++) weights[i] = symmetricUniform(rng, bound);
  for (let i = 0; i < biases.length; i++) biases[i] = symmetricUniform(rng, bound);
}
