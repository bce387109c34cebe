/**
 * `--layers FROM:TO`: the slice of a network between two layers (layer 0 is the input, layer L
 * the output), fed with the recorded activations of layer FROM. The slice's forward pass is the
 * same float32 arithmetic as the full network's, so its outputs on the recorded activations
 * equal the full network's outputs; `sliceConsistency` checks that, as the authors do.
 */
import { forwardAll, layerCount } from '../engine/network.js';
import type { Dataset, NetworkModel } from '../engine/types.js';

export function sliceModel(model: NetworkModel, from: number, to: number): NetworkModel {
  const L = layerCount(model);
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from < to && to <= L)) {
    throw new RangeError(`layers ${from}:${to} are not a slice of a network with layers 0..${L}`);
  }
  return { layerSizes: model.layerSizes.slice(from, to + 1), weights: model.weights.slice(from, to), biases: model.biases.slice(from, to) };
}

/** The activations of layer `layer` on every sample of `data`, as the inputs of a new data set (targets kept). */
export function recordActivations(model: NetworkModel, layer: number, data: Dataset): Dataset {
  if (layer === 0) return data;
  const width = model.layerSizes[layer] as number;
  const x = new Float32Array(data.n * width);
  for (let i = 0; i < data.n; i++) {
    const acts = forwardAll(model, data.x.subarray(i * data.nIn, (i + 1) * data.nIn));
    x.set(acts[layer] as Float32Array, i * width);
  }
  return { n: data.n, nIn: width, nOut: data.nOut, x, y: data.y };
}

/** Samples on which the slice's outputs (from the recorded activations) equal the full network's outputs. */
export function sliceConsistency(model: NetworkModel, from: number, data: Dataset): { equal: number; total: number } {
  const slice = sliceModel(model, from, layerCount(model));
  let equal = 0;
  for (let i = 0; i < data.n; i++) {
    const full = forwardAll(model, data.x.subarray(i * data.nIn, (i + 1) * data.nIn));
    const sub = forwardAll(slice, full[from] as Float32Array);
    const a = full[full.length - 1] as Float32Array;
    const b = sub[sub.length - 1] as Float32Array;
    if (a.every((v, j) => Object.is(v, b[j]))) equal++;
  }
  return { equal, total: data.n };
}

/** True when every input value is 0 or 1. */
export function binaryInputs(data: Dataset): boolean {
  return data.x.every((v) => v === 0 || v === 1);
}
