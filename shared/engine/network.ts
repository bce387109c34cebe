/**
 * Float32 forward pass of the reference MLP: every layer is Linear followed by LeakyReLU(0.01).
 * Dot products are summed in float64 and rounded once, then the bias is added in float32: this is
 * how a BLAS `addmm` lands for these tiny widths, and it agrees with the reference on every golden case.
 */
import type { Dataset, NetworkModel } from './types.js';

const f32 = Math.fround;
export const NEGATIVE_SLOPE = f32(0.01);

/**
 * Whether a slope a file states is the engine's, compared in float32 as PyTorch holds it; a
 * string (safetensors metadata holds strings) is read as a number.
 */
export function isEngineSlope(slope: unknown): boolean {
  const n = typeof slope === 'number' ? slope : typeof slope === 'string' ? Number(slope) : Number.NaN;
  return f32(n) === NEGATIVE_SLOPE;
}

export function leakyRelu(v: number): number {
  return v > 0 ? v : f32(v * NEGATIVE_SLOPE);
}

const identity = (v: number): number => v;

/** The activation of weight layer `l` (0-based): LeakyReLU, or none on an identity output layer. */
export function activationOf(model: NetworkModel, l: number): (v: number) => number {
  return model.outputActivation === 'identity' && l === model.layerSizes.length - 2 ? identity : leakyRelu;
}

/** The output layer's activation (every monotone non-decreasing, as outputInterval.ts needs). */
export function outputActivationOf(model: NetworkModel): (v: number) => number {
  return activationOf(model, model.layerSizes.length - 2);
}

/** Pre-activation from an already summed float64 dot product. */
export function preActivation(dot: number, bias: number): number {
  return f32(f32(dot) + bias);
}

/** One neuron: `leaky(w · x + b)` over the inputs selected by `inputMask` (bit i = input i used). */
export function neuron(weights: Float32Array, row: number, nIn: number, x: ArrayLike<number>, bias: number, inputMask: number, act: (v: number) => number = leakyRelu): number {
  let dot = 0;
  const base = row * nIn;
  for (let i = 0; i < nIn; i++) {
    if ((inputMask >>> i) & 1) dot += (weights[base + i] as number) * (x[i] as number);
  }
  return act(preActivation(dot, bias));
}

/** Number of weight layers (hidden layers + output layer). */
export function layerCount(model: NetworkModel): number {
  return model.layerSizes.length - 1;
}

/** Full, unmasked forward pass; returns the activations of every layer, inputs included. */
export function forwardAll(model: NetworkModel, input: ArrayLike<number>): Float32Array[] {
  const acts: Float32Array[] = [Float32Array.from(input)];
  for (let l = 0; l < layerCount(model); l++) {
    const prev = acts[l] as Float32Array;
    const nIn = model.layerSizes[l] as number;
    const nOut = model.layerSizes[l + 1] as number;
    const w = model.weights[l] as Float32Array;
    const b = model.biases[l] as Float32Array;
    const out = new Float32Array(nOut);
    const all = allOn(nIn);
    const act = activationOf(model, l);
    for (let o = 0; o < nOut; o++) out[o] = neuron(w, o, nIn, prev, b[o] as number, all, act);
    acts.push(out);
  }
  return acts;
}

/**
 * Per output, the samples of `data` on which the whole network is right as the circuit search
 * scores a circuit: its output rounded half to even equals the target.
 */
export function correctPerOutput(model: NetworkModel, data: Dataset): number[] {
  const { n, nIn, nOut, x, y } = data;
  const correct = new Array<number>(nOut).fill(0);
  for (let s = 0; s < n; s++) {
    const out = forwardAll(model, x.subarray(s * nIn, (s + 1) * nIn)).at(-1) as Float32Array;
    for (let o = 0; o < nOut; o++) if (roundHalfEven(out[o] as number) === y[s * nOut + o]) correct[o] = (correct[o] as number) + 1;
  }
  return correct;
}

export function allOn(n: number): number {
  return n >= 32 ? 0xffffffff : (1 << n) - 1;
}

/** The single-output network of output `o`: same hidden layers, last layer reduced to row `o`. */
export function singleOutput(model: NetworkModel, o: number): NetworkModel {
  const last = layerCount(model) - 1;
  const nIn = model.layerSizes[last] as number;
  const w = model.weights[last] as Float32Array;
  const b = model.biases[last] as Float32Array;
  return {
    layerSizes: [...model.layerSizes.slice(0, -1), 1],
    weights: [...model.weights.slice(0, last), w.slice(o * nIn, (o + 1) * nIn)],
    biases: [...model.biases.slice(0, last), b.slice(o, o + 1)],
    ...(model.outputActivation && { outputActivation: model.outputActivation }),
  };
}

/**
 * Round half to even, as torch.round / numpy.round do. Math.round rounds halves up, so v was a
 * half exactly when r - v is 0.5 (that difference is exact); the grounding count calls this per
 * pattern per circuit, where `v % 1` (fmod) cost more than the rest of the output's tables.
 */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
