/** A binary model file (torch zip or safetensors) as a network; loaded only when such a file is analysed. */
import type { NetworkModel } from '../engine/types.js';
import { readSafetensors } from './safetensors.js';
import { toNetworkModel } from './stateDict.js';
import { readTorchFile } from './torchFile.js';

/** A binary model file (torch or safetensors) as a network. */
export function readBinaryModel(bytes: Uint8Array, format: 'torch' | 'safetensors'): NetworkModel {
  if (format === 'torch') return toNetworkModel(readTorchFile(bytes), 'file');
  const { tensors, metadata } = readSafetensors(bytes);
  const { activation, negative_slope: negativeSlope } = metadata;
  return toNetworkModel({ tensors, ...(activation !== undefined && { activation }), ...(negativeSlope !== undefined && { negativeSlope }) }, 'natural');
}
