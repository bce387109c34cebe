import test from 'ava';
import { RESIDUE_PRIMES } from '../../shared/engine/residueDp.js';
import { addLanesTimes, reduceLanes, residuesOf } from '../../shared/engine/residueLanes.js';
import { ResidueBasis } from '../../shared/engine/residues.js';
import { mulberry32 } from '../helpers/randomNetwork.js';

/** A gate count of one of the kinds the sums meet: small, just below the primes, above them, or a power of two past 2^53. */
function gateCount(rand: () => number, basis: ResidueBasis): number {
  const kind = rand();
  if (kind < 0.4) return Math.floor(rand() * 2 ** 21);
  if (kind < 0.75) return basis.smallest - 1 - Math.floor(rand() * 2 ** 20);
  if (kind < 0.9) return basis.smallest + Math.floor(rand() * 2 ** 40);
  return 2 ** (53 + Math.floor(rand() * 60));
}

test('lanes summed unreduced and reduced when they must be equal BigInt sums modulo each prime, whatever the gate counts', (t) => {
  const rand = mulberry32(17);
  for (const lanes of [1, 3, 5]) {
    const basis = new ResidueBasis(RESIDUE_PRIMES.slice(0, lanes));
    const W = lanes + 1;
    const one = new Float64Array(W);
    for (let run = 0; run < 40; run++) {
      const terms = 1 + Math.floor(rand() * 300);
      const into = new Float64Array(2 * W); // summed at offset W, to check the offset is kept
      const exact = Array.from({ length: lanes }, () => 0n);
      let approx = 0;
      let small = 0;
      let reductions = 0;
      for (let k = 0; k < terms; k++) {
        const g = gateCount(rand, basis);
        const from = new Float64Array(W + 2);
        from[1] = rand() * 2 ** 40;
        for (let lane = 1; lane < W; lane++) from[1 + lane] = Math.floor(rand() * (basis.primes[lane - 1] as number));
        const before = small;
        small = addLanesTimes(into, W, g, from, 1, basis, small, one);
        if (small < before + (g < basis.smallest ? g : 0)) reductions++;
        approx += g * (from[1] as number);
        for (let lane = 1; lane < W; lane++) exact[lane - 1] = (exact[lane - 1] as bigint) + BigInt(g) * BigInt(from[1 + lane] as number);
        for (let lane = 1; lane < W; lane++) t.true((into[W + lane] as number) < 2 ** 53, 'a lane passed 2^53');
      }
      if (small > 0) reduceLanes(into, W, basis);
      t.is(into[W], approx);
      for (let lane = 1; lane < W; lane++) t.is(into[W + lane], Number((exact[lane - 1] as bigint) % BigInt(basis.primes[lane - 1] as number)), `lanes ${lanes} run ${run} lane ${lane}`);
      t.true(into.subarray(0, W).every((v) => v === 0), 'written outside its lanes');
      if (run === 0 && lanes === 5) t.true(reductions > 0, 'no reduction mid-way');
    }
  }
});

test('a gate count below every prime is its own residue in every lane; past them, its residues', (t) => {
  const basis = new ResidueBasis(RESIDUE_PRIMES.slice(0, 4));
  const out = new Float64Array(5);
  residuesOf(basis.smallest - 1, basis, out);
  t.deepEqual([...out.subarray(1)], [1, 2, 3, 4].map(() => basis.smallest - 1));
  residuesOf(2 ** 60, basis, out);
  t.deepEqual([...out.subarray(1)], [...basis.primes].map((p) => Number(2n ** 60n % BigInt(p))));
});
