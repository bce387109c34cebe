import test from 'ava';
import fc from 'fast-check';
import { sortByKey } from '../../shared/engine/keySort.js';

// Non-negative float64 keys of every kind: grounding counts m * 2^e, small integers (many equal),
// fractions, subnormals, the largest finite value.
const key = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 2 ** 30 }), fc.integer({ min: 0, max: 200 })).map(([m, e]) => m * 2 ** e),
  fc.integer({ min: 0, max: 5 }),
  fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
  fc.constantFrom(Number.MIN_VALUE, Number.MAX_VALUE, 2 ** 53, 2 ** 53 + 2),
);

test('keys come out ascending with their payload, equal keys in their first order (the plain sort of pairs)', (t) => {
  fc.assert(
    fc.property(fc.array(key, { maxLength: 300 }), fc.nat(5), (list, spare) => {
      const keys = Float64Array.from([...list, ...Array.from({ length: spare }, () => 7)]);
      const payload = Float64Array.from(keys, (_, i) => i);
      const n = list.length;
      const expected = list.map((k, i) => [k, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      sortByKey(keys, payload, n);
      t.deepEqual(Array.from(keys.subarray(0, n)), expected.map((e) => e[0]));
      t.deepEqual(Array.from(payload.subarray(0, n)), expected.map((e) => e[1]));
      // Past n nothing moves.
      t.true(keys.subarray(n).every((k) => k === 7));
    }),
    { numRuns: 300, seed: 5 },
  );
});

test('a million grounding-like counts sort as the typed-array sort does', (t) => {
  let s = 12345;
  const next = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const keys = Float64Array.from({ length: 1 << 20 }, () => Math.floor(next() * 2 ** 30) * 2 ** Math.floor(next() * 90));
  const payload = Float64Array.from(keys, (k) => k / 2);
  const expected = Float64Array.from(keys).sort();
  sortByKey(keys, payload);
  t.deepEqual(keys, expected);
  t.true(payload.every((v, i) => v === (keys[i] as number) / 2));
});

test('negative keys, -0 and NaN are refused', (t) => {
  for (const bad of [-1, -0, NaN, -Infinity]) t.throws(() => sortByKey(Float64Array.of(1, bad), new Float64Array(2)), { message: /keys must be non-negative/ });
});
