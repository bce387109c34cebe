/**
 * Sums of residue lanes (residues.ts) as the residue sums (lastNodeResidues.ts) keep them: lane 0 a
 * float64 approximation, lanes 1..K one residue per prime. A gate count below every prime is its
 * own residue, so its products with residues (each below 2^26) may be added unreduced while the
 * lanes stay exact, and reduced once: a reduction per lane per term was most of those sums' time.
 */
import { residueOf, type ResidueBasis } from './residues.js';

/** Below this a float64 holds every integer: the bound every lane, product and sum stays under. */
export const TWO_53 = 2 ** 53;

/**
 * Adds g times the lanes of `from` at `at` to the lanes of `into` at `to`. `small` is the sum of
 * the gate counts added unreduced since `into`'s residues were last reduced (each lane is below
 * 1 + small times the largest prime); returns it after this term. `one` holds K + 1 lanes of
 * scratch.
 */
export function addLanesTimes(into: Float64Array, to: number, g: number, from: Float64Array, at: number, basis: ResidueBasis, small: number, one: Float64Array): number {
  const W = basis.lanes + 1;
  into[to] = (into[to] as number) + g * (from[at] as number);
  if (g >= basis.smallest || (small + g + 1) * basis.largest >= TWO_53) {
    if (small > 0) reduceLanes(into, to, basis);
    small = 0;
  }
  if (g < basis.smallest) {
    for (let lane = 1; lane < W; lane++) into[to + lane] = (into[to + lane] as number) + g * (from[at + lane] as number);
    return small + g;
  }
  const { primes, inv } = basis;
  residuesOf(g, basis, one);
  for (let lane = 1; lane < W; lane++) {
    into[to + lane] = residueOf((into[to + lane] as number) + (one[lane] as number) * (from[at + lane] as number), primes[lane - 1] as number, inv[lane - 1] as number);
  }
  return 0;
}

/** The residue lanes of `lanes` from `at` (lanes at + 1 .. at + K, each below 2^53) reduced modulo their primes. */
export function reduceLanes(lanes: Float64Array, at: number, basis: ResidueBasis): void {
  const { primes, inv } = basis;
  for (let k = 0; k < primes.length; k++) lanes[at + k + 1] = residueOf(lanes[at + k + 1] as number, primes[k] as number, inv[k] as number);
}

/** A non-negative integer's lanes into `out` from lane 1: itself where below every prime (almost every gate count), else its residues. */
export function residuesOf(g: number, basis: ResidueBasis, out: Float64Array): void {
  const K = basis.lanes;
  if (g < basis.smallest) for (let k = 1; k <= K; k++) out[k] = g;
  else for (let k = 0; k < K; k++) out[k + 1] = residueOf(g, basis.primes[k] as number, basis.inv[k] as number);
}
