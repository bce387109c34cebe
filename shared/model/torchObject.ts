/**
 * The object a `torch.save` file pickles, as tensors: a bare state_dict, the authors' dict
 * (`input_size`, `hidden_sizes`, `output_size`, `activation`, `state_dict`, ...) or a training
 * checkpoint that keeps the state_dict under a known key (`model_state_dict`, ...). Shared by the
 * zip format (torchFile.ts) and the legacy one (torchLegacy.ts), which differ only in where the
 * storages' bytes are.
 */
import { ModelFileError, elementCount, type RawTensor, type TensorFile } from './tensors.js';
import { PickledDict, TensorRef } from './torchPickle.js';

/** Copies a strided view of a storage into contiguous little-endian bytes. */
function materialise(name: string, t: TensorRef, storageBytes: Uint8Array): RawTensor {
  const size = t.storage.type.size;
  if (storageBytes.length !== t.storage.numel * size) {
    throw new ModelFileError(name, `storage ${t.storage.key} holds ${storageBytes.length} bytes, expected ${t.storage.numel * size} (truncated?)`);
  }
  const { shape, stride } = t;
  if (shape.length !== stride.length) throw new ModelFileError(name, 'size and stride disagree');
  const n = elementCount(shape);
  const out = new Uint8Array(n * size);
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    let at = t.offset;
    for (let d = 0; d < shape.length; d++) at += (index[d] as number) * (stride[d] as number);
    if (at < 0 || at >= t.storage.numel) throw new ModelFileError(name, `reads past its storage (element ${at} of ${t.storage.numel})`);
    out.set(storageBytes.subarray(at * size, (at + 1) * size), i * size);
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d] = (index[d] as number) + 1;
      if ((index[d] as number) < (shape[d] as number)) break;
      index[d] = 0;
    }
  }
  return { dtype: t.storage.type.dtype, shape, bytes: out };
}

function asMap(v: unknown): Map<unknown, unknown> | null {
  return v instanceof Map ? v : null;
}

function sizesOf(top: Map<unknown, unknown>): number[] | undefined {
  const input = top.get('input_size');
  const hidden = top.get('hidden_sizes');
  const output = top.get('output_size');
  if (input === undefined && hidden === undefined && output === undefined) return undefined;
  const ok = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;
  if (!ok(input)) throw new ModelFileError('input_size', `expected a positive integer, got ${JSON.stringify(input)}`);
  if (!ok(output)) throw new ModelFileError('output_size', `expected a positive integer, got ${JSON.stringify(output)}`);
  if (!Array.isArray(hidden) || !hidden.every(ok)) throw new ModelFileError('hidden_sizes', `expected a list of positive integers, got ${JSON.stringify(hidden)}`);
  return [input, ...hidden, output];
}

/**
 * Where a checkpoint keeps the state_dict: the authors' dict and `torch.save({'state_dict': ...})`
 * use `state_dict`; PyTorch's tutorial checkpoint `model_state_dict`; others `model` or `net`.
 */
const WRAPPER_KEYS = ['state_dict', 'model_state_dict', 'model', 'net', 'network'] as const;

/** The state_dict inside `top`: `top` itself when it holds tensors, else the first wrapper key's dict. */
function stateDictOf(top: Map<unknown, unknown>, where: string): { dict: Map<unknown, unknown>; wrapper?: string } {
  if ([...top.values()].some((v) => v instanceof TensorRef)) return { dict: top };
  for (const key of WRAPPER_KEYS) {
    const inner = asMap(top.get(key));
    if (inner) return { dict: inner, wrapper: key };
  }
  const found = WRAPPER_KEYS.find((k) => top.has(k));
  if (found) throw new ModelFileError(found, 'is not a dict of tensors');
  const keys = [...top.keys()].slice(0, 6).map((k) => JSON.stringify(String(k))).join(', ');
  throw new ModelFileError(where, `holds a dict without tensors (keys ${keys}${top.size > 6 ? ', ...' : ''}): expected a state_dict, or a checkpoint keeping it under ${WRAPPER_KEYS.map((k) => `'${k}'`).join(', ')}`);
}

/**
 * The tensors and settings of an unpickled `torch.save` object (`where` names its pickle), the
 * bytes of each storage from `storage(tensorName, key)`: shared by the zip and the legacy format.
 */
export function tensorFileOf(root: unknown, where: string, storage: (name: string, key: string) => Uint8Array): TensorFile {
  const top = asMap(root);
  if (!top) throw new ModelFileError(where, 'holds no dict: expected a state_dict or a dict with a state_dict');
  const { dict, wrapper } = stateDictOf(top, where);
  const tensors = new Map<string, RawTensor>();
  for (const [key, value] of dict) {
    const name = String(key);
    if (!(value instanceof TensorRef)) throw new ModelFileError(name, `is not a tensor (${value instanceof PickledDict ? 'a dict' : typeof value})`);
    tensors.set(name, materialise(name, value, storage(name, value.storage.key)));
  }
  // A checkpoint's own settings (the authors' `activation`, `hidden_sizes`, `negative_slope`) sit beside its state_dict.
  const activation = wrapper ? top.get('activation') : undefined;
  if (activation !== undefined && typeof activation !== 'string') throw new ModelFileError('activation', `expected a name such as 'leaky_relu', got ${JSON.stringify(activation)}`);
  const statedSizes = wrapper ? sizesOf(top) : undefined;
  const negativeSlope = wrapper ? top.get('negative_slope') : undefined;
  return { tensors, ...(activation !== undefined && { activation }), ...(statedSizes && { statedSizes }), ...(negativeSlope !== undefined && { negativeSlope }) };
}
