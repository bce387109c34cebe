/**
 * The circuit search past two hidden layers: the pairs below the last hidden one are enumerated
 * edge mask by edge mask, row by row, each node's activations computed as its row is chosen, and
 * the last hidden pair is searched with exact bounds from the activations below it.
 */
import { bitList, popcount, subsetList } from './bits.js';
import { coveringCompletions } from './searchTables.js';
import { nodeActs, runLastPair, type UnitSearch } from './unitSearch.js';

/** A pair below the last hidden one: enumerate its edge masks row by row, recurse. */
export function middlePair(s: UnitSearch, l: number): void {
  const lowerMask = s.masks[l - 2] as number;
  const upper = bitList(s.masks[l - 1] as number);
  const options = subsetList(lowerMask);
  const rows = s.rows[l - 1] as Uint32Array;
  rows.fill(0); // rows of nodes that are off in this combo stay empty
  if (upper.length === 0) {
    if (lowerMask === 0) nextPair(s, l);
    return;
  }
  if (l === 2 && s.partTo !== Infinity) {
    s.partAt = 0;
    return partRows(s, upper, options, lowerMask, rows, 0, 0);
  }
  recurseRows(s, l, upper, options, lowerMask, rows, 0, 0);
}

/**
 * recurseRows for the second pair of a part of a unit: a subtree of rows whose valid edge masks
 * all lie outside [partFrom, partTo) is skipped by its count, without computing its activations.
 */
function partRows(s: UnitSearch, upper: Uint8Array, options: Uint32Array, lowerMask: number, rows: Uint32Array, r: number, covered: number): void {
  if (r === upper.length) {
    if (covered !== lowerMask) return;
    s.partAt++;
    return nextPair(s, 2);
  }
  const j = upper[r] as number;
  const p = popcount(lowerMask);
  for (let o = 0; o < options.length && s.partAt < s.partTo; o++) {
    const opt = options[o] as number;
    const masks = coveringCompletions(p, popcount(lowerMask & ~(covered | opt)), upper.length - r - 1);
    if (masks === 0) continue;
    if (s.partAt + masks <= s.partFrom) {
      s.partAt += masks;
      continue;
    }
    rows[j] = opt;
    nodeActs(s, 2, j, opt);
    partRows(s, upper, options, lowerMask, rows, r + 1, covered | opt);
  }
}

function recurseRows(s: UnitSearch, l: number, upper: Uint8Array, options: Uint32Array, lowerMask: number, rows: Uint32Array, r: number, covered: number): void {
  if (r === upper.length) {
    if (covered === lowerMask) nextPair(s, l);
    return;
  }
  const j = upper[r] as number;
  for (let o = 0; o < options.length; o++) {
    const opt = options[o] as number;
    rows[j] = opt;
    nodeActs(s, l, j, opt);
    recurseRows(s, l, upper, options, lowerMask, rows, r + 1, covered | opt);
  }
}

function nextPair(s: UnitSearch, l: number): void {
  if (l + 1 < s.L - 1) return middlePair(s, l + 1);
  const last = l + 1;
  const lowerMask = s.masks[last - 2] as number;
  const upperMask = s.masks[last - 1] as number;
  if (upperMask === 0 || lowerMask === 0 || (s.masks[s.L - 1] as number) === 0) return;
  const options = subsetList(lowerMask);
  s.scratch.fill(s.model, last, s.acts[last - 1] as Float32Array, options, upperMask);
  runLastPair(s, last, s.scratch, options);
}
