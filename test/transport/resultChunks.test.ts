import test from 'ava';
import { parsePart, partSize, Reassembler, splitResult } from '../../transport/resultChunks.js';

const bytes = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);

test('split then reassemble in any order gives the bytes back', (t) => {
  const data = bytes(100_000, 1);
  const parts = splitResult(data, 30_000);
  t.is(parts.length, 4);
  const acked: string[] = [];
  const r = new Reassembler<string>((m) => acked.push(m));
  let whole = null;
  for (const i of [2, 0, 3, 1]) {
    const p = parts[i]!;
    t.is(whole, null);
    whole = r.add('s:0', parsePart(p.header)!, p.bytes, `m${i}`);
  }
  t.deepEqual(whole?.bytes, data);
  t.deepEqual(whole?.msgs, ['m0', 'm1', 'm2', 'm3']);
  t.deepEqual(acked, []);
});

test('parts of an abandoned attempt are never mixed in and are discarded once another attempt completes', (t) => {
  const first = splitResult(bytes(50_000, 1), 20_000);
  const second = splitResult(bytes(50_000, 2), 20_000);
  const acked: string[] = [];
  const r = new Reassembler<string>((m) => acked.push(m));
  t.is(r.add('s:1', parsePart(first[0]!.header)!, first[0]!.bytes, 'a0'), null);
  let whole = null;
  for (const [i, p] of second.entries()) whole = r.add('s:1', parsePart(p.header)!, p.bytes, `b${i}`);
  t.deepEqual(whole?.bytes, bytes(50_000, 2));
  t.deepEqual(acked, ['a0']);
  t.is(r.add('s:1', parsePart(first[1]!.header)!, first[1]!.bytes, 'a1'), null);
  t.deepEqual(acked, ['a0', 'a1']);
});

test('part headers are checked and sizes keep headroom', (t) => {
  t.is(parsePart('garbage'), null);
  t.is(parsePart('0123abcd:3:3'), null);
  t.deepEqual(parsePart('0123abcd:1:3'), { nonce: '0123abcd', index: 1, count: 3 });
  t.true(partSize(1024 * 1024) < 1024 * 1024);
  t.is(partSize(undefined), partSize(1024 * 1024));
});
