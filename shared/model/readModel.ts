/**
 * A model file of any supported format, told apart by its first bytes (never by its name): a zip
 * (`PK\x03\x04`) is a `torch.save` archive, a little-endian length followed by `{` is
 * safetensors, and text starting with `{` is JSON (a case file when it has `model` and `data`,
 * else our JSON model). The JSON text is decoded by the caller, who reports its syntax errors.
 */
import { looksLikeSafetensors } from './safetensors.js';
import { ModelFileError } from './tensors.js';

export type ModelFormat = 'torch' | 'safetensors' | 'json';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function looksLikeZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/** The legacy (pre-1.6, `_use_new_zipfile_serialization=False`) format starts with a pickle. */
function looksLikeLegacyTorch(bytes: Uint8Array): boolean {
  return bytes[0] === 0x80 && bytes[1] !== undefined && bytes[1] <= 5;
}

export function detectFormat(bytes: Uint8Array): ModelFormat {
  if (looksLikeZip(bytes)) return 'torch';
  if (looksLikeSafetensors(bytes)) return 'safetensors';
  let i = 0;
  // A UTF-8 byte order mark or whitespace may precede the JSON.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] === 0x7b) return 'json';
  if (looksLikeLegacyTorch(bytes)) {
    throw new ModelFileError('', 'is a legacy torch.save file (saved with _use_new_zipfile_serialization=False); save it again with a current PyTorch');
  }
  throw new ModelFileError('', 'is not a model file: expected a PyTorch zip (torch.save), safetensors, or JSON');
}
