/**
 * The `torch.save` format before PyTorch 1.6 (and with `_use_new_zipfile_serialization=False`
 * since): pickles one after another, then the storages' bytes. In order: a magic number, the
 * protocol version (1001), the saving machine's sys_info (`little_endian`, type sizes), the object
 * itself (storages as persistent ids, as in the zip format), the list of storage keys, and for
 * each key in that order its number of elements as a little-endian int64 followed by its raw
 * elements. Read with the same restricted unpickler as the zip format (torchPickle.ts).
 */
import { BufferReader } from 'pickleparser';
import { LEGACY_TORCH_MAGIC } from './readModel.js';
import { ModelFileError, type TensorFile } from './tensors.js';
import { tensorFileOf } from './torchObject.js';
import { unpickleNext, type StorageRef } from './torchPickle.js';

const PROTOCOL_VERSION = 1001;

export function readLegacyTorchFile(bytes: Uint8Array): TensorFile {
  const reader = new BufferReader(bytes);
  reader.skip(LEGACY_TORCH_MAGIC.length);
  const version = unpickleNext(reader, 'legacy header');
  if (version !== PROTOCOL_VERSION) throw new ModelFileError('legacy header', `protocol version ${String(version)}, expected ${PROTOCOL_VERSION}`);
  const sysInfo = unpickleNext(reader, 'legacy header');
  if (!(sysInfo instanceof Map) || sysInfo.get('little_endian') !== true) throw new ModelFileError('legacy header', 'big-endian tensors are not supported');
  const storages = new Map<string, StorageRef>();
  const root = unpickleNext(reader, 'pickled object', storages);
  const keys = unpickleNext(reader, 'storage list');
  if (!Array.isArray(keys) || !keys.every((k): k is string => typeof k === 'string')) throw new ModelFileError('storage list', 'expected a list of storage keys');
  const data = new Map<string, Uint8Array>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = reader.position;
  for (const key of keys) {
    // Every storage is read past by its element size, those of an optimizer's state too.
    const size = storages.get(key)?.type.size;
    if (size === undefined) throw new ModelFileError(`storage ${key}`, 'is listed but the pickled object never refers to it');
    if (at + 8 > bytes.length) throw new ModelFileError(`storage ${key}`, 'is missing from the end of the file (truncated?)');
    const numel = Number(view.getBigInt64(at, true));
    const end = at + 8 + numel * size;
    if (numel < 0 || end > bytes.length) throw new ModelFileError(`storage ${key}`, `its ${numel} elements run past the end of the file (truncated?)`);
    data.set(key, bytes.subarray(at + 8, end));
    at = end;
  }
  return tensorFileOf(root, 'pickled object', (name, key) => {
    const storage = data.get(key);
    if (!storage) throw new ModelFileError(name, `its storage ${key} is not in the file's storage list`);
    return storage;
  });
}
