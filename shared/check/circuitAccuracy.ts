/**
 * Accuracy of any circuit, candidate or not, as the reference computes it: before each layer the
 * input vector is multiplied by that layer's node mask (the input layer's mask included), the
 * weights by the edge mask, then Linear + LeakyReLU (none on an identity output layer); the output layer's node mask is never
 * applied to values. A circuit that is not a candidate (an edge at an off node, an on node without
 * edges, every node on) still has an accuracy; it is only never kept (see checkCircuit.ts).
 */
import { activationOf, neuron, roundHalfEven } from '../engine/network.js';
import type { SampleSet } from '../engine/samples.js';
import type { NetworkModel } from '../engine/types.js';
import type { CheckedCircuit } from './checkedCircuit.js';

/** Output of the circuit on one input (the single-output network's output). */
export function circuitOutput(model: NetworkModel, circuit: CheckedCircuit, x: ArrayLike<number>): number {
  const sizes = model.layerSizes;
  let prev = Float32Array.from(x);
  for (let l = 1; l < sizes.length; l++) {
    const nPrev = sizes[l - 1] as number;
    const mask = l === 1 ? circuit.inputMask : (circuit.code.masks[l - 2] as number);
    const masked = prev.map((v, i) => ((mask >>> i) & 1 ? v : 0));
    const rows = circuit.code.rows[l - 1] as Uint32Array;
    const cur = new Float32Array(sizes[l] as number);
    const act = activationOf(model, l - 1);
    for (let j = 0; j < cur.length; j++) cur[j] = neuron(model.weights[l - 1] as Float32Array, j, nPrev, masked, (model.biases[l - 1] as Float32Array)[j] as number, rows[j] as number, act);
    prev = cur;
  }
  return prev[0] as number;
}

/** Correct samples (rounded half to even equal to the target) over the total, as a float64. */
export function circuitAccuracy(model: NetworkModel, circuit: CheckedCircuit, samples: SampleSet): number {
  let correct = 0;
  for (let p = 0; p < samples.count; p++) {
    const out = circuitOutput(model, circuit, samples.x.subarray(p * samples.nIn, (p + 1) * samples.nIn));
    if (roundHalfEven(out) === samples.y[p]) correct += samples.weight[p] as number;
  }
  return correct / samples.total;
}
