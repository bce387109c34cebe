/**
 * Forward and backward passes of an MLP `[nIn, ...hidden, nOut]` where every layer, the output
 * layer too (unless `outputActivation` is 'identity'), is Linear + LeakyReLU(0.01), trained on
 * MSE (mean over batch and outputs). Training passes may drop hidden units (`Dropout`).
 *
 * Parameters live in one flat Float32Array (per layer: weights `[out][in]` row-major, then
 * biases), so the optimizer walks a single buffer; `weights[l]` and `biases[l]` are views into
 * it. Activations are stored as float32 like the reference; sums run in float64 and round once
 * on store. Gradients accumulate in float64. All buffers are allocated once per network.
 *
 * Hot loops use `!` on typed-array reads: the indices are in range by construction, and
 * `?? 0` would cost a branch per read.
 */
import type { Dataset, NetworkModel } from '../engine/types.js';
import type { Dropout } from './dropout.js';
import type { OutputActivation } from './types.js';

export const LEAKY_SLOPE = 0.01;

/** LeakyReLU derivative read from the post-activation (same sign as the pre-activation). */
function slope(a: number): number {
  // PyTorch uses slope 1 only for z > 0; z = 0 gives a = 0 and the negative slope.
  return a > 0 ? 1 : LEAKY_SLOPE;
}

export class Mlp {
  readonly layerSizes: readonly number[];
  readonly params: Float32Array;
  readonly grads: Float64Array;
  readonly weights: readonly Float32Array[];
  readonly biases: readonly Float32Array[];
  private readonly wOff: Int32Array;
  private readonly bOff: Int32Array;
  /** Offset of each layer's units (input layer first) in `acts` and `deltas`. */
  private readonly unitOff: Int32Array;
  private readonly acts: Float32Array;
  private readonly deltas: Float64Array;
  /** Output layer without LeakyReLU: its pre-activation is the output. */
  private readonly identityOutput: boolean;
  /** Dropout of the current training sample, or null (evaluation, or no dropout). */
  private drop: Dropout | null = null;

  constructor(layerSizes: readonly number[], outputActivation: OutputActivation = 'leaky-relu') {
    this.identityOutput = outputActivation === 'identity';
    if (layerSizes.length < 2 || layerSizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new RangeError(`layerSizes must be >= 2 positive integers, got [${layerSizes.join(', ')}]`);
    }
    this.layerSizes = [...layerSizes];
    const nLayers = layerSizes.length - 1;
    this.wOff = new Int32Array(nLayers);
    this.bOff = new Int32Array(nLayers);
    this.unitOff = new Int32Array(nLayers + 2);
    let p = 0;
    for (let l = 0; l < nLayers; l++) {
      const nIn = layerSizes[l]!;
      const nOut = layerSizes[l + 1]!;
      this.wOff[l] = p;
      this.bOff[l] = p + nIn * nOut;
      p += nIn * nOut + nOut;
    }
    for (let l = 0; l <= nLayers; l++) this.unitOff[l + 1] = this.unitOff[l]! + layerSizes[l]!;
    this.params = new Float32Array(p);
    this.grads = new Float64Array(p);
    this.acts = new Float32Array(this.unitOff[nLayers + 1]!);
    this.deltas = new Float64Array(this.acts.length);
    const ws: Float32Array[] = [];
    const bs: Float32Array[] = [];
    for (let l = 0; l < nLayers; l++) {
      ws.push(this.params.subarray(this.wOff[l], this.bOff[l]));
      bs.push(this.params.subarray(this.bOff[l], this.bOff[l]! + layerSizes[l + 1]!));
    }
    this.weights = ws;
    this.biases = bs;
  }

  get nIn(): number {
    return this.layerSizes[0]!;
  }

  get nOut(): number {
    return this.layerSizes[this.layerSizes.length - 1]!;
  }

  /** Runs sample `x[xOff .. xOff + nIn)`; returns the offset of the outputs in `activations`. */
  forward(x: Float32Array, xOff: number): number {
    const { params, acts, wOff, bOff, unitOff, layerSizes, drop } = this;
    const nIn0 = layerSizes[0]!;
    for (let j = 0; j < nIn0; j++) acts[j] = x[xOff + j]!;
    const nLayers = layerSizes.length - 1;
    for (let l = 0; l < nLayers; l++) {
      const nIn = layerSizes[l]!;
      const nOut = layerSizes[l + 1]!;
      const inOff = unitOff[l]!;
      const outOff = unitOff[l + 1]!;
      let w = wOff[l]!;
      const b = bOff[l]!;
      for (let o = 0; o < nOut; o++) {
        let z = params[b + o]!;
        for (let i = 0; i < nIn; i++) z += params[w++]! * acts[inOff + i]!;
        if (l === nLayers - 1) {
          acts[outOff + o] = this.identityOutput || z > 0 ? z : LEAKY_SLOPE * z;
          continue;
        }
        if (drop) z *= drop.scale[outOff + o]!;
        acts[outOff + o] = z > 0 ? z : LEAKY_SLOPE * z;
      }
    }
    return unitOff[nLayers]!;
  }

  /** Post-activations of the last `forward` call, every layer, input layer first. */
  get activations(): Float32Array {
    return this.acts;
  }

  /**
   * Backpropagates dLoss/dOutput (already in `deltas` of the output layer, before the
   * activation's slope) through the last forward pass and adds to `grads`.
   */
  private backward(): void {
    const { params, grads, acts, deltas, wOff, bOff, unitOff, layerSizes, drop } = this;
    const last = layerSizes.length - 2;
    for (let l = last; l >= 0; l--) {
      const nIn = layerSizes[l]!;
      const nOut = layerSizes[l + 1]!;
      const inOff = unitOff[l]!;
      const outOff = unitOff[l + 1]!;
      const w0 = wOff[l]!;
      const b = bOff[l]!;
      for (let o = 0; o < nOut; o++) {
        let d = deltas[outOff + o]!;
        if (l !== last || !this.identityOutput) d *= slope(acts[outOff + o]!);
        // Dropout's mask and 1/(1 - p) scale sit between the linear layer and the activation.
        if (l !== last && drop) d *= drop.scale[outOff + o]!;
        deltas[outOff + o] = d;
        grads[b + o] = grads[b + o]! + d;
        const row = w0 + o * nIn;
        for (let i = 0; i < nIn; i++) grads[row + i] = grads[row + i]! + d * acts[inOff + i]!;
      }
      if (l === 0) break; // no delta is needed for the inputs
      for (let i = 0; i < nIn; i++) {
        let s = 0;
        for (let o = 0; o < nOut; o++) s += params[w0 + o * nIn + i]! * deltas[outOff + o]!;
        deltas[inOff + i] = s;
      }
    }
  }

  /**
   * MSE loss of the samples `order[start .. end)` of `data`, and its gradient written to
   * `grads` (overwriting them). Returns the batch's mean loss.
   */
  lossAndGradient(data: Dataset, order: Uint32Array, start: number, end: number, dropout: Dropout | null = null): number {
    const { grads, acts, deltas } = this;
    const { x, y, nIn, nOut } = data;
    grads.fill(0);
    // d(mean of squares)/d(out) = 2 (out - y) / (batch * nOut).
    const scale = 2 / ((end - start) * nOut);
    let sse = 0;
    for (let k = start; k < end; k++) {
      const s = order[k]!;
      if (dropout) dropout.draw(this.unitOff[1]!, this.unitOff[this.layerSizes.length - 1]!);
      this.drop = dropout;
      const out = this.forward(x, s * nIn);
      this.drop = null;
      for (let o = 0; o < nOut; o++) {
        const err = acts[out + o]! - y[s * nOut + o]!;
        sse += err * err;
        deltas[out + o] = scale * err;
      }
      this.drop = dropout;
      this.backward();
      this.drop = null;
    }
    return sse / ((end - start) * nOut);
  }

  /** Independent copy of the parameters as a `NetworkModel`. */
  toModel(): NetworkModel {
    return {
      layerSizes: [...this.layerSizes],
      weights: this.weights.map((w) => w.slice()),
      biases: this.biases.map((b) => b.slice()),
      ...(this.identityOutput && { outputActivation: 'identity' as const }),
    };
  }
}
