/**
 * The number of minimal mappings of a formula without listing them: its mappings are the pairwise
 * disjoint choices of one minimal neuron set per relevant node (two nodes may share a layer, never
 * a neuron), so their number is a sum over the neurons used so far, one node at a time. A network
 * whose output hardly depends on single neurons has millions of such choices per formula; listing
 * them ran a worker out of its heap, counting them takes one map of at most 2^(hidden neurons)
 * entries per node.
 */
import type { FormulaRecord } from './types.js';

/** A neuron set: hidden layer (1-based) and bitmask. */
export interface NeuronSet {
  readonly layer: number;
  readonly mask: number;
}

/** A formula record's number of minimal mappings, listed or counted. */
export function mappingCount(f: FormulaRecord): number {
  return f.minimal_mappings === null ? (f.mappings_count ?? 0) : f.minimal_mappings.length;
}

/** The mappings a search result holds, listed or counted. */
export const totalMappings = (formulas: readonly FormulaRecord[]): number => formulas.reduce((n, f) => n + mappingCount(f), 0);

/** The record with its list dropped and its count kept (a no-op on a counted one). */
export function countedRecord(f: FormulaRecord): FormulaRecord {
  return f.minimal_mappings === null ? f : { formula: f.formula, minimal_mappings: null, mappings_count: f.minimal_mappings.length };
}

/** Formulas as a search bounded by `bound` gives them: listed within it, every one counted past it. */
export function listedWithin(formulas: readonly FormulaRecord[], bound: number): FormulaRecord[] {
  return totalMappings(formulas) > bound ? formulas.map(countedRecord) : [...formulas];
}

/**
 * Pairwise-disjoint choices of one set per node, `options[r]` the sets of node r; `widths[l - 1]`
 * is the width of hidden layer l. Counted by `choicesByNeurons` within 53 bits, by
 * `countByEnumeration` past them.
 */
export function countDisjointChoices(options: readonly (readonly NeuronSet[])[], widths: readonly number[]): number {
  const states = choicesByNeurons(options, widths);
  if (!states) return countByEnumeration(options);
  let total = 0;
  for (const ways of states.values()) total += ways;
  if (!Number.isSafeInteger(total)) throw new RangeError(`a formula's minimal mappings number more than 2^53 (${total}): past what the results carry exactly`);
  return total;
}

/**
 * The pairwise-disjoint choices of one set per node by the neurons they use: used -> choices, with
 * every layer's mask at its own place value of one number (`usedMasks` reads them back). Null
 * when the widths add up to more than 53 bits, where that number is not exact.
 */
export function choicesByNeurons(options: readonly (readonly NeuronSet[])[], widths: readonly number[]): Map<number, number> | null {
  const place = placeValues(widths);
  if (!place) return null;
  let states = new Map<number, number>([[0, 1]]);
  for (const sets of options) {
    const next = new Map<number, number>();
    for (const [used, ways] of states) {
      for (const { layer, mask } of sets) {
        const at = place[layer - 1] as number;
        const inLayer = Math.floor(used / at) % 2 ** (widths[layer - 1] as number);
        if ((inLayer & mask) !== 0) continue;
        const key = used + mask * at;
        next.set(key, (next.get(key) ?? 0) + ways);
      }
    }
    states = next;
    if (states.size === 0) break;
  }
  return states;
}

/** Each hidden layer's place value in a `choicesByNeurons` key; null past 53 bits. */
export function placeValues(widths: readonly number[]): number[] | null {
  const place: number[] = [];
  let bits = 0;
  for (const w of widths) {
    place.push(2 ** bits);
    bits += w;
  }
  return bits > 53 ? null : place;
}

/** The neurons of a `choicesByNeurons` key, as a bitmask per hidden layer (index l - 1). */
export function usedMasks(key: number, widths: readonly number[]): Uint32Array {
  const masks = new Uint32Array(widths.length);
  let rest = key;
  widths.forEach((w, l) => {
    masks[l] = rest % 2 ** w;
    rest = Math.floor(rest / 2 ** w);
  });
  return masks;
}

/**
 * Calls `visit` with every pairwise-disjoint choice of one set per node, in order of the options
 * (`chosen` is one array, overwritten from choice to choice).
 */
export function eachDisjointChoice(options: readonly (readonly NeuronSet[])[], visit: (chosen: readonly NeuronSet[]) => void): void {
  const chosen: NeuronSet[] = [];
  // The neurons chosen so far, per hidden layer (sparse: layers are 1-based and few).
  const used: number[] = [];
  const recurse = (r: number): void => {
    if (r === options.length) return visit(chosen);
    for (const set of options[r] as readonly NeuronSet[]) {
      const before = used[set.layer] ?? 0;
      if ((before & set.mask) !== 0) continue;
      chosen[r] = set;
      used[set.layer] = before | set.mask;
      recurse(r + 1);
      used[set.layer] = before;
    }
  };
  recurse(0);
}

/** The plain count: every choice visited, none kept. The oracle of `countDisjointChoices`. */
export function countByEnumeration(options: readonly (readonly NeuronSet[])[]): number {
  let n = 0;
  eachDisjointChoice(options, () => n++);
  return n;
}
