/**
 * A model file of any supported format, told apart by its first bytes (never by its name): a zip
 * (`PK\x03\x04`) is a `torch.save` archive, and so is a file that starts with the legacy format's
 * magic pickle; a little-endian length followed by `{` is safetensors, and text starting with `{`
 * is JSON (a case file when it has `model` and `data`, else our JSON model). The JSON text is decoded by the caller, who reports its syntax errors.
 */
import { looksLikeSafetensors } from './safetensors.js';
import { ModelFileError } from './tensors.js';

export type ModelFormat = 'torch' | 'safetensors' | 'json';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function looksLikeZip(bytes: Uint8Array): boolean {
  return ZIP_MAGIC.every((b, i) => bytes[i] === b);
}

/** The first pickle of every legacy `torch.save` file: protocol 2, the long 0x1950a86a20f9469cfc6c, STOP. */
export const LEGACY_TORCH_MAGIC = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e];

/**
 * The `torch.save` format before PyTorch 1.6 (torchLegacy.ts), by its magic number; here, not
 * there, so that telling formats apart loads no pickle reader.
 */
export function looksLikeLegacyTorch(bytes: Uint8Array): boolean {
  return bytes.length >= LEGACY_TORCH_MAGIC.length && LEGACY_TORCH_MAGIC.every((b, i) => bytes[i] === b);
}

export function detectFormat(bytes: Uint8Array): ModelFormat {
  if (looksLikeZip(bytes) || looksLikeLegacyTorch(bytes)) return 'torch';
  if (looksLikeSafetensors(bytes)) return 'safetensors';
  let i = 0;
  // A UTF-8 byte order mark or whitespace may precede the JSON.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] === 0x7b) return 'json';
  // A pickle that is not a torch.save file of either format (pickle.dump of a dict, say).
  if (bytes[0] === 0x80 && bytes[1] !== undefined && bytes[1] <= 5) {
    throw new ModelFileError('', 'is a Python pickle but not a torch.save file: save the state_dict with torch.save');
  }
  throw new ModelFileError('', 'is not a model file: expected a PyTorch zip (torch.save), safetensors, or JSON');
}
