/**
 * A `torch.save` file (the zip format PyTorch writes since 1.6): `<archive>/data.pkl` holds the
 * pickled object, `<archive>/data/<key>` the raw bytes of each storage, `<archive>/byteorder`
 * their byte order. The object is a bare state_dict, the authors' dict (`input_size`,
 * `hidden_sizes`, `output_size`, `activation`, `state_dict`, ...) or a training checkpoint that
 * keeps the state_dict under a known key (`model_state_dict`, ...). Tensors saved
 * from `cuda:0` are read the same way: the location is only a label on the storage.
 */
import { unzipSync } from 'fflate';
import { ModelFileError, elementCount, type RawTensor, type TensorFile } from './tensors.js';
import { PickledDict, TensorRef, unpickleStateDict } from './torchPickle.js';

function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes);
  } catch (err) {
    throw new ModelFileError('zip', `cannot be unpacked (${(err as Error).message}; truncated or damaged?)`);
  }
}

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
function stateDictOf(top: Map<unknown, unknown>): { dict: Map<unknown, unknown>; wrapper?: string } {
  if ([...top.values()].some((v) => v instanceof TensorRef)) return { dict: top };
  for (const key of WRAPPER_KEYS) {
    const inner = asMap(top.get(key));
    if (inner) return { dict: inner, wrapper: key };
  }
  const found = WRAPPER_KEYS.find((k) => top.has(k));
  if (found) throw new ModelFileError(found, 'is not a dict of tensors');
  const keys = [...top.keys()].slice(0, 6).map((k) => JSON.stringify(String(k))).join(', ');
  throw new ModelFileError('data.pkl', `holds a dict without tensors (keys ${keys}${top.size > 6 ? ', ...' : ''}): expected a state_dict, or a checkpoint keeping it under ${WRAPPER_KEYS.map((k) => `'${k}'`).join(', ')}`);
}

export function readTorchFile(bytes: Uint8Array): TensorFile {
  const entries = unzip(bytes);
  const pklName = Object.keys(entries).find((k) => /^[^/]+\/data\.pkl$/.test(k));
  if (!pklName) throw new ModelFileError('zip', 'has no <archive>/data.pkl: not a torch.save file');
  const prefix = pklName.slice(0, -'data.pkl'.length);
  // torch.jit.save writes the module's code and constants beside data.pkl, whose globals name it.
  if (entries[`${prefix}constants.pkl`] || Object.keys(entries).some((k) => k.startsWith(`${prefix}code/`))) {
    throw new ModelFileError('zip', 'is a TorchScript archive (torch.jit.save): save model.state_dict() with torch.save instead');
  }
  const order = entries[`${prefix}byteorder`];
  if (order && new TextDecoder().decode(order).trim() !== 'little') throw new ModelFileError('byteorder', 'big-endian tensors are not supported');
  const root = unpickleStateDict(entries[pklName] as Uint8Array);
  const top = asMap(root);
  if (!top) throw new ModelFileError('data.pkl', 'holds no dict: expected a state_dict or a dict with a state_dict');
  const { dict, wrapper } = stateDictOf(top);
  const tensors = new Map<string, RawTensor>();
  for (const [key, value] of dict) {
    const name = String(key);
    if (!(value instanceof TensorRef)) throw new ModelFileError(name, `is not a tensor (${value instanceof PickledDict ? 'a dict' : typeof value})`);
    const storageBytes = entries[`${prefix}data/${value.storage.key}`];
    if (!storageBytes) throw new ModelFileError(name, `its storage data/${value.storage.key} is missing from the archive (truncated?)`);
    tensors.set(name, materialise(name, value, storageBytes));
  }
  // A checkpoint's own settings (the authors' `activation`, `hidden_sizes`, `negative_slope`) sit beside its state_dict.
  const activation = wrapper ? top.get('activation') : undefined;
  if (activation !== undefined && typeof activation !== 'string') throw new ModelFileError('activation', `expected a name such as 'leaky_relu', got ${JSON.stringify(activation)}`);
  const statedSizes = wrapper ? sizesOf(top) : undefined;
  const negativeSlope = wrapper ? top.get('negative_slope') : undefined;
  return { tensors, ...(activation !== undefined && { activation }), ...(statedSizes && { statedSizes }), ...(negativeSlope !== undefined && { negativeSlope }) };
}
