/**
 * Edge attribution patching (Syed et al. 2023) on these MLPs: one forward and one backward pass
 * give each edge i -> j the score sum_p weight_p |(a_i(p) - a~_i(p)) W_ji d metric_p / d z_j(p)|,
 * clean minus corrupted activation times the gradient of the metric along the edge. The corrupted
 * activation a~ is 0, the ablation the paper's masks make, so the score is the first-order change
 * of the metric when the edge is masked. The metric is the output distance to the task target
 * (the distance to the full network is 0 with a zero gradient at the full network). Absolute per
 * sample, so an edge that helps on one input and hurts on another is not cancelled out. A circuit
 * is the top k edges by score (ties: lower edge number), pruned. Deterministic.
 */
import type { CheckedCircuit } from '../check/checkedCircuit.js';
import type { EdgeLayout } from '../check/edgeSet.js';
import type { SampleSet } from '../engine/samples.js';
import type { NetworkModel } from '../engine/types.js';
import { edgeGradients, forward } from './edgeMaskNet.js';
import { distanceSlope, type Distance } from './outputDistance.js';
import { pruneToCircuit } from './prune.js';

export function eapScores(model: NetworkModel, layout: EdgeLayout, samples: SampleSet, kind: Distance): Float64Array {
  const mask = new Float64Array(layout.total).fill(1);
  const pass = forward(model, layout, mask, samples);
  const slope = Float64Array.from(pass.out, (out, p) => distanceSlope(kind, out, samples.y[p] as number));
  return edgeGradients(model, layout, mask, samples, pass, slope, true);
}

/** Edge numbers by descending score, ties by edge number. */
export function rankEdges(scores: Float64Array): number[] {
  return Array.from(scores.keys()).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
}

/** The circuit of the top `k` edges. */
export function eapCircuit(layout: EdgeLayout, ranked: readonly number[], k: number): CheckedCircuit {
  const kept = new Uint8Array(layout.total);
  for (const e of ranked.slice(0, k)) kept[e] = 1;
  return pruneToCircuit(layout, kept);
}
