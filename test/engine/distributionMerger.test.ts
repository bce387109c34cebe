import test from 'ava';
import fc from 'fast-check';
import { DistributionMerger } from '../../shared/engine/distributionMerger.js';
import { emptyDistribution, mergeDistributions, type GroundingDistribution } from '../../shared/engine/groundingDistribution.js';
import { unpackDistribution } from '../../shared/engine/packedDistribution.js';

/** A distribution from (value, circuits) pairs: values made distinct and sorted, as the builder makes them. */
function distribution(pairs: readonly (readonly [bigint, number])[]): GroundingDistribution {
  const byValue = new Map<bigint, number>();
  for (const [v, c] of pairs) byValue.set(v, (byValue.get(v) ?? 0) + c);
  const values = [...byValue.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const circuits = values.map((v) => byValue.get(v) as number);
  return { values, circuits, total: values.reduce((s, v, i) => s + v * BigInt(circuits[i] as number), 0n), uncounted: 0 };
}

// Counts both past float64's exact range and held by it (small integers times powers of two, as
// the fast counter makes them), from a narrow range so that parts share counts.
const arbValue = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 70n }),
  fc.tuple(fc.bigInt({ min: 0n, max: 40n }), fc.integer({ min: 0, max: 80 })).map(([m, e]) => m << BigInt(e)),
  fc.bigInt({ min: 2n ** 53n - 3n, max: 2n ** 53n + 3n }),
);
const arbPart = fc.array(fc.tuple(arbValue, fc.integer({ min: 1, max: 1000 })), { maxLength: 30 }).map(distribution);

const text = (d: GroundingDistribution): string => JSON.stringify(d, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

test('any number of parts, added in any order, merge to the fold of them one by one', (t) => {
  fc.assert(
    fc.property(fc.array(arbPart, { maxLength: 40 }), (parts) => {
      const merger = new DistributionMerger();
      for (const p of parts) merger.addDistribution(p);
      const folded = parts.reduce(mergeDistributions, emptyDistribution());
      return merger.parts === parts.length && text(unpackDistribution(merger.result())) === text(folded);
    }),
    { numRuns: 200, seed: 11 },
  );
  t.deepEqual(unpackDistribution(new DistributionMerger().result()), emptyDistribution());
});

test('with every merge output pooled, recycled arrays never corrupt a run, nor a result taken midway', (t) => {
  fc.assert(
    fc.property(fc.array(arbPart, { maxLength: 40 }), fc.nat(40), (parts, cut) => {
      // minLength 0: every array a merge makes comes from the pool and goes back to it.
      const merger = new DistributionMerger({ minLength: 0, keep: 3, headroom: 1.5 });
      const head = parts.slice(0, cut);
      for (const p of head) merger.addDistribution(p);
      const midway = merger.result();
      const midwayText = text(unpackDistribution(midway));
      for (const p of parts.slice(cut)) merger.addDistribution(p);
      const all = merger.result();
      return (
        midwayText === text(head.reduce(mergeDistributions, emptyDistribution())) &&
        // The result handed out midway is the caller's: later merges did not write over it.
        text(unpackDistribution(midway)) === midwayText &&
        text(unpackDistribution(all)) === text(parts.reduce(mergeDistributions, emptyDistribution())) &&
        merger.parts === parts.length
      );
    }),
    { numRuns: 300, seed: 12 },
  );
  t.pass();
});
