/**
 * A `torch.save` file (the zip format PyTorch writes since 1.6): `<archive>/data.pkl` holds the
 * pickled object, `<archive>/data/<key>` the raw bytes of each storage, `<archive>/byteorder`
 * their byte order; the format before it is torchLegacy.ts's, the object torchObject.ts's. Tensors
 * saved from `cuda:0` are read the same way: the location is only a label on the storage.
 */
import { unzipSync } from 'fflate';
import { ModelFileError, type TensorFile } from './tensors.js';
import { looksLikeLegacyTorch } from './readModel.js';
import { readLegacyTorchFile } from './torchLegacy.js';
import { tensorFileOf } from './torchObject.js';
import { unpickleStateDict } from './torchPickle.js';

function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes);
  } catch (err) {
    throw new ModelFileError('zip', `cannot be unpacked (${(err as Error).message}; truncated or damaged?)`);
  }
}

export function readTorchFile(bytes: Uint8Array): TensorFile {
  if (looksLikeLegacyTorch(bytes)) return readLegacyTorchFile(bytes);
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
  return tensorFileOf(root, 'data.pkl', (name, key) => {
    const storageBytes = entries[`${prefix}data/${key}`];
    if (!storageBytes) throw new ModelFileError(name, `its storage data/${key} is missing from the archive (truncated?)`);
    return storageBytes;
  });
}
