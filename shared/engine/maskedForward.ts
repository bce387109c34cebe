/**
 * Plain masked forward pass of one circuit over a batch: node-major activations per layer
 * (`acts[l][node * count + sample]`). Off nodes are left at zero: the next layer's node mask
 * multiplies them away in the reference, and no edge of a valid circuit leaves them.
 */
import type { CircuitCode } from './circuitRecord.js';
import { activationOf, neuron } from './network.js';
import type { NetworkModel } from './types.js';

export function forwardMaskedInto(model: NetworkModel, x: Float32Array, count: number, code: CircuitCode): Float32Array[] {
  const sizes = model.layerSizes;
  const nIn = sizes[0] as number;
  const acts = sizes.map((n) => new Float32Array(n * count));
  const input = acts[0] as Float32Array;
  for (let p = 0; p < count; p++) for (let i = 0; i < nIn; i++) input[i * count + p] = x[p * nIn + i] as number;
  for (let l = 1; l < sizes.length; l++) {
    const nPrev = sizes[l - 1] as number;
    const prev = acts[l - 1] as Float32Array;
    const cur = acts[l] as Float32Array;
    const rows = code.rows[l - 1] as Uint32Array;
    const mask = code.masks[l - 1] as number;
    const lowerMask = l === 1 ? 2 ** nIn - 1 : (code.masks[l - 2] as number);
    const column = new Float32Array(nPrev);
    const act = activationOf(model, l - 1);
    for (let j = 0; j < (sizes[l] as number); j++) {
      if (!((mask >>> j) & 1)) continue;
      for (let p = 0; p < count; p++) {
        for (let i = 0; i < nPrev; i++) column[i] = prev[i * count + p] as number;
        const b = (model.biases[l - 1] as Float32Array)[j] as number;
        cur[j * count + p] = neuron(model.weights[l - 1] as Float32Array, j, nPrev, column, b, (rows[j] as number) & lowerMask, act);
      }
    }
  }
  return acts;
}
