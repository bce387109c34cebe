/**
 * Results over NATS travel gzipped once they are large. Nearly all of a large result is a slice's
 * distribution, two Float64Arrays of sorted counts and small circuit numbers: gzip at level 1
 * takes the k = 5 case's 42 results from 35.5 MB to 6.2 MB in 0.13 s of the workers' CPU, and
 * every copy after it (the server's file store, the client's reads and reassembly on the
 * coordinator) handles a sixth of the bytes. Small results stay plain: gzip would add its header
 * and a thread pool round trip for nothing.
 *
 * A msgpack result is a map and never starts with 0x1f, gzip's first byte, so the two are told
 * apart by their first bytes (as a run directory's stored results are, coordinator/runStore.ts).
 *
 * A coordinator from before gzip rejects a gzipped result as malformed (and acks it: the shard
 * would be lost to it), so a worker gzips only the results of shards whose coordinator said it
 * reads them: the NATS transport marks every shard it publishes with GZIP_READ_HEADER, and a
 * shard without it (an older coordinator's) gets its result plain. Old workers ignore the header.
 */
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';

/** On a shard: its coordinator reads gzipped results (its value is `GZIP_READ_VALUE`). */
export const GZIP_READ_HEADER = 'Identifiability-Reads-Result';
export const GZIP_READ_VALUE = 'gzip';
/** Results from this size on are gzipped. */
export const GZIP_FROM_BYTES = 64 * 1024;
/** The most a gzipped result may inflate to: more is refused as damaged (or hostile). */
export const MAX_INFLATED_BYTES = 2 ** 31;
/**
 * zlib's output chunk, at most. Node's default of 16 KiB cost the coordinator a callback and a
 * copy per 16 KiB of every result it inflated (0.15 s for the k = 5 case's 35 MB, more than the
 * inflating itself); a chunk of the whole output is one of each.
 */
const MAX_CHUNK = 64 * 1024 * 1024;
const MIN_CHUNK = 64 * 1024;

const gzipped = promisify(gzip);
const gunzipped = promisify(gunzip);

const chunk = (bytes: number): number => Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.ceil(bytes)));

/** gzip's magic bytes; msgpack never starts a result with 0x1f. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The bytes to publish for a result: gzipped at level 1 from GZIP_FROM_BYTES on. */
export async function packResult(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes.byteLength < GZIP_FROM_BYTES) return bytes;
  // The output is about a sixth of the input for a distribution; a quarter leaves room.
  return gzipped(bytes, { level: 1, chunkSize: chunk(bytes.byteLength / 4) });
}

/**
 * A received result's msgpack bytes. Bytes that are not gzip come back as they are; gzip that
 * does not inflate (damaged, or past MAX_INFLATED_BYTES) comes back as it is too, and then fails
 * the codec's checks like any other malformed result, which the collector rejects and acks.
 */
export async function unpackResult(bytes: Uint8Array, maxInflated = MAX_INFLATED_BYTES): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    // gzip's last four bytes are the inflated size (mod 2^32): one chunk of it when it is honest.
    const size = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.byteLength - 4, true);
    return await gunzipped(bytes, { maxOutputLength: maxInflated, chunkSize: chunk(Math.min(size, maxInflated)) });
  } catch {
    return bytes;
  }
}
