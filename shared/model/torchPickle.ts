/**
 * The pickle inside a `torch.save` archive, unpickled with a closed list of globals. A state_dict
 * needs only `collections.OrderedDict`, the tensor rebuild functions of `torch._utils` and the
 * storage type names; any other global (a class, `os.system`, ...) is refused by name before
 * anything is built, so nothing the file names is ever executed: every callable the unpickler
 * can reach is one of the functions below, which only build plain records.
 */
import { BufferReader, Parser } from 'pickleparser';

import { ModelFileError } from './tensors.js';

/** What the pickle holds is not a state_dict's: thrown from the resolvers, named by the file part in `unpickleNext`. */
class PickleContentError extends Error {}

/** A storage type named by a persistent id: `torch.FloatStorage` and its siblings. */
export class StorageType {
  constructor(
    readonly dtype: string,
    readonly size: number,
  ) {}
}

/** A storage the pickle refers to: the archive entry `data/<key>` holds its bytes. */
export interface StorageRef {
  readonly type: StorageType;
  readonly key: string;
  /** Where the tensor lived when saved (`cpu`, `cuda:0`): the bytes on disk are the same. */
  readonly location: string;
  readonly numel: number;
}

/** A tensor as `_rebuild_tensor_v2` describes it: a strided view of a storage. */
export class TensorRef {
  constructor(
    readonly storage: StorageRef,
    readonly offset: number,
    readonly shape: number[],
    readonly stride: number[],
  ) {}
}

/** `collections.OrderedDict`: a Map whose pickled attributes (`_metadata`) are dropped. */
export class PickledDict extends Map<unknown, unknown> {
  __setstate__(_state: unknown): void {
    // A state_dict's `_metadata` (module versions) does not change the weights.
  }
}

const STORAGE_TYPES: Record<string, StorageType> = {
  FloatStorage: new StorageType('float32', 4),
  DoubleStorage: new StorageType('float64', 8),
  HalfStorage: new StorageType('float16', 2),
  BFloat16Storage: new StorageType('bfloat16', 2),
  LongStorage: new StorageType('int64', 8),
  IntStorage: new StorageType('int32', 4),
  ShortStorage: new StorageType('int16', 2),
  CharStorage: new StorageType('int8', 1),
  ByteStorage: new StorageType('uint8', 1),
  BoolStorage: new StorageType('bool', 1),
};

function orderedDict(items?: unknown): PickledDict {
  const d = new PickledDict();
  if (Array.isArray(items)) for (const kv of items) if (Array.isArray(kv) && kv.length === 2) d.set(kv[0], kv[1]);
  return d;
}

function intList(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || !v.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) throw new PickleContentError(`a tensor's ${what} is not a list of sizes`);
  return v as number[];
}

function rebuildTensor(storage: unknown, offset: unknown, size: unknown, stride: unknown): TensorRef {
  if (!storage || typeof storage !== 'object' || !((storage as StorageRef).type instanceof StorageType)) throw new PickleContentError('a tensor refers to no storage');
  if (!Number.isSafeInteger(offset)) throw new PickleContentError('a tensor has a bad storage offset');
  return new TensorRef(storage as StorageRef, offset as number, intList(size, 'size'), intList(stride, 'stride'));
}

/** The only globals a pickle may name; everything else is refused. */
const ALLOWED: Record<string, (...args: unknown[]) => unknown> = {
  'collections.OrderedDict': (items?: unknown) => orderedDict(items),
  'torch._utils._rebuild_tensor_v2': (storage, offset, size, stride) => rebuildTensor(storage, offset, size, stride),
  'torch._utils._rebuild_tensor': (storage, offset, size, stride) => rebuildTensor(storage, offset, size, stride),
  // A Parameter saved whole: its data is the tensor.
  'torch._utils._rebuild_parameter': (data) => data,
};

class RestrictedNames {
  resolve(module: string, name: string): (...args: unknown[]) => unknown {
    const fqn = `${module}.${name}`;
    const fn = ALLOWED[fqn];
    if (fn) return fn;
    if (module === 'torch' && STORAGE_TYPES[name]) {
      const type = STORAGE_TYPES[name];
      // Returned as a value, never called: a persistent id carries it.
      return (() => type) as unknown as (...args: unknown[]) => unknown;
    }
    // A whole pickled module names its own class: say how to save what can be read.
    const hint = module === '__main__' || module.startsWith('torch.nn') ? '; save model.state_dict(), not the model object' : '';
    throw new PickleContentError(`refers to the Python global ${fqn}, which a state_dict does not need; refused without running it (allowed: ${[...Object.keys(ALLOWED), 'torch.<Type>Storage'].join(', ')})${hint}`);
  }
}

class StorageIds {
  /** @param seen receives every storage resolved, by key: the legacy format needs their element sizes to find their bytes. */
  constructor(private readonly seen?: Map<string, StorageRef>) {}

  resolve(pid: unknown): StorageRef {
    // ('storage', storage_type, key, location, numel), as torch.save writes it; the legacy format
    // adds view_metadata, None since PyTorch dropped storage views (a view is refused).
    if (!Array.isArray(pid) || pid[0] !== 'storage' || pid.length < 5) throw new PickleContentError(`unknown persistent id ${JSON.stringify(pid)}`);
    if (pid[5] !== undefined && pid[5] !== null) throw new PickleContentError(`storage ${String(pid[2])} is a view of another storage (a format of PyTorch before 0.4): load and save it again with a current PyTorch`);
    const [, typeFn, key, location, numel] = pid as [string, unknown, unknown, unknown, unknown];
    const type = typeof typeFn === 'function' ? (typeFn as () => unknown)() : typeFn;
    if (!(type instanceof StorageType)) throw new PickleContentError(`storage ${String(key)} has no known storage type`);
    if (typeof key !== 'string' || typeof location !== 'string' || !Number.isSafeInteger(numel)) throw new PickleContentError(`malformed storage id ${JSON.stringify(pid)}`);
    const ref = { type, key, location, numel: numel as number };
    this.seen?.set(key, ref);
    return ref;
  }
}

/**
 * Unpickles one pickle from `reader`'s position (its end is where the reader stops: the legacy
 * format writes several in a row), adding every storage it refers to to `storages`; every
 * failure, the refusal of a global included, is a ModelFileError naming `where`.
 */
export function unpickleNext(reader: BufferReader, where: string, storages?: Map<string, StorageRef>): unknown {
  const parser = new Parser({ nameResolver: new RestrictedNames(), persistentResolver: new StorageIds(storages), unpicklingTypeOfDictionary: 'Map' });
  try {
    return parser.read(reader);
  } catch (err) {
    if (err instanceof PickleContentError) throw new ModelFileError(where, err.message);
    throw new ModelFileError(where, `cannot be read as a state_dict pickle: ${(err as Error).message}`);
  }
}

/** Unpickles `data.pkl`; every failure, the refusal of a global included, is a ModelFileError. */
export function unpickleStateDict(bytes: Uint8Array): unknown {
  return unpickleNext(new BufferReader(bytes), 'data.pkl');
}
