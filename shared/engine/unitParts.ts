/**
 * Parts of one unit of a circuit space (evaluateCircuits.ts `firstRows`): the grain below a unit.
 *
 * A unit fixes the node masks and the first pair's rows; the second pair's rows are its outermost
 * choice. With two hidden layers that pair is the last hidden one, searched with bounds row by row,
 * so a part is a range of its first row's options. Past two hidden layers the second pair is
 * enumerated mask by mask, so a part is a range of its valid edge masks, each with the same
 * candidates above it.
 */
import { popcount, subsetList } from './bits.js';
import { edgeMaskCount, type CircuitSpace } from './circuitSpace.js';
import { coveringCompletions } from './searchTables.js';

/** Parts a unit of combo c can be cut into (evaluateCircuits' `firstRows`); 1 below two hidden layers. */
export function unitParts(space: CircuitSpace, c: number): number {
  const L = space.layerSizes.length - 1;
  if (L < 3) return 1;
  const m1 = popcount(space.nodeMasks[c * L] as number);
  return L === 3 ? 2 ** m1 - 1 : edgeMaskCount(m1, popcount(space.nodeMasks[c * L + 1] as number));
}

/**
 * Candidates of a part of a unit of combo c (evaluateCircuits' `firstRows`). With two hidden
 * layers, for each first second-layer row, the rows of the other on nodes that cover the first
 * layer's nodes it leaves uncovered (the output's one row is fixed); past two, each second-pair
 * edge mask has the same candidates. The parts of a unit sum to its candidates.
 */
export function partCandidates(space: CircuitSpace, c: number, [from, to]: readonly [number, number]): number {
  const L = space.layerSizes.length - 1;
  const per = space.candidatesPerUnit[c] as number;
  if (L > 3) {
    const masks = unitParts(space, c);
    return per === 0 ? 0 : (per / masks) * Math.max(0, Math.min(to, masks) - from);
  }
  const m1 = space.nodeMasks[c * 3] as number;
  const nodes = popcount(space.nodeMasks[c * 3 + 1] as number);
  if (per === 0 || nodes === 0) return 0;
  const options = subsetList(m1);
  let total = 0;
  for (let o = from; o < Math.min(to, options.length); o++) total += coveringCompletions(popcount(m1), popcount(m1 & ~(options[o] as number)), nodes - 1);
  return total;
}
