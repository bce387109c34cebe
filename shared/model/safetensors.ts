/**
 * The safetensors format, read and written from its specification: an 8-byte little-endian
 * header length N, N bytes of JSON header `{name: {dtype, shape, data_offsets: [begin, end]},
 * "__metadata__": {str: str}}` (offsets relative to the data that follows), then the data.
 */
import type { NetworkModel } from '../engine/types.js';
import { ModelFileError, elementCount, type RawTensor } from './tensors.js';

/** safetensors dtype codes and their PyTorch names and byte sizes. */
const DTYPES: Record<string, { name: string; size: number }> = {
  F64: { name: 'float64', size: 8 },
  F32: { name: 'float32', size: 4 },
  F16: { name: 'float16', size: 2 },
  BF16: { name: 'bfloat16', size: 2 },
  I64: { name: 'int64', size: 8 },
  I32: { name: 'int32', size: 4 },
  I16: { name: 'int16', size: 2 },
  I8: { name: 'int8', size: 1 },
  U8: { name: 'uint8', size: 1 },
  BOOL: { name: 'bool', size: 1 },
};

/** Header length field plus the largest header we accept (the spec caps it at 100 MB). */
const MAX_HEADER = 100_000_000;

/** True when the bytes start like a safetensors file: a plausible length, then `{`. */
export function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.length < 10) return false;
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  return n >= 2 && n <= MAX_HEADER && bytes[8] === 0x7b;
}

export interface SafetensorsContents {
  readonly tensors: Map<string, RawTensor>;
  readonly metadata: Record<string, string>;
}

function isShape(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((d) => Number.isSafeInteger(d) && (d as number) >= 0);
}

export function readSafetensors(bytes: Uint8Array): SafetensorsContents {
  if (bytes.length < 8) throw new ModelFileError('header', `the file is ${bytes.length} bytes, too short for a safetensors header`);
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (n > MAX_HEADER || 8 + n > bytes.length) throw new ModelFileError('header', `declares ${n} header bytes but the file has ${bytes.length - 8} after the length (truncated?)`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (err) {
    throw new ModelFileError('header', `is not valid JSON: ${(err as Error).message}`);
  }
  if (!header || typeof header !== 'object' || Array.isArray(header)) throw new ModelFileError('header', 'expected a JSON object');
  const data = bytes.subarray(8 + n);
  const tensors = new Map<string, RawTensor>();
  const spans: [number, number, string][] = [];
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = entry as Record<string, string>;
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = typeof e?.dtype === 'string' ? DTYPES[e.dtype] : undefined;
    if (!dtype) throw new ModelFileError(name, `unknown dtype ${JSON.stringify(e?.dtype)}`);
    if (!isShape(e.shape)) throw new ModelFileError(name, `shape ${JSON.stringify(e.shape)} is not a list of sizes`);
    const offsets = e.data_offsets;
    if (!isShape(offsets) || offsets.length !== 2 || offsets[0]! > offsets[1]!) throw new ModelFileError(name, `data_offsets ${JSON.stringify(offsets)} is not [begin, end]`);
    const [begin, end] = offsets as [number, number];
    if (end > data.length) throw new ModelFileError(name, `data ends at byte ${end} but the file holds ${data.length} data bytes (truncated?)`);
    const expected = elementCount(e.shape) * dtype.size;
    if (end - begin !== expected) throw new ModelFileError(name, `holds ${end - begin} bytes, expected ${expected} for ${e.dtype} [${e.shape.join(', ')}]`);
    tensors.set(name, { dtype: dtype.name, shape: e.shape, bytes: data.subarray(begin, end) });
    spans.push([begin, end, name]);
  }
  checkCoverage(spans, data.length);
  return { tensors, metadata };
}

/**
 * The format requires the tensors' byte ranges to tile the data exactly, as its reference reader
 * checks: an overlap means two tensors share bytes (a damaged or hand-made header, read as
 * plausible weights otherwise), and a gap or trailing bytes mean the header does not describe
 * the file.
 */
function checkCoverage(spans: [number, number, string][], length: number): void {
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let at = 0;
  let before = '';
  for (const [begin, end, name] of spans) {
    if (begin < at) throw new ModelFileError(name, `data_offsets [${begin}, ${end}] overlap those of ${before} (which end at byte ${at})`);
    if (begin > at) throw new ModelFileError(name, `data_offsets [${begin}, ${end}] leave bytes ${at}-${begin} of the data to no tensor`);
    at = end;
    before = name;
  }
  if (at !== length) throw new ModelFileError('header', `its tensors end at data byte ${at} but the file has ${length} data bytes after the header`);
}

/** Float32 tensors in a safetensors file, in the given order; the header is padded to 8 bytes. */
export function writeSafetensors(tensors: ReadonlyArray<readonly [string, { shape: readonly number[]; data: Float32Array }]>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of tensors) {
    if (t.data.length !== elementCount(t.shape)) throw new RangeError(`${name}: ${t.data.length} values for shape [${t.shape.join(', ')}]`);
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.length * 4] };
    offset += t.data.length * 4;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  // The spec lets the header end in spaces; padding to 8 bytes keeps the data aligned.
  const head = new Uint8Array(json.length + ((8 - (json.length % 8)) % 8)).fill(0x20);
  head.set(json);
  const out = new Uint8Array(8 + head.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(head.length), true);
  out.set(head, 8);
  let at = 8 + head.length;
  for (const [, t] of tensors) {
    for (let i = 0; i < t.data.length; i++) view.setFloat32(at + i * 4, t.data[i] as number, true);
    at += t.data.length * 4;
  }
  return out;
}

/**
 * A network as safetensors with the authors' state_dict keys (`layers.N.0.weight`, `[out, in]`;
 * `layers.N.0.bias`), so `MLP.load_state_dict(safetensors.torch.load_file(path))` takes it.
 */
export function modelToSafetensors(model: NetworkModel, metadata: Record<string, string> = {}): Uint8Array {
  const tensors = model.weights.flatMap((w, l) => [
    [`layers.${l}.0.weight`, { shape: [model.layerSizes[l + 1] as number, model.layerSizes[l] as number], data: w }] as const,
    [`layers.${l}.0.bias`, { shape: [model.layerSizes[l + 1] as number], data: model.biases[l] as Float32Array }] as const,
  ]);
  return writeSafetensors(tensors, { ...metadata, activation: 'leaky_relu', layer_sizes: JSON.stringify(model.layerSizes) });
}
