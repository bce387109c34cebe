/**
 * Named tensors to a network: every `<prefix>.weight` (2-D, `[out, in]`) with its
 * `<prefix>.bias` (1-D, `[out]`) is one Linear layer. Layer sizes come from the tensors and must
 * chain (each layer's `in` is the previous layer's `out`). Layers are taken in natural order of
 * their prefixes (`layers.2` before `layers.10`) for safetensors, whose header order is not kept
 * by its writers, and for a PyTorch state_dict whose prefixes differ only in their numbers
 * (`fc1`..`fc4`, `net.0`..`net.4`): a module may register `fc3` before `fc2` while its forward
 * runs them by number, and with square hidden layers either order chains. Other PyTorch prefixes
 * (`hidden`, `out`) keep file order: module registration order, the forward order of an
 * `nn.Sequential`/`nn.ModuleList` MLP.
 */
import type { NetworkModel } from '../engine/types.js';
import { ModelFileError, float32Values, type RawTensor, type TensorFile } from './tensors.js';
import { isEngineSlope } from '../engine/network.js';

/** The activation the engine computes (SEMANTICS.md "Network"); the authors' name for it. */
export const SUPPORTED_ACTIVATION = 'leaky_relu';

export type LayerOrder = 'file' | 'natural';

function naturalCompare(a: string, b: string): number {
  const parts = (s: string): (string | number)[] => s.split(/(\d+)/).map((p, i) => (i % 2 ? Number(p) : p));
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string | number;
    const y = pb[i] as string | number;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return pa.length - pb.length;
}

function splitKey(name: string): { prefix: string; part: 'weight' | 'bias' } | null {
  const m = /^(?:(.*)\.)?(weight|bias)$/.exec(name);
  return m ? { prefix: m[1] ?? '', part: m[2] as 'weight' | 'bias' } : null;
}

/** Prefixes that differ only in their digits, each with some (`fc1`, `fc3`, `fc2`). */
function numberedAlike(prefixes: readonly string[]): boolean {
  const stem = (p: string): string => p.replace(/\d+/g, '#');
  const first = stem(prefixes[0] ?? '');
  return prefixes.every((p) => /\d/.test(p) && stem(p) === first);
}

/** PyTorch's and the authors' spellings of LeakyReLU (`LeakyReLU`, `leaky_relu`, `leaky-relu`). */
function isLeakyRelu(activation: string): boolean {
  return activation.toLowerCase().replace(/[-_ ]/g, '') === 'leakyrelu';
}

export function checkActivation(activation: string | undefined): void {
  if (activation === undefined || isLeakyRelu(activation)) return;
  throw new ModelFileError('activation', `'${activation}' is not supported: the analysis computes every layer as Linear + LeakyReLU(0.01) like the paper's networks (docs/SEMANTICS.md), so only '${SUPPORTED_ACTIVATION}' is accepted`);
}

/**
 * A stated LeakyReLU slope must be the engine's 0.01 (compared in float32, as PyTorch holds it):
 * any other slope computes another network, which would be counted silently as this one.
 */
export function checkNegativeSlope(where: string, slope: unknown): void {
  if (slope === undefined || isEngineSlope(slope)) return;
  throw new ModelFileError(where, `is ${JSON.stringify(slope)}: the analysis computes LeakyReLU with negative slope 0.01 (the paper's), so a network with another slope would be counted as a different one`);
}

export function toNetworkModel(file: TensorFile, order: LayerOrder): NetworkModel {
  checkActivation(file.activation);
  checkNegativeSlope('negative_slope', file.negativeSlope);
  const layers = new Map<string, { weight?: [string, RawTensor]; bias?: [string, RawTensor] }>();
  for (const [name, t] of file.tensors) {
    const key = splitKey(name);
    if (!key) throw new ModelFileError(name, 'is neither a Linear weight nor a bias (only MLPs of Linear layers are analysed)');
    const entry = layers.get(key.prefix) ?? {};
    entry[key.part] = [name, t];
    layers.set(key.prefix, entry);
  }
  if (layers.size === 0) throw new ModelFileError('state_dict', 'holds no tensors');
  const prefixes = [...layers.keys()];
  if (order === 'natural' || numberedAlike(prefixes)) prefixes.sort(naturalCompare);
  const sizes: number[] = [];
  const weights: Float32Array[] = [];
  const biases: Float32Array[] = [];
  for (const prefix of prefixes) {
    const { weight, bias } = layers.get(prefix) ?? {};
    if (!weight) throw new ModelFileError((bias as [string, RawTensor])[0], `has no weight ${prefix ? `${prefix}.` : ''}weight`);
    const [wName, w] = weight;
    if (!bias) throw new ModelFileError(wName, `has no bias ${prefix ? `${prefix}.` : ''}bias (Linear layers without bias are not supported)`);
    const [bName, b] = bias;
    if (w.shape.length !== 2) throw new ModelFileError(wName, `has shape [${w.shape.join(', ')}], expected [out, in]`);
    const [nOut, nIn] = w.shape as [number, number];
    if (b.shape.length !== 1 || b.shape[0] !== nOut) throw new ModelFileError(bName, `has shape [${b.shape.join(', ')}], expected [${nOut}] like ${wName}`);
    if (nIn < 1 || nOut < 1) throw new ModelFileError(wName, `has an empty shape [${w.shape.join(', ')}]`);
    if (sizes.length === 0) sizes.push(nIn);
    else if (sizes[sizes.length - 1] !== nIn) {
      throw new ModelFileError(wName, `takes ${nIn} inputs but the layer before it has ${sizes[sizes.length - 1]} outputs: the shapes do not chain`);
    }
    sizes.push(nOut);
    weights.push(float32Values(wName, w));
    biases.push(float32Values(bName, b));
  }
  if (file.statedSizes && file.statedSizes.join() !== sizes.join()) {
    throw new ModelFileError('hidden_sizes', `the file states layer sizes [${file.statedSizes.join(', ')}] but its tensors are [${sizes.join(', ')}]`);
  }
  return { layerSizes: sizes, weights, biases };
}
