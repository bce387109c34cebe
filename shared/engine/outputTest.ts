/**
 * What the circuit search keeps at the output, as intervals of the output's float64 dot product
 * per distinct sample (outputInterval.ts), weights and a budget of wrong weight.
 *
 * The paper's test: the rounded output equals the target on more than the threshold's share of the
 * samples. `faithful:EPS` (criteria.ts) adds: the output value itself is within EPS of the full
 * network's on every distinct sample. The output value is monotone in the dot, so the dots that are
 * faithful on a sample form one interval too, and the search, which decides whole subtrees of edge
 * rows by bounds on the dot, decides faithfulness the same way: circuits, and their groundings, are
 * then counted in bulk as for the paper's test, where judging each valid circuit alone cannot reach
 * a width-6 network's 10^11 of them.
 *
 * That takes data where no valid circuit may get any sample wrong (each sample's weight alone
 * exceeds the accuracy's budget: noise-free data, every pattern repeated): each sample's correct
 * interval is then narrowed to its faithful one. Where a sample may be wrong (noisy data, distinct
 * samples of weight 1) its faithful test would need a second interval of its own; searching a copy
 * of each such sample did that exactly but doubled the search's float work and took three times the
 * judge's time on a noisy width-4 network, so there each valid circuit is judged (`CircuitJudge`).
 */
import { forwardAll, outputActivationOf } from './network.js';
import { correctIntervals, faithfulInterval } from './outputInterval.js';
import { correctNeeded, distinctSamples, type SampleSet } from './samples.js';
import type { AnalysisInput, NetworkModel } from './types.js';

export interface OutputTest {
  /** The samples searched: weights, inputs and targets. */
  readonly samples: SampleSet;
  /** Per searched sample, the output dots that count as right: [lo, hi], empty when lo > hi. */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  /** The most weight that may be wrong; below 0 when no circuit can be kept (threshold 1). */
  readonly failBudget: number;
}

/** The paper's accuracy test on one output's model (its last layer one neuron). */
export function paperTest(model: NetworkModel, samples: SampleSet, accuracyThreshold: number): OutputTest {
  const bias = outputBias(model);
  const { lo, hi } = correctIntervals(bias, samples.y, outputActivationOf(model));
  return { samples, lo, hi, failBudget: samples.total - correctNeeded(samples.total, accuracyThreshold) };
}

/** Whether the search decides faithful on output o's validation data (see above); otherwise judge each circuit. */
export function searchDecidesFaithful(input: AnalysisInput, o: number, accuracyThreshold: number): boolean {
  return strict(distinctSamples(input.validation, o), accuracyThreshold);
}

function strict(samples: SampleSet, accuracyThreshold: number): boolean {
  const budget = samples.total - correctNeeded(samples.total, accuracyThreshold);
  return samples.weight.every((w) => w > budget);
}

/**
 * The paper's test and faithful:`eps`: the circuit's output value (after the output's activation,
 * float32) within `eps` of the full network's, in float64, on every distinct sample, as
 * circuitCriteria.ts `CircuitJudge.faithful` decides it. Only where `searchDecidesFaithful`.
 */
export function faithfulTest(model: NetworkModel, samples: SampleSet, accuracyThreshold: number, eps: number): OutputTest {
  if (!strict(samples, accuracyThreshold)) throw new RangeError('faithful is decided by the search only where every sample must be right (searchDecidesFaithful); judge each circuit otherwise');
  const paper = paperTest(model, samples, accuracyThreshold);
  const { count, nIn, x } = samples;
  const bias = outputBias(model);
  const act = outputActivationOf(model);
  const L = model.layerSizes.length - 1;
  const lo = Float64Array.from(paper.lo);
  const hi = Float64Array.from(paper.hi);
  for (let p = 0; p < count; p++) {
    const full = (forwardAll(model, x.subarray(p * nIn, (p + 1) * nIn))[L] as Float32Array)[0] as number;
    const f = faithfulInterval(bias, full, eps, act);
    lo[p] = Math.max(lo[p] as number, f.lo);
    hi[p] = Math.min(hi[p] as number, f.hi);
    // Empty as correctInterval writes it, the form the search's range lookups were built for.
    if ((lo[p] as number) > (hi[p] as number)) [lo[p], hi[p]] = [Infinity, -Infinity];
  }
  return { samples, lo, hi, failBudget: paper.failBudget };
}

function outputBias(model: NetworkModel): number {
  return (model.biases[model.layerSizes.length - 2] as Float32Array)[0] as number;
}
