/**
 * The circuit criteria over every kept circuit of one output (docs/criteria.md):
 * - faithful:EPS: the circuit's output within EPS of the full network's on every validation sample;
 * - mean-ablation: the accuracy test passes again when each edge outside the circuit carries its
 *   source neuron's mean activation (validation rows with their multiplicities, full network);
 * - minimal-circuits: no other kept circuit is a proper sub-circuit.
 * The per-circuit tests run first; minimality is then taken among the circuits they keep.
 *
 * Outputs are evaluated once per distinct validation sample (weighted by its multiplicity, exact
 * for accuracy) with scratch buffers allocated once per output.
 */
import type { CircuitCode } from './circuitRecord.js';
import type { CircuitList } from './circuitList.js';
import { keepMinimal } from './keepMinimal.js';
import type { Criteria } from './criteria.js';
import { activationOf, forwardAll, preActivation, roundHalfEven, singleOutput } from './network.js';
import { correctNeeded, distinctSamples, type SampleSet } from './samples.js';
import type { AnalysisInput, NetworkModel } from './types.js';

/** Mean activation of every neuron of layers 0..L-1 over the validation rows, in row order, float64 then float32. */
export function meanActivations(model: NetworkModel, x: Float32Array, n: number): Float32Array[] {
  const nIn = model.layerSizes[0] as number;
  const sums = model.layerSizes.slice(0, -1).map((w) => new Float64Array(w));
  for (let r = 0; r < n; r++) {
    const acts = forwardAll(model, x.subarray(r * nIn, (r + 1) * nIn));
    sums.forEach((s, l) => {
      const a = acts[l] as Float32Array;
      for (let i = 0; i < s.length; i++) s[i] = (s[i] as number) + (a[i] as number);
    });
  }
  return sums.map((s) => Float32Array.from(s, (v) => v / n));
}

/**
 * One ablation's activations of the last circuit judged, and what they were computed from: a
 * neuron is computed again only when it was off, its row changed, or an input it reads through an
 * edge of the circuit changed. Circuits come in search order, where most differ from the one
 * before in their last rows only.
 */
interface Evaluated {
  /** Per layer, neuron-major: acts[l][p * n + j]. */
  readonly acts: Float32Array[];
  /** Per layer 1..L (index l - 1): each on neuron's row as evaluated (masked by the layer below). */
  readonly rows: Uint32Array[];
  /** Per layer 1..L: the node mask evaluated (the output's always 1); 0 before the first circuit. */
  readonly masks: Uint32Array;
}

/** Everything the circuit criteria of one output need, computed once. */
export class CircuitJudge {
  readonly model: NetworkModel;
  readonly samples: SampleSet;
  /** Full network's output per distinct sample. */
  readonly fullOutput: Float64Array;
  readonly means: Float32Array[];
  private readonly needed: number;
  /** Zero ablation's, then mean ablation's. */
  private readonly last: readonly [Evaluated, Evaluated];
  private readonly out: Float64Array;
  /** One neuron's dot products per sample. */
  private readonly dots: Float64Array;

  constructor(input: AnalysisInput, o: number, readonly threshold: number) {
    this.model = singleOutput(input.model, o);
    this.samples = distinctSamples(input.validation, o);
    const { count, nIn, x } = this.samples;
    const sizes = this.model.layerSizes;
    const L = sizes.length - 1;
    this.fullOutput = Float64Array.from({ length: count }, (_, p) => (forwardAll(this.model, x.subarray(p * nIn, (p + 1) * nIn))[L] as Float32Array)[0] as number);
    this.means = meanActivations(this.model, input.validation.x, input.validation.n);
    this.needed = correctNeeded(this.samples.total, threshold);
    const evaluated = (): Evaluated => {
      const acts = sizes.map((w) => new Float32Array(w * count));
      (acts[0] as Float32Array).set(x);
      return { acts, rows: sizes.slice(1).map((n) => new Uint32Array(n)), masks: new Uint32Array(L) };
    };
    this.last = [evaluated(), evaluated()];
    this.out = new Float64Array(count);
    this.dots = new Float64Array(count);
  }

  /**
   * The circuit's output per distinct sample: an edge outside the circuit carries nothing (zero
   * ablation, the paper's) or, with `mean`, its source neuron's mean activation. Dot products are
   * summed in input order in float64 and rounded once, as network.ts's neuron; a neuron whose
   * inputs are as for the last circuit keeps its values, which the same sum would give again.
   */
  outputs(code: CircuitCode, mean: boolean): Float64Array {
    const { model, out, means, dots } = this;
    const { acts, rows: done, masks: doneMasks } = this.last[mean ? 1 : 0];
    const sizes = model.layerSizes;
    const count = this.samples.count;
    const L = sizes.length - 1;
    // The inputs never change; then, per layer, the neurons computed again.
    let changedBelow = 0;
    for (let l = 1; l <= L; l++) {
      const nPrev = sizes[l - 1] as number;
      const n = sizes[l] as number;
      const prev = acts[l - 1] as Float32Array;
      const cur = acts[l] as Float32Array;
      const w = model.weights[l - 1] as Float32Array;
      const b = model.biases[l - 1] as Float32Array;
      const rows = code.rows[l - 1] as Uint32Array;
      const rowsDone = done[l - 1] as Uint32Array;
      const mask = l === L ? 1 : (code.masks[l - 1] as number);
      const wasOn = doneMasks[l - 1] as number;
      const lower = l === 1 ? 0xffffffff : (code.masks[l - 2] as number);
      const mu = means[l - 1] as Float32Array;
      const act = activationOf(model, l - 1);
      let changed = 0;
      for (let j = 0; j < n; j++) {
        if (!((mask >>> j) & 1)) continue;
        const row = ((rows[j] as number) & lower) >>> 0;
        if ((wasOn >>> j) & 1 && rowsDone[j] === row && (changedBelow & row) === 0) continue;
        rowsDone[j] = row;
        changed |= 1 << j;
        const bias = b[j] as number;
        // Input by input, every sample at once: one test of the edge per input, not per sample, in
        // the same order of addition for each sample.
        for (let p = 0; p < count; p++) dots[p] = 0;
        for (let i = 0; i < nPrev; i++) {
          const wi = w[j * nPrev + i] as number;
          if ((row >>> i) & 1) for (let p = 0; p < count; p++) dots[p] = (dots[p] as number) + wi * (prev[p * nPrev + i] as number);
          else if (mean) {
            const carried = wi * (mu[i] as number);
            for (let p = 0; p < count; p++) dots[p] = (dots[p] as number) + carried;
          }
        }
        for (let p = 0; p < count; p++) cur[p * n + j] = act(preActivation(dots[p] as number, bias));
      }
      doneMasks[l - 1] = mask;
      changedBelow = changed;
    }
    const last = acts[L] as Float32Array;
    for (let p = 0; p < count; p++) out[p] = last[p] as number;
    return out;
  }

  /** Whether the circuit's (zero-ablated) output is within `eps` of the full network's on every sample. */
  faithful(code: CircuitCode, eps: number): boolean {
    const out = this.outputs(code, false);
    for (let p = 0; p < out.length; p++) if (!(Math.abs((out[p] as number) - (this.fullOutput[p] as number)) <= eps)) return false;
    return true;
  }

  /** Whether the circuit passes the accuracy test (> threshold, rounded output equals the target) under the given ablation. */
  accurate(code: CircuitCode, mean: boolean): boolean {
    const out = this.outputs(code, mean);
    const { y, weight } = this.samples;
    let correct = 0;
    for (let p = 0; p < out.length; p++) if (roundHalfEven(out[p] as number) === y[p]) correct += weight[p] as number;
    return correct >= this.needed;
  }
}

/** A new list of `list`'s minimal circuits, in order. */
export function minimalCircuits(list: CircuitList): CircuitList {
  const keep = new Uint8Array(list.length).fill(1);
  keepMinimal(list, keep);
  return list.kept(keep);
}

/** Whether one circuit passes the criteria that judge each circuit alone (faithful, mean-ablation). */
export function passesAlone(judge: CircuitJudge, code: CircuitCode, criteria: Pick<Criteria, 'faithful' | 'meanAblation'>): boolean {
  if (criteria.faithful !== null && !judge.faithful(code, criteria.faithful)) return false;
  return !criteria.meanAblation || judge.accurate(code, true);
}

/** Which circuits of the list the circuit criteria keep (1) or drop (0). */
export function circuitCriteriaKeep(judge: CircuitJudge, list: CircuitList, criteria: Pick<Criteria, 'faithful' | 'meanAblation' | 'minimalCircuits'>): Uint8Array {
  const keep = new Uint8Array(list.length).fill(1);
  if (criteria.faithful !== null || criteria.meanAblation) {
    for (let i = 0; i < list.length; i++) if (!passesAlone(judge, list.code(i), criteria)) keep[i] = 0;
  }
  if (criteria.minimalCircuits) keepMinimal(list, keep);
  return keep;
}
