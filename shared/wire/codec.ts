/**
 * The one msgpackr codec for every wire message.
 *
 * `moreTypes` makes Float32Array/Float64Array come back as real, aligned typed arrays (plain
 * `unpack` hands back a Buffer at an unaligned offset); every bigint is written as int64 or, past
 * 64 bits, with the bigint extension, and read back as an exact bigint. Records are off so a
 * message is a self-contained map that any msgpack reader understands.
 */
import { Packr } from 'msgpackr';
import { WireError } from './errors.js';
import { ownBytes } from './ownBytes.js';
import type { ResultMessage, WorkMessage } from './messages.js';
import { validateWork } from './validate.js';
import { validateResult } from './validateResult.js';

const packr = new Packr({
  moreTypes: true,
  useRecords: false,
  useBigIntExtension: true,
  int64AsType: 'bigint',
  mapsAsObjects: true,
});

/**
 * Validates, then packs; a malformed message fails at the sender with the same text. The bytes come
 * in a buffer of their own size: msgpackr writes every message into one buffer it keeps and grows
 * (to 100 MB on a k = 6 network's results), and postMessage clones a view's whole
 * buffer, so an 18-byte shard packed after a 45 MB result travelled as 80 MB.
 */
export function encode(msg: WorkMessage | ResultMessage): Uint8Array {
  if (msg.type === 'shard') validateWork(msg);
  else validateResult(msg);
  return ownBytes(packr.pack(msg));
}

export function decodeWork(bytes: Uint8Array): WorkMessage {
  return validateWork(unpack(bytes));
}

export function decodeResult(bytes: Uint8Array): ResultMessage {
  return validateResult(unpack(bytes));
}

function unpack(bytes: Uint8Array): unknown {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) {
    throw new WireError(`message: expected non-empty msgpack bytes, got ${bytes?.byteLength ?? typeof bytes} bytes`);
  }
  try {
    return packr.unpack(bytes);
  } catch (err) {
    throw new WireError(`message: not valid msgpack (${(err as Error).message})`, { cause: err });
  }
}
