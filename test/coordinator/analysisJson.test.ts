import test from 'ava';
import fc from 'fast-check';
import { DistributionBuilder } from '../../shared/engine/groundingDistribution.js';
import { distributionEntries, unpackDistribution } from '../../shared/engine/packedDistribution.js';
import { summaryJson, summaryJsonPieces } from '../../coordinator/analysisJson.js';

// Counts held by a float64 below and above 2^53, counts that are not, and the edge between.
const value = fc.oneof(
  fc.tuple(fc.bigInt({ min: 0n, max: 50n }), fc.integer({ min: 0, max: 120 })).map(([m, e]) => m << BigInt(e)),
  fc.bigInt({ min: 2n ** 53n - 2n, max: 2n ** 53n + 2n }),
  fc.integer({ min: 1, max: 30 }).map((i) => 2n ** 64n + BigInt(i)),
);

const packed = (pairs: readonly (readonly [bigint | null, number])[]) => {
  const b = new DistributionBuilder();
  for (const [v, n] of pairs) b.add(v, n);
  return b.buildPacked();
};

test('the summary written in pieces is the text of the summary written whole', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.option(value, { freq: 10 }), fc.integer({ min: 1, max: 9 })), { maxLength: 40 }), fc.nat(), (pairs, kept) => {
      const g = packed(pairs);
      t.is([...summaryJsonPieces(kept, g)].join(''), JSON.stringify(summaryJson(kept, g)));
    }),
    { numRuns: 300, seed: 5 },
  );
  t.is([...summaryJsonPieces(3, null)].join(''), JSON.stringify(summaryJson(3, null)));
});

test('a distribution longer than one piece is written across pieces, entries in ascending order', (t) => {
  const n = 150_000;
  const g = packed(Array.from({ length: n }, (_, i) => [i % 3 === 0 ? 2n ** 70n + 2n * BigInt(i) + 1n : BigInt(i) << 80n, 1 + (i % 4)] as const));
  const pieces = [...summaryJsonPieces(n, g)];
  t.true(pieces.length > 3);
  // The texts compared as strings: ava's deepEqual of 150 000 parsed entries took about 20 s.
  const text = pieces.join('');
  t.true(text === JSON.stringify(summaryJson(n, g)), 'the pieces are the summary written whole');
  const parsed = JSON.parse(text) as { groundings_distribution: [number | string, number][] };
  const { values, circuits } = unpackDistribution(g);
  t.is(parsed.groundings_distribution.length, n);
  t.true(parsed.groundings_distribution.every(([v, c], i) => BigInt(v) === values[i] && c === circuits[i]));
  t.is([...distributionEntries(g)].length, n);
});
