/**
 * A model file of any supported format, told apart by its first bytes (never by its name): a zip
 * (`PK\x03\x04`) is a `torch.save` archive, a little-endian length followed by `{` is
 * safetensors, and text starting with `{` is JSON (a case file when it has `model` and `data`,
 * else our JSON model). The JSON text is decoded by the caller, who reports its syntax errors.
 */
import type { NetworkModel } from '../engine/types.js';
import { looksLikeSafetensors, readSafetensors } from './safetensors.js';
import { toNetworkModel } from './stateDict.js';
import { ModelFileError } from './tensors.js';
import { looksLikeLegacyTorch, looksLikeZip, readTorchFile } from './torchFile.js';

export type ModelFormat = 'torch' | 'safetensors' | 'json';

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

/** A binary model file (torch or safetensors) as a network. */
export function readBinaryModel(bytes: Uint8Array, format: 'torch' | 'safetensors'): NetworkModel {
  if (format === 'torch') return toNetworkModel(readTorchFile(bytes), 'file');
  const { tensors, metadata } = readSafetensors(bytes);
  return toNetworkModel({ tensors, ...(metadata.activation !== undefined && { activation: metadata.activation }) }, 'natural');
}
