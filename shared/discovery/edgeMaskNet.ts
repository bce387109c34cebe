/**
 * The single-output network with a continuous mask per edge, in float64, for the gradient-based
 * methods: z_j = sum_i W_ji m_ji a_i + b_j, a_j = LeakyReLU(z_j) on every layer (SEMANTICS.md; none on
 * an identity output layer);
 * biases are never masked. Edge e is numbered as in check/edgeSet.ts. `gradients` returns, per
 * edge, the mean over the samples (with their multiplicity) of d metric / d m_e, and the
 * activations and pre-activation slopes the attribution of each edge needs.
 */
import { NEGATIVE_SLOPE } from '../engine/network.js';
import type { SampleSet } from '../engine/samples.js';
import type { NetworkModel } from '../engine/types.js';
import type { EdgeLayout } from '../check/edgeSet.js';

export interface Pass {
  /** acts[l][p * n_l + j]: activation of node j of layer l on distinct sample p (layer 0 = inputs). */
  readonly acts: Float64Array[];
  /** delta[l][p * n_l + j]: d metric_p / d z_j of layer l (l >= 1). */
  readonly delta: Float64Array[];
  /** Output per distinct sample. */
  readonly out: Float64Array;
}

export function forward(model: NetworkModel, layout: EdgeLayout, mask: Float64Array, samples: SampleSet): Pass {
  const sizes = model.layerSizes;
  const P = samples.count;
  const acts = sizes.map((n) => new Float64Array(n * P));
  const pre = sizes.map((n) => new Float64Array(n * P));
  const identityOut = model.outputActivation === 'identity';
  for (let p = 0; p < P; p++) for (let i = 0; i < (sizes[0] as number); i++) (acts[0] as Float64Array)[p * (sizes[0] as number) + i] = samples.x[p * samples.nIn + i] as number;
  for (let l = 1; l < sizes.length; l++) {
    const nIn = sizes[l - 1] as number;
    const n = sizes[l] as number;
    const w = model.weights[l - 1] as Float32Array;
    const b = model.biases[l - 1] as Float32Array;
    const off = layout.offsets[l - 1] as number;
    const prev = acts[l - 1] as Float64Array;
    for (let p = 0; p < P; p++) {
      for (let j = 0; j < n; j++) {
        let z = b[j] as number;
        for (let i = 0; i < nIn; i++) z += (w[j * nIn + i] as number) * (mask[off + j * nIn + i] as number) * (prev[p * nIn + i] as number);
        (pre[l] as Float64Array)[p * n + j] = z;
        (acts[l] as Float64Array)[p * n + j] = z > 0 || (l === sizes.length - 1 && identityOut) ? z : z * NEGATIVE_SLOPE;
      }
    }
  }
  const out = Float64Array.from(acts[sizes.length - 1] as Float64Array);
  return { acts, delta: pre, out };
}

/**
 * Back-propagates `slope[p]` = d metric_p / d out through a pass (its `delta` arrays are
 * overwritten) and returns, per edge, sum_p weight_p * d metric_p / d m_e / total (with
 * `absolute`, of its absolute value per sample).
 */
export function edgeGradients(model: NetworkModel, layout: EdgeLayout, mask: Float64Array, samples: SampleSet, pass: Pass, slope: Float64Array, absolute = false): Float64Array {
  const sizes = model.layerSizes;
  const L = sizes.length - 1;
  const P = samples.count;
  const grad = new Float64Array(layout.total);
  const delta = pass.delta;
  // delta holds pre-activations until overwritten, top layer first.
  for (let p = 0; p < P; p++) {
    const z = (delta[L] as Float64Array)[p] as number;
    (delta[L] as Float64Array)[p] = (slope[p] as number) * (z > 0 || model.outputActivation === 'identity' ? 1 : NEGATIVE_SLOPE);
  }
  for (let l = L; l >= 1; l--) {
    const nIn = sizes[l - 1] as number;
    const n = sizes[l] as number;
    const w = model.weights[l - 1] as Float32Array;
    const off = layout.offsets[l - 1] as number;
    const prev = pass.acts[l - 1] as Float64Array;
    const d = delta[l] as Float64Array;
    for (let p = 0; p < P; p++) {
      const weight = (samples.weight[p] as number) / samples.total;
      for (let j = 0; j < n; j++) {
        const dj = d[p * n + j] as number;
        for (let i = 0; i < nIn; i++) {
          const term = dj * (w[j * nIn + i] as number) * (prev[p * nIn + i] as number);
          grad[off + j * nIn + i] = (grad[off + j * nIn + i] as number) + weight * (absolute ? Math.abs(term) : term);
        }
      }
    }
    if (l === 1) break;
    const below = delta[l - 1] as Float64Array;
    for (let p = 0; p < P; p++) {
      for (let i = 0; i < nIn; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += (d[p * n + j] as number) * (w[j * nIn + i] as number) * (mask[off + j * nIn + i] as number);
        const z = below[p * nIn + i] as number;
        below[p * nIn + i] = s * (z > 0 ? 1 : NEGATIVE_SLOPE);
      }
    }
  }
  return grad;
}
