/**
 * Learned masks (subnetwork probing, Cao et al. 2021; the edge masks of Conmy et al.) on these
 * MLPs: a logit s_e per edge, mask m_e = sigmoid(s_e) multiplied into the edge's weight, trained by
 * Adam on the mean output distance to the full network plus lambda times the mean mask; the edges
 * with m_e > 0.5 are kept, pruned. Logits start at 3 plus seeded noise in [-0.1, 0.1) (the full
 * network, nearly), so a seed gives one result.
 */
import type { CheckedCircuit } from '../check/checkedCircuit.js';
import type { EdgeLayout } from '../check/edgeSet.js';
import type { SampleSet } from '../engine/samples.js';
import type { NetworkModel } from '../engine/types.js';
import { Prng } from '../train/prng.js';
import { edgeGradients, forward } from './edgeMaskNet.js';
import { distanceSlope, type Distance } from './outputDistance.js';
import { pruneToCircuit } from './prune.js';

export interface MaskOptions {
  readonly lambda: number;
  readonly distance: Distance;
  readonly seed: number;
  /** @default 400 */
  readonly steps?: number;
  /** Adam step size. @default 0.05 */
  readonly learningRate?: number;
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** The trained masks m_e. */
export function trainMasks(model: NetworkModel, layout: EdgeLayout, samples: SampleSet, options: MaskOptions): Float64Array {
  const U = layout.total;
  const rng = new Prng(options.seed, 0x6d61736b);
  const logits = Float64Array.from({ length: U }, () => 3 + (rng.uniform() - 0.5) * 0.2);
  const ref = forward(model, layout, new Float64Array(U).fill(1), samples).out;
  const m1 = new Float64Array(U);
  const m2 = new Float64Array(U);
  const lr = options.learningRate ?? 0.05;
  const mask = new Float64Array(U);
  for (let t = 1; t <= (options.steps ?? 400); t++) {
    for (let e = 0; e < U; e++) mask[e] = sigmoid(logits[e] as number);
    const pass = forward(model, layout, mask, samples);
    const slope = Float64Array.from(pass.out, (out, p) => distanceSlope(options.distance, out, ref[p] as number));
    const grad = edgeGradients(model, layout, mask, samples, pass, slope);
    for (let e = 0; e < U; e++) {
      const m = mask[e] as number;
      const g = ((grad[e] as number) + options.lambda / U) * m * (1 - m);
      m1[e] = 0.9 * (m1[e] as number) + 0.1 * g;
      m2[e] = 0.999 * (m2[e] as number) + 0.001 * g * g;
      const mHat = (m1[e] as number) / (1 - 0.9 ** t);
      const vHat = (m2[e] as number) / (1 - 0.999 ** t);
      logits[e] = (logits[e] as number) - (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
  return Float64Array.from(logits, sigmoid);
}

export function maskCircuit(model: NetworkModel, layout: EdgeLayout, samples: SampleSet, options: MaskOptions): CheckedCircuit {
  const m = trainMasks(model, layout, samples, options);
  return pruneToCircuit(layout, Array.from(m, (v) => v > 0.5));
}
