import test from 'ava';
import fc from 'fast-check';
import { DistributionBuilder } from '../../shared/engine/groundingDistribution.js';
import { distributionEntries } from '../../shared/engine/packedDistribution.js';
import { countJson } from '../../coordinator/analysisJson.js';
import { distributionText } from '../../coordinator/distributionText.js';

// Counts a float64 holds below and around 2^53 and far above it (up to 1e300), and counts it does not.
const value = fc.oneof(
  fc.bigInt({ min: 0n, max: 1000n }),
  fc.bigInt({ min: 2n ** 53n - 3n, max: 2n ** 53n + 3n }),
  fc.tuple(fc.integer({ min: 1, max: 2 ** 20 }), fc.integer({ min: 0, max: 960 })).map(([m, e]) => BigInt(m) << BigInt(e)),
  fc.integer({ min: 1, max: 30 }).map((i) => 2n ** 64n + BigInt(i)),
);

const packed = (pairs: readonly (readonly [bigint, number])[]) => {
  const b = new DistributionBuilder();
  for (const [v, n] of pairs) b.add(v, n);
  return b.buildPacked();
};

// The plain form: every entry through countJson and JSON.stringify, as the files were written before.
const plainJson = (g: ReturnType<typeof packed>): string => Array.from(distributionEntries(g), ([v, c]) => `[${JSON.stringify(countJson(v))},${JSON.stringify(c)}]`).join(',');
const plainPython = (g: ReturnType<typeof packed>): string => Array.from(distributionEntries(g), ([v, c]) => `[${String(countJson(v))}, ${c}]`).join(', ');

test('the text is the plain per-entry text, quoted for JSON and bare for Python', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(value, fc.integer({ min: 1, max: 2 ** 40 })), { maxLength: 60 }), (pairs) => {
      const g = packed(pairs);
      t.is([...distributionText(g, { quote: true, inner: ',', between: ',' })].join(''), plainJson(g));
      t.is([...distributionText(g, { quote: false, inner: ', ', between: ', ' })].join(''), plainPython(g));
    }),
    { numRuns: 400, seed: 11 },
  );
});

test('a distribution of several megabytes comes in several pieces that join to the whole', (t) => {
  const n = 60_000;
  const g = packed(Array.from({ length: n }, (_, i) => [i % 5 === 0 ? 2n ** 200n + BigInt(i) : BigInt(i + 1) << 120n, 1 + (i % 7)] as const));
  const pieces = [...distributionText(g, { quote: true, inner: ',', between: ',' })];
  t.true(pieces.length >= 3);
  t.true(pieces.every((p) => p.length <= 1 << 20));
  t.is(pieces.join(''), plainJson(g));
  t.deepEqual([...distributionText(packed([]), { quote: true, inner: ',', between: ',' })], []);
});

test('counts longer than a piece (bigints no float64 holds, from the plain DP) are written whole', (t) => {
  // Small pieces, so that some counts are longer than a piece's room and others fall at its edge.
  const pairs = Array.from({ length: 300 }, (_, i) => [i % 3 === 0 ? 7n ** BigInt(400 + 37 * i) : BigInt(i + 1) << BigInt(70 + i), 1 + (i % 5)] as const);
  const g = packed(pairs);
  t.true(g.big.some((v) => v.toString().length > 2048), 'some count is longer than a whole piece');
  for (const pieceBytes of [1024, 2048, 4096, 1 << 20]) {
    t.is([...distributionText(g, { quote: true, inner: ',', between: ',' }, pieceBytes)].join(''), plainJson(g), `JSON, ${pieceBytes}-byte pieces`);
    t.is([...distributionText(g, { quote: false, inner: ', ', between: ', ' }, pieceBytes)].join(''), plainPython(g), `Python, ${pieceBytes}-byte pieces`);
  }
});
