/** The trie search for the farthest pair equals comparing every pair, on random families. */
import test from 'ava';
import fc from 'fast-check';
import { DiagnosticsAccumulator } from '../../shared/check/diagnostics.js';
import { edgeCount, edgeLayout, sharedEdges } from '../../shared/check/edgeSet.js';
import { farthestPair } from '../../shared/check/maxJaccard.js';

function allPairs(sets: Uint32Array, n: number, words: number): number | null {
  if (n < 2) return null;
  let best = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const s = sharedEdges(sets, a * words, sets, b * words, words);
      const u = edgeCount(sets, a * words, words) + edgeCount(sets, b * words, words) - s;
      best = Math.max(best, u === 0 ? 0 : (u - s) / u);
    }
  }
  return best;
}

test('farthestPair equals the all-pairs maximum (dense and sparse families, one to three words)', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 0, max: 60 }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.integer(), (bits, n, density, seed) => {
      const words = Math.ceil(bits / 32);
      let x = seed >>> 0 || 1;
      const rand = (): number => {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        return (x >>> 0) / 2 ** 32;
      };
      const sets = new Uint32Array(Math.max(1, n * words));
      for (let s = 0; s < n; s++) for (let e = 0; e < bits; e++) if (rand() < density) sets[s * words + (e >>> 5)] = ((sets[s * words + (e >>> 5)] as number) | (1 << (e & 31))) >>> 0;
      const far = farthestPair(sets, n, words, bits);
      const plain = allPairs(sets, n, words);
      if (plain === null) return far === null;
      if (!far) return false;
      // The pair it names has that distance.
      const s = sharedEdges(sets, far.a * words, sets, far.b * words, words);
      const u = edgeCount(sets, far.a * words, words) + edgeCount(sets, far.b * words, words) - s;
      return far.distance === plain && (u === 0 ? 0 : (u - s) / u) === plain;
    }),
    { numRuns: 300, seed: 42 },
  );
  t.pass();
});

test('above the limit the diagnostics give the bound 1 - |core| / |union| instead of the farthest pair', (t) => {
  const layout = edgeLayout([2, 2, 1]);
  const sets = [0b000111, 0b001101, 0b110101].map((m) => Uint32Array.of(m));
  const exact = new DiagnosticsAccumulator(layout);
  const bounded = new DiagnosticsAccumulator(layout, 2);
  for (const s of sets) {
    exact.add(s);
    bounded.add(s);
  }
  const e = exact.finish();
  const b = bounded.finish();
  t.is(e.maxJaccard, 3 / 5);
  t.is(e.maxJaccardAtMost, null);
  t.is(b.maxJaccard, null);
  t.is(b.maxJaccardAtMost, (6 - 2) / 6);
  t.deepEqual({ ...b, maxJaccard: e.maxJaccard, maxJaccardAtMost: null }, e);
});
