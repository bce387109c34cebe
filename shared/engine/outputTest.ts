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
 * A sample that no circuit may get wrong (its weight alone exceeds the budget) has its correct
 * interval narrowed to the faithful one. A sample that may be wrong (noisy data: distinct samples of
 * weight 1) must still be faithful: it is searched twice, once for accuracy as before and once as a
 * copy of weight budget + 1 whose interval is the faithful one, so any unfaithful value prunes.
 */
import { forwardAll, outputActivationOf } from './network.js';
import { correctIntervals, faithfulInterval } from './outputInterval.js';
import { correctNeeded, type SampleSet } from './samples.js';
import type { NetworkModel } from './types.js';

export interface OutputTest {
  /** The samples searched (a faithful test may append copies); weights, inputs and targets. */
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

/**
 * The paper's test and faithful:`eps`: the circuit's output value (after the output's activation,
 * float32) within `eps` of the full network's, in float64, on every distinct sample, as
 * circuitCriteria.ts `CircuitJudge.faithful` decides it.
 */
export function faithfulTest(model: NetworkModel, samples: SampleSet, accuracyThreshold: number, eps: number): OutputTest {
  const paper = paperTest(model, samples, accuracyThreshold);
  const { count, nIn, x, weight } = samples;
  const bias = outputBias(model);
  const act = outputActivationOf(model);
  const L = model.layerSizes.length - 1;
  const budget = paper.failBudget;
  const lo = Array.from(paper.lo);
  const hi = Array.from(paper.hi);
  const copies: number[] = [];
  const copyLo: number[] = [];
  const copyHi: number[] = [];
  for (let p = 0; p < count; p++) {
    const full = (forwardAll(model, x.subarray(p * nIn, (p + 1) * nIn))[L] as Float32Array)[0] as number;
    const f = faithfulInterval(bias, full, eps, act);
    if ((weight[p] as number) > budget) {
      lo[p] = Math.max(lo[p] as number, f.lo);
      hi[p] = Math.min(hi[p] as number, f.hi);
    } else {
      copies.push(p);
      copyLo.push(f.lo);
      copyHi.push(f.hi);
    }
  }
  if (copies.length === 0) return { samples, lo: Float64Array.from(lo), hi: Float64Array.from(hi), failBudget: budget };
  const n = count + copies.length;
  const xs = new Float32Array(n * nIn);
  xs.set(x);
  copies.forEach((p, c) => xs.set(x.subarray(p * nIn, (p + 1) * nIn), (count + c) * nIn));
  const searched: SampleSet = {
    count: n,
    nIn,
    x: xs,
    y: Float64Array.from([...samples.y, ...copies.map((p) => samples.y[p] as number)]),
    weight: Uint32Array.from([...weight, ...copies.map(() => budget + 1)]),
    // The budget is the paper's: copies only ever prune.
    total: samples.total,
  };
  return { samples: searched, lo: Float64Array.from([...lo, ...copyLo]), hi: Float64Array.from([...hi, ...copyHi]), failBudget: budget };
}

function outputBias(model: NetworkModel): number {
  return (model.biases[model.layerSizes.length - 2] as Float32Array)[0] as number;
}
