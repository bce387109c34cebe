/**
 * A copy of the bytes in a buffer of their own size. Not `bytes.slice()`: on a Node Buffer (what
 * msgpackr returns) that is a view of the same buffer, so it neither copies nor drops the rest of
 * the buffer, and postMessage clones a view's whole buffer.
 */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  return Uint8Array.prototype.slice.call(bytes);
}
