/**
 * A group walk's sum (groupWalk.ts) over the listed nodes' joint choices at one live state of
 * their product times W: one float64 for the float DP (lastNodeSums.ts), every lane for the
 * residue DP (lastNodeResidues.ts). Free functions over the walk, so that both DPs share one
 * walk class and neither carries the other's sum.
 */
import type { TableNode } from './circuitTables.js';
import type { GroupWalk } from './groupWalk.js';
import { residuesOf, TWO_53 } from './residueLanes.js';
import { mulMod, residueOf, type ResidueBasis } from './residues.js';


/** listedLanes: a gate count passed 2^53 (its residues would not be exact). */
export const PRODUCT_PAST_53 = -1;
/** listedLanes: a W passed 2^53, whose sum over the output's tables a float64 may not hold: the plain steps take the circuit. */
export const W_PAST_53 = -2;

/** The sum over the listed nodes' joint choices at the i-th live state of their product times W at `tail`. */
export function listedSum(walk: GroupWalk, i: number, layer: readonly TableNode[], out: TableNode, tail: number): number {
  const start = walk.jointsAt(i, layer);
  const { products: jointProducts, rows: jointRows, length } = walk.joints;
  const end = start + (length[i] as number);
  let sum = 0;
  for (let k = start; k < end; k++) {
    const w = walk.w.get(layer, out, jointRows[k] as number, tail);
    if (w !== 0) sum += (jointProducts[k] as number) * w;
  }
  return sum;
}

/**
 * The same into `into` from `at`, every lane (approximation, then one residue per prime; `one` and
 * `other` scratch of as many lanes): how many choices, or PRODUCT_PAST_53 / W_PAST_53. Products
 * past 2^53 taken factor by factor are counted in `stats.factored`.
 */
export function listedLanes(walk: GroupWalk, i: number, layer: readonly TableNode[], out: TableNode, tail: number, basis: ResidueBasis, into: Float64Array, at: number, one: Float64Array, other: Float64Array, stats: { factored: number }): number {
  const W = basis.lanes + 1;
  const { primes, inv } = basis;
  const start = walk.jointsAt(i, layer);
  const { products: jointProducts, rows: jointRows, length } = walk.joints;
  const n = length[i] as number;
  for (let lane = 0; lane < W; lane++) into[at + lane] = 0;
  // A product times w below every prime is its own residue in every lane: such terms are summed
  // in one float64 and added to the lanes once. A state has at most W's 2^16 rows (outputWMemo.ts),
  // so either sum stays below 2^42.
  let small = 0;
  for (let k = start; k < start + n; k++) {
    const product = jointProducts[k] as number;
    const w = walk.w.get(layer, out, jointRows[k] as number, tail);
    if (w === 0) continue;
    if (w >= TWO_53) return W_PAST_53;
    const pw = product * w;
    into[at] = (into[at] as number) + pw;
    if (pw < basis.smallest) {
      small += pw;
      continue;
    }
    if (product < TWO_53) residuesOf(product, basis, one);
    else if (productResidues(walk, i, layer, jointRows[k] as number, basis, one)) stats.factored++;
    else return PRODUCT_PAST_53;
    residuesOf(w, basis, other);
    for (let lane = 1; lane < W; lane++) {
      const p = primes[lane - 1] as number;
      into[at + lane] = (into[at + lane] as number) + mulMod(one[lane] as number, other[lane] as number, p, inv[lane - 1] as number);
    }
  }
  for (let lane = 1; lane < W; lane++) into[at + lane] = residueOf((into[at + lane] as number) + small, primes[lane - 1] as number, inv[lane - 1] as number);
  return n;
}

/**
 * Into `one`'s lanes, the residues of the product of the listed nodes' gate counts at W's row `row`
 * at the i-th live state, factor by factor: past 2^53 the product's float64 is rounded (on PARITY
 * [3, 5, 5, 1] a slice's circuits that met one had gone to the odometer's way, two fifths of its
 * time). False where a gate count itself passes 2^53.
 */
function productResidues(walk: GroupWalk, i: number, layer: readonly TableNode[], row: number, basis: ResidueBasis, one: Float64Array): boolean {
  const K = basis.lanes;
  const { primes, inv } = basis;
  const { stride } = walk.w;
  for (let k = 1; k <= K; k++) one[k] = 1;
  for (let r = 0; r < walk.listed; r++) {
    const node = layer[r] as TableNode;
    const g = walk.countOf(i, r, node, Math.floor(row / (stride[r] as number)) % node.tables.length);
    if (g >= TWO_53) return false;
    for (let k = 1; k <= K; k++) {
      const p = primes[k - 1] as number;
      one[k] = mulMod(one[k] as number, residueOf(g, p, inv[k - 1] as number), p, inv[k - 1] as number);
    }
  }
  return true;
}
