import { gzipSync } from 'node:zlib';
import test from 'ava';
import { GZIP_FROM_BYTES, isGzip, packResult, unpackResult } from '../../transport/resultGzip.js';
import { decodeResult, encode } from '../../shared/wire/codec.js';
import { WireError } from '../../shared/wire/errors.js';

/** A slice result whose distribution has `n` distinct counts: what a large result is made of. */
function sliceResult(n: number): Uint8Array {
  // Strictly ascending counts with uneven gaps, as a slice's are.
  const num = new Float64Array(n);
  for (let i = 0, v = 0; i < n; i++) num[i] = v += 1 + ((i * 2654435761) % 100_003);
  const numCircuits = Float64Array.from({ length: n }, (_, i) => 1 + (i % 7));
  let total = 0n;
  for (let i = 0; i < n; i++) total += BigInt(num[i] as number) * BigInt(numCircuits[i] as number);
  return encode({
    type: 'shard-result', v: 1, planId: 'p', shardId: 'p:0', worker: 'w', delivery: 1, durationMs: 1, stageMs: {},
    result: { kind: 'circuit-slice', output: 0, start: 0, end: 1, candidates: n, kept: n, groundings: { num, numCircuits, big: [], bigCircuits: [], total, uncounted: 0 }, circuits: null },
  });
}

test('a small result travels as it is', async (t) => {
  const bytes = sliceResult(100);
  t.true(bytes.byteLength < GZIP_FROM_BYTES);
  t.is(await packResult(bytes), bytes);
  t.is(await unpackResult(bytes), bytes);
});

test('a large result travels gzipped, a fraction of its size, and comes back byte for byte', async (t) => {
  const bytes = sliceResult(200_000);
  const packed = await packResult(bytes);
  t.true(isGzip(packed));
  t.false(isGzip(bytes), 'a msgpack result never starts as gzip does');
  t.true(packed.byteLength < bytes.byteLength / 3, `${packed.byteLength} of ${bytes.byteLength}`);
  const back = await unpackResult(packed);
  t.is(Buffer.compare(back, bytes), 0);
  t.deepEqual(decodeResult(back), decodeResult(bytes));
});

test('damaged gzip, or gzip past the limit, comes back as it was and fails the codec like any malformed result', async (t) => {
  const packed = await packResult(sliceResult(50_000));
  const cut = packed.subarray(0, packed.byteLength - 100);
  t.is(await unpackResult(cut), cut);
  t.throws(() => decodeResult(cut), { instanceOf: WireError });
  const flipped = Uint8Array.from(packed);
  flipped[flipped.length - 8] = (flipped[flipped.length - 8] as number) ^ 0xff; // the CRC
  t.is(await unpackResult(flipped), flipped);
  // 1 MB of zeros in 1 KB: refused past a 64 KB limit, read under a 2 MB one.
  const bomb = gzipSync(new Uint8Array(1_000_000));
  t.is(await unpackResult(bomb, 64 * 1024), bomb);
  t.is((await unpackResult(bomb, 2_000_000)).byteLength, 1_000_000);
});
