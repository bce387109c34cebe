import test from 'ava';
import fc from 'fast-check';
import { DistributionBuilder, mergeDistributions } from '../../shared/engine/groundingDistribution.js';
import { distributionRange, heldByFloat, mergePacked, packDistribution, unpackDistribution } from '../../shared/engine/packedDistribution.js';

// Counts held by a float64 (small integers times powers of two, some past 2^53), counts that are
// not, and counts at the edge, from narrow ranges so that distributions share some.
const value = fc.oneof(
  fc.tuple(fc.bigInt({ min: 0n, max: 50n }), fc.integer({ min: 0, max: 90 })).map(([m, e]) => m << BigInt(e)),
  fc.bigInt({ min: 2n ** 53n - 2n, max: 2n ** 53n + 2n }),
  fc.integer({ min: 1, max: 30 }).map((i) => 2n ** 64n + BigInt(i)),
);
const builder = fc.array(fc.tuple(value, fc.integer({ min: 1, max: 9 })), { maxLength: 40 }).map((pairs) => {
  const b = new DistributionBuilder();
  for (const [v, n] of pairs) b.add(v, n);
  return b;
});

test('the builder packs what it builds, and unpacking gives it back', (t) => {
  fc.assert(
    fc.property(builder, (b) => {
      const packed = b.buildPacked();
      const plain = b.build();
      t.deepEqual(packed, packDistribution(plain));
      t.deepEqual(unpackDistribution(packed), plain);
      t.true([...packed.num].every((v) => heldByFloat(BigInt(v))) && packed.big.every((v) => !heldByFloat(v)));
    }),
    { numRuns: 200, seed: 3 },
  );
});

test('merging packed distributions equals merging them unpacked', (t) => {
  fc.assert(
    fc.property(builder, builder, (a, b) => {
      const x = a.build();
      const y = b.build();
      t.deepEqual(unpackDistribution(mergePacked(packDistribution(x), packDistribution(y))), mergeDistributions(x, y));
    }),
    { numRuns: 200, seed: 4 },
  );
});

test('heldByFloat: exactly the integers a float64 represents', (t) => {
  t.true(heldByFloat(0n));
  t.true(heldByFloat(2n ** 53n));
  t.false(heldByFloat(2n ** 53n + 1n));
  t.true(heldByFloat(2n ** 53n + 2n));
  t.true(heldByFloat(3n << 900n));
  t.false(heldByFloat(2n ** 1024n));
});

test('a count with more circuits than 2^53 keeps its exact share of the total when packed', (t) => {
  const b = new DistributionBuilder();
  b.bulkSink().add(6n, 2n ** 60n + 1n).add(2n ** 60n + 1n, 2n ** 61n).addNumber(5, 3);
  const p = b.buildPacked();
  t.is(p.total, 6n * (2n ** 60n + 1n) + (2n ** 60n + 1n) * 2n ** 61n + 15n);
  t.deepEqual(Array.from(p.num), [5, 6]);
  t.deepEqual(Array.from(p.numCircuits), [3, Number(2n ** 60n + 1n)]);
  t.deepEqual(p.big, [2n ** 60n + 1n]);
});

test('min, median and max are those of the counted circuits\' counts in ascending order', (t) => {
  fc.assert(
    fc.property(builder, (b) => {
      const range = distributionRange(b.buildPacked());
      const plain = b.build();
      // The oracle: one entry per circuit, sorted, the median the mean of the middle two when even.
      const all = plain.values.flatMap((v, i) => Array.from({ length: plain.circuits[i] as number }, () => v)).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      if (all.length === 0) return t.is(range, null);
      const mid = Math.floor(all.length / 2);
      const sum = all.length % 2 ? 0n : (all[mid - 1] as bigint) + (all[mid] as bigint);
      const median = all.length % 2 ? String(all[mid]) : sum % 2n === 0n ? String(sum / 2n) : `${sum / 2n}.5`;
      t.deepEqual(range, { min: all[0], median, max: all.at(-1) });
    }),
    { numRuns: 200, seed: 9 },
  );
});
