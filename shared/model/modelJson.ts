/**
 * Our JSON model format: the `model` part of a case file on its own,
 * `{"layer_sizes"?: [n0, ..., nL], "activation"?: "leaky_relu", "weights": [W1, ..., WL],
 * "biases": [b1, ..., bL]}` with `W[l]` as rows `[out][in]`. Sizes come from the matrices;
 * `layer_sizes`, when present, must agree with them.
 */
import type { NetworkModel } from '../engine/types.js';
import { at, CaseFileError, integerIn, list, matrix, object, optional } from '../case/fields.js';
import { checkActivation, checkNegativeSlope } from './stateDict.js';

export function parseModelJson(json: unknown): NetworkModel {
  const root = object(json, '');
  const activation = optional(root.activation, 'activation', (v, p) => (typeof v === 'string' ? v : (() => { throw new CaseFileError(p, 'expected a string'); })()));
  checkActivation(activation);
  checkNegativeSlope('negative_slope', root.negative_slope);
  const weights = list(root.weights, 'weights', 1, 'weight matrix').map((w, l) => matrix(w, at('weights', l), 1, 'row'));
  const biases = list(root.biases, 'biases', 1, 'bias vector').map((b, l) => list(b, at('biases', l), 1, 'number').map((x, j) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new CaseFileError(at(at('biases', l), j), `expected a finite number, got ${String(x)}`);
    return x;
  }));
  if (biases.length !== weights.length) throw new CaseFileError('biases', `expected ${weights.length} vectors (one per weight matrix), got ${biases.length}`);
  const sizes = [(weights[0] as number[][])[0]?.length ?? 0];
  weights.forEach((w, l) => {
    const nIn = sizes[l] as number;
    w.forEach((row, o) => {
      if (row.length !== nIn) {
        throw new CaseFileError(at(at('weights', l), o), l === 0 ? `expected ${nIn} numbers like row 0, got ${row.length}` : `expected ${nIn} numbers (the previous layer's outputs), got ${row.length}: the shapes do not chain`);
      }
    });
    if ((biases[l] as number[]).length !== w.length) throw new CaseFileError(at('biases', l), `expected ${w.length} numbers (the rows of weights[${l}]), got ${(biases[l] as number[]).length}`);
    sizes.push(w.length);
  });
  const stated = optional(root.layer_sizes, 'layer_sizes', (v, p) => list(v, p, 2).map((k, i) => integerIn(k, at(p, i), 1)));
  if (stated && stated.join() !== sizes.join()) throw new CaseFileError('layer_sizes', `states [${stated.join(', ')}] but the matrices are [${sizes.join(', ')}]`);
  if ((sizes[0] as number) < 1) throw new CaseFileError('weights[0]', 'has empty rows');
  return { layerSizes: sizes, weights: weights.map((w) => Float32Array.from(w.flat())), biases: biases.map((b) => Float32Array.from(b)) };
}

/** A network as our JSON model (what `parseModelJson` reads back). */
export function modelToJson(model: NetworkModel): { layer_sizes: number[]; activation: string; weights: number[][][]; biases: number[][] } {
  const weights = model.weights.map((w, l) => {
    const nIn = model.layerSizes[l] as number;
    return Array.from({ length: model.layerSizes[l + 1] as number }, (_, o) => Array.from(w.subarray(o * nIn, (o + 1) * nIn)));
  });
  return { layer_sizes: [...model.layerSizes], activation: 'leaky_relu', weights, biases: model.biases.map((b) => Array.from(b)) };
}
