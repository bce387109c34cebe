/**
 * The candidate circuits of a single-output network: node masks x valid edge masks.
 *
 * Layers are numbered 0 (inputs) .. L (the output). A circuit has a node mask per non-input layer
 * (bit i = node i on; inputs are always on) and, per layer pair l = 1..L (from layer l-1 to l), one
 * row per upper node: the bitmask of lower nodes it receives an edge from.
 *
 * The space is indexed by *units*: a unit is one node-mask combination together with one edge mask
 * of the first pair. Units are the grain of sharding: a slice is a range of unit indices, and the
 * candidates of a unit are every valid completion of the remaining pairs.
 */
import { binomial, nonEmptySubsets, popcount } from './bits.js';

/**
 * Number of valid edge masks between p on lower nodes and q on upper nodes: rows non-empty, every
 * lower node covered (inclusion-exclusion over uncovered lower nodes). N(0, 0) = 1.
 */
export function edgeMaskCount(p: number, q: number): number {
  if (p === 0 || q === 0) return p === q ? 1 : 0;
  let total = 0;
  for (let i = 0; i <= p; i++) total += (i % 2 ? -1 : 1) * binomial(p, i) * (2 ** (p - i) - 1) ** q;
  return total;
}

export interface CircuitSpace {
  readonly layerSizes: readonly number[];
  /** Node-mask combinations: `nodeMasks[c * L + (l - 1)]` is layer l's mask. */
  readonly nodeMasks: Uint32Array;
  readonly combos: number;
  /** First-pair edge masks per layer-1 mask: flattened rows, n1 rows per mask. */
  firstPairMasks(layer1Mask: number): Uint32Array;
  /** `unitStart[c]`: index of combo c's first unit; length combos + 1. */
  readonly unitStart: Float64Array;
  /** Candidates in one unit of combo c (product over pairs 2..L). */
  readonly candidatesPerUnit: Float64Array;
  readonly units: number;
  readonly candidates: number;
}

/** Every on/off combination of the non-input layers except all-on, with the sparsity filter. */
export function nodeMaskCombos(layerSizes: readonly number[], minSparsity: number): Uint32Array {
  const L = layerSizes.length - 1;
  const widths = layerSizes.slice(1);
  const hidden = widths.slice(0, -1).reduce((a, b) => a + b, 0);
  const totalBits = widths.reduce((a, b) => a + b, 0);
  if (totalBits > 40) throw new RangeError(`circuit space too large: ${totalBits} non-input nodes`);
  const out: number[] = [];
  const masks = new Array<number>(L).fill(0);
  const full = widths.map((w) => 2 ** w - 1);
  const recurse = (l: number, offHidden: number): void => {
    if (l === L) {
      if (masks.every((m, i) => m === full[i])) return;
      if (minSparsity > 0 && !(offHidden / hidden > minSparsity)) return;
      out.push(...masks);
      return;
    }
    const w = widths[l] as number;
    for (let m = 0; m <= (full[l] as number); m++) {
      masks[l] = m;
      recurse(l + 1, l < L - 1 ? offHidden + w - popcount(m) : offHidden);
    }
  };
  recurse(0, 0);
  return Uint32Array.from(out);
}

/** Valid edge masks of a pair as flattened rows (nUpper rows each), lower mask fixed. */
export function edgeMasksOf(lowerMask: number, upperMask: number, nUpper: number): Uint32Array {
  const upper: number[] = [];
  for (let j = 0; j < nUpper; j++) if ((upperMask >>> j) & 1) upper.push(j);
  if (lowerMask === 0 || upper.length === 0) {
    return lowerMask === 0 && upper.length === 0 ? new Uint32Array(nUpper) : new Uint32Array(0);
  }
  const options = nonEmptySubsets(lowerMask);
  const out: number[] = [];
  const rows = new Array<number>(nUpper).fill(0);
  const recurse = (r: number, covered: number): void => {
    if (r === upper.length) {
      if (covered === lowerMask) out.push(...rows);
      return;
    }
    for (const opt of options) {
      rows[upper[r] as number] = opt;
      recurse(r + 1, covered | opt);
    }
  };
  recurse(0, 0);
  return Uint32Array.from(out);
}

/**
 * The last spaces built, by shape and filter: every slice of a network builds its space again, and
 * past two hidden layers that took 11-30 ms of a 20-60 ms part of a unit (8 191 node-mask combos
 * for [2, 3, 3, 3, 3, 1]). Spaces are never written once built, so sharing one is safe.
 */
const recentSpaces = new Map<string, CircuitSpace>();
const RECENT_SPACES = 4;

export function circuitSpace(layerSizes: readonly number[], minSparsity: number): CircuitSpace {
  const key = `${layerSizes.join(',')}/${minSparsity}`;
  let space = recentSpaces.get(key);
  if (!space) {
    space = buildSpace(layerSizes.slice(), minSparsity);
    if (recentSpaces.size >= RECENT_SPACES) recentSpaces.delete(recentSpaces.keys().next().value as string);
    recentSpaces.set(key, space);
  }
  return space;
}

function buildSpace(layerSizes: readonly number[], minSparsity: number): CircuitSpace {
  const L = layerSizes.length - 1;
  const n0 = layerSizes[0] as number;
  const n1 = layerSizes[1] as number;
  const nodeMasks = nodeMaskCombos(layerSizes, minSparsity);
  const combos = nodeMasks.length / L;
  const firstCache = new Map<number, Uint32Array>();
  const firstPairMasks = (m1: number): Uint32Array => {
    let masks = firstCache.get(m1);
    if (!masks) firstCache.set(m1, (masks = edgeMasksOf(2 ** n0 - 1, m1, n1)));
    return masks;
  };
  const unitStart = new Float64Array(combos + 1);
  const candidatesPerUnit = new Float64Array(combos);
  let candidates = 0;
  for (let c = 0; c < combos; c++) {
    let per = 1;
    for (let l = 2; l <= L; l++) {
      per *= edgeMaskCount(popcount(nodeMasks[c * L + l - 2] as number), popcount(nodeMasks[c * L + l - 1] as number));
    }
    const firstCount = per === 0 ? 0 : edgeMaskCount(n0, popcount(nodeMasks[c * L] as number));
    candidatesPerUnit[c] = per;
    unitStart[c + 1] = (unitStart[c] as number) + firstCount;
    candidates += firstCount * per;
  }
  return { layerSizes, nodeMasks, combos, firstPairMasks, unitStart, candidatesPerUnit, units: unitStart[combos] as number, candidates };
}

/** The combo that holds unit u (binary search over unitStart). */
export function comboOfUnit(space: CircuitSpace, u: number): number {
  let lo = 0;
  let hi = space.combos - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((space.unitStart[mid] as number) <= u) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Split the unit range into `n` contiguous slices of about equal candidate counts. Stable: it
 * depends only on the space and n. Returns n + 1 boundaries.
 */
export function sliceBoundaries(space: CircuitSpace, n: number): number[] {
  const bounds = [0];
  let acc = 0;
  let c = 0;
  for (let s = 1; s < n; s++) {
    const target = (space.candidates * s) / n;
    let u = bounds[s - 1] as number;
    while (u < space.units) {
      while ((space.unitStart[c + 1] as number) <= u) c++;
      if (acc >= target) break;
      acc += space.candidatesPerUnit[c] as number;
      u++;
    }
    bounds.push(u);
  }
  bounds.push(space.units);
  return bounds;
}
