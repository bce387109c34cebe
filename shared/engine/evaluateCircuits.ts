/**
 * Fast circuit search over a range of units of a circuit space (see circuitSpace.ts).
 *
 * Incremental: layer activations of the outer pairs are computed once and reused by every inner
 * choice; in the last hidden pair each node's possible activations are tabulated once per outer
 * state, and the output's dot product is accumulated row by row, so a candidate costs one add per
 * distinct sample. Failing samples are weighed as they come and a candidate is dropped as soon as
 * it cannot reach the accuracy threshold.
 */
import { bitIndices, nonEmptySubsets } from './bits.js';
import type { CircuitSpace } from './circuitSpace.js';
import { comboOfUnit } from './circuitSpace.js';
import { leakyRelu, preActivation, roundHalfEven } from './network.js';
import { correctNeeded, type SampleSet } from './samples.js';
import type { NetworkModel } from './types.js';

/** A kept circuit: node masks of layers 1..L and edge rows of pairs 1..L. Views: copy to keep. */
export type KeptCircuitSink = (nodeMasks: Uint32Array, rows: readonly Uint32Array[]) => void;

interface Search {
  readonly L: number;
  readonly model: NetworkModel;
  readonly samples: SampleSet;
  readonly failBudget: number;
  readonly acts: Float32Array[];
  readonly rows: Uint32Array[];
  readonly masks: Uint32Array;
  readonly onKept: KeptCircuitSink;
}

/** Evaluates units [start, end) and reports every kept circuit. Returns the candidates evaluated. */
export function evaluateCircuits(
  model: NetworkModel,
  space: CircuitSpace,
  samples: SampleSet,
  accuracyThreshold: number,
  start: number,
  end: number,
  onKept: KeptCircuitSink,
): number {
  const L = model.layerSizes.length - 1;
  if (!(start >= 0 && end <= space.units && start <= end)) {
    throw new RangeError(`unit range [${start}, ${end}) is outside [0, ${space.units})`);
  }
  const s: Search = {
    L,
    model,
    samples,
    failBudget: samples.total - correctNeeded(samples.total, accuracyThreshold),
    acts: model.layerSizes.map((n) => new Float32Array(n * samples.count)),
    rows: model.layerSizes.slice(1).map((n) => new Uint32Array(n)),
    masks: new Uint32Array(L),
    onKept,
  };
  let evaluated = 0;
  let u = start;
  while (u < end) {
    const c = comboOfUnit(space, u);
    const comboEnd = Math.min(end, space.unitStart[c + 1] as number);
    s.masks.set(space.nodeMasks.subarray(c * L, (c + 1) * L));
    const first = space.firstPairMasks(s.masks[0] as number);
    const n1 = model.layerSizes[1] as number;
    for (; u < comboEnd; u++) {
      const f = u - (space.unitStart[c] as number);
      (s.rows[0] as Uint32Array).set(first.subarray(f * n1, (f + 1) * n1));
      evaluateUnit(s);
      evaluated += space.candidatesPerUnit[c] as number;
    }
  }
  return evaluated;
}

function evaluateUnit(s: Search): void {
  const inputs = s.acts[0] as Float32Array;
  const { count, nIn, x } = s.samples;
  // Inputs are stored node-major like every other layer: acts[l][node * count + sample].
  for (let p = 0; p < count; p++) for (let i = 0; i < nIn; i++) inputs[i * count + p] = x[p * nIn + i] as number;
  layerActs(s, 1);
  if (s.L === 2) outputPair(s);
  else if (s.L === 3) lastHiddenPair(s, 2);
  else middlePair(s, 2);
}

/** Activations of layer l's on nodes from layer l-1 and the current rows of pair l. */
function layerActs(s: Search, l: number): void {
  const mask = s.masks[l - 1] as number;
  const rows = s.rows[l - 1] as Uint32Array;
  for (const j of bitIndices(mask)) nodeActs(s, l, j, rows[j] as number, s.acts[l] as Float32Array, j * s.samples.count);
}

/** Writes node j of layer l, fed by the lower nodes in `row`, into out[at .. at + count). */
function nodeActs(s: Search, l: number, j: number, row: number, out: Float32Array, at: number): void {
  const count = s.samples.count;
  const nIn = s.model.layerSizes[l - 1] as number;
  const w = s.model.weights[l - 1] as Float32Array;
  const b = (s.model.biases[l - 1] as Float32Array)[j] as number;
  const prev = s.acts[l - 1] as Float32Array;
  const lower = bitIndices(row);
  for (let p = 0; p < count; p++) {
    let dot = 0;
    for (const i of lower) dot += (w[j * nIn + i] as number) * (prev[i * count + p] as number);
    out[at + p] = leakyRelu(preActivation(dot, b));
  }
}

/** A pair below the last hidden one: enumerate its edge masks row by row, recurse. */
function middlePair(s: Search, l: number): void {
  const lowerMask = s.masks[l - 2] as number;
  const upper = bitIndices(s.masks[l - 1] as number);
  const options = nonEmptySubsets(lowerMask);
  const rows = s.rows[l - 1] as Uint32Array;
  rows.fill(0); // rows of nodes that are off in this combo stay empty
  const acts = s.acts[l] as Float32Array;
  const count = s.samples.count;
  const next = (): void => (l + 1 === s.L - 1 ? lastHiddenPair(s, l + 1) : middlePair(s, l + 1));
  if (upper.length === 0) {
    if (lowerMask === 0) next();
    return;
  }
  const recurse = (r: number, covered: number): void => {
    if (r === upper.length) {
      if (covered === lowerMask) next();
      return;
    }
    const j = upper[r] as number;
    for (const opt of options) {
      rows[j] = opt;
      nodeActs(s, l, j, opt, acts, j * count);
      recurse(r + 1, covered | opt);
    }
  };
  recurse(0, 0);
}

/** Pair l = L - 1, whose upper nodes all feed the single output through its one valid edge mask. */
function lastHiddenPair(s: Search, l: number): void {
  const lowerMask = s.masks[l - 2] as number;
  const upperMask = s.masks[l - 1] as number;
  const upper = bitIndices(upperMask);
  if (upper.length === 0 || lowerMask === 0) return; // the output pair would have no valid mask
  const options = nonEmptySubsets(lowerMask);
  const count = s.samples.count;
  const O = options.length;
  const wOut = s.model.weights[s.L - 1] as Float32Array;
  const nodeBuf = new Float32Array(count);
  // contrib[(r * O + o) * count + p]: output weight times node upper[r]'s activation under option o.
  const contrib = new Float64Array(upper.length * O * count);
  upper.forEach((j, r) => {
    options.forEach((opt, o) => {
      nodeActs(s, l, j, opt, nodeBuf, 0);
      const wj = wOut[j] as number;
      for (let p = 0; p < count; p++) contrib[(r * O + o) * count + p] = wj * (nodeBuf[p] as number);
    });
  });
  const dots = new Float64Array((upper.length + 1) * count);
  const choice = new Int32Array(upper.length);
  const bOut = (s.model.biases[s.L - 1] as Float32Array)[0] as number;
  const { y, weight } = s.samples;
  const R = upper.length;
  const leaf = (): void => {
    let failed = 0;
    const base = R * count;
    for (let p = 0; p < count; p++) {
      const out = leakyRelu(preActivation(dots[base + p] as number, bOut));
      if (roundHalfEven(out) !== y[p]) {
        failed += weight[p] as number;
        if (failed > s.failBudget) return;
      }
    }
    const rows = s.rows[l - 1] as Uint32Array;
    rows.fill(0);
    for (let r = 0; r < R; r++) rows[upper[r] as number] = options[choice[r] as number] as number;
    (s.rows[s.L - 1] as Uint32Array)[0] = upperMask;
    s.onKept(s.masks, s.rows);
  };
  const recurse = (r: number, covered: number): void => {
    if (r === R) {
      if (covered === lowerMask) leaf();
      return;
    }
    const from = r * count;
    const to = from + count;
    for (let o = 0; o < O; o++) {
      choice[r] = o;
      const c = (r * O + o) * count;
      for (let p = 0; p < count; p++) dots[to + p] = (dots[from + p] as number) + (contrib[c + p] as number);
      recurse(r + 1, covered | (options[o] as number));
    }
  };
  recurse(0, 0);
}

/** Networks with one hidden layer: the output pair follows the first pair directly. */
function outputPair(s: Search): void {
  const lowerMask = s.masks[0] as number;
  if ((s.masks[1] as number) === 0 || lowerMask === 0) return;
  const count = s.samples.count;
  const out = new Float32Array(count);
  nodeActs(s, 2, 0, lowerMask, out, 0);
  let failed = 0;
  for (let p = 0; p < count; p++) {
    if (roundHalfEven(out[p] as number) !== s.samples.y[p]) failed += s.samples.weight[p] as number;
  }
  if (failed > s.failBudget) return;
  (s.rows[1] as Uint32Array)[0] = lowerMask;
  s.onKept(s.masks, s.rows);
}
