/**
 * Tensors as a model file holds them, before they become a network: a dtype name, a shape and
 * the raw little-endian bytes of a contiguous row-major array. Every reader (PyTorch zip,
 * safetensors, our JSON) produces these, and `stateDict.ts` turns them into a `NetworkModel`.
 * Pure: bytes in, records out; every problem is a `ModelFileError` naming the tensor or field.
 */

/** A problem with the model file; `where` names the tensor or field (or the file part). */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(where ? `${where}: ${message}` : message);
  }
}

/** dtype names as PyTorch writes them (`float32`, `float64`, ...). */
export type DtypeName = string;

export interface RawTensor {
  readonly dtype: DtypeName;
  readonly shape: readonly number[];
  /** Contiguous row-major data, little-endian; `float32` tensors hold 4 bytes per value. */
  readonly bytes: Uint8Array;
}

/** What every reader returns: the tensors in file order, plus the settings a file may carry. */
export interface TensorFile {
  readonly tensors: ReadonlyMap<string, RawTensor>;
  /** The activation the file names (the authors' `activation` field), if any. */
  readonly activation?: string;
  /** Layer sizes the file states besides its tensors (checked against them), if any. */
  readonly statedSizes?: readonly number[];
  /** The LeakyReLU slope the file states (`negative_slope`), if any: checked to be 0.01. */
  readonly negativeSlope?: unknown;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The float32 values of a tensor, checked finite; errors name the tensor and the index. */
export function float32Values(name: string, t: RawTensor): Float32Array {
  if (t.dtype !== 'float32') throw new ModelFileError(name, `is ${t.dtype}, expected float32 (convert with .float() before saving)`);
  const n = elementCount(t.shape);
  if (t.bytes.length !== n * 4) throw new ModelFileError(name, `holds ${t.bytes.length} bytes, expected ${n * 4} for shape [${t.shape.join(', ')}]`);
  const out = new Float32Array(n);
  const view = new DataView(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength);
  for (let i = 0; i < n; i++) {
    const v = view.getFloat32(i * 4, true);
    if (!Number.isFinite(v)) throw new ModelFileError(name, `value ${i} is ${v}, expected a finite number`);
    out[i] = v;
  }
  return out;
}
