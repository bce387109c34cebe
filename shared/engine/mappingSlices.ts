/**
 * The what-then-where search split into slices whose results merge back exactly.
 *
 * Decomposition: contiguous ranges of candidate-formula indices (the order of
 * `candidateFormulas`). A candidate's kept formula and its minimal mappings depend on that
 * candidate alone: minimality compares mappings of one formula, node by node within one hidden
 * layer, never across formulas. So a slice never needs another slice's valid sets, and the merge
 * is concatenation in slice order (every formula counted, none listed, when the output's mappings
 * pass its listing bound, as the whole search does). Two things a finer split would have to
 * reconcile stay whole:
 * - the formula-independent IIA bitmasks of the network (`networkIiaBits`) are recomputed by each
 *   slice; they cost one intervened forward pass per (pair, hidden neuron set): 0.5 ms at k = 6,
 *   60-90 ms at k = 12 (`sliceOverhead` below), against the negation search per candidate that
 *   dominates deep searches (0.8 s of 0.9 s for a [2,3,3,1] network at depth 4);
 * - a formula's combinations of minimal sets are built in one slice, since splitting them by
 *   neuron sets would move the disjoint-combination step (the output itself) into the merge.
 *
 * `formulasChecked` adds up because no two candidates yield the same formula text: deleting every
 * `¬` from the kept formula's text gives the candidate's text, or `(` + it + `)` when the root was
 * negated, and a candidate's text is never a whole parenthesised formula (its first `(` closes at
 * its left operand). The per-slice duplicate check of `searchCandidates` therefore never fires
 * across slices either; formulas.test.ts checks the distinct texts for every gate.
 *
 * Slices cover equal counts of candidates. Per-candidate work is uneven (the first negation subset
 * can take many tries), but not predictably so from the tree's shape: weighting by node count
 * balanced the measured slices no better than plain counts.
 */
import { candidateCount, candidateSizes } from './formulas.js';
import { countedRecord, totalMappings } from './mappingCount.js';
import { iiaPairs, MAX_MINIMAL_MAPPINGS, searchCandidates, type MappingSearchResult } from './mappingSearch.js';
import type { FormulaRecord, IiaPairs, NetworkModel } from './types.js';

/** Slice `index` of `of` (0 <= index < of). */
export interface MappingSlice {
  readonly index: number;
  readonly of: number;
}

/** What one slice found: plain data (numbers, strings, arrays), safe to serialise. */
export interface MappingSlicePart {
  readonly index: number;
  readonly of: number;
  /** The search it belongs to, checked by the merge (the network itself is the caller's to match). */
  readonly gateTable: number;
  readonly maxDepth: number;
  readonly mode: IiaPairs;
  /** Candidate indices start..end-1 of `candidates` in all. */
  readonly start: number;
  readonly end: number;
  readonly candidates: number;
  /** Candidates in this range for which some negation subset computes the gate. */
  readonly formulasChecked: number;
  /** This range's formulas that have at least one minimal mapping, in candidate order. */
  readonly formulas: FormulaRecord[];
}

export class MappingSliceError extends RangeError {
  override readonly name = 'MappingSliceError';
}

/*
 * Work is counted in neuron-set checks: one hidden neuron set compared for one relevant node (about
 * 2 ns on the 2-core development machine, Node 20). The other costs were fitted against it on random
 * networks of widths 3..16 and depths 2..4, to within about 1.5x; the negation search also varies
 * 3x between gates (0.26 s for NIMP, 0.89 s for XOR at depth 4), which no estimate can see.
 */
/** The first-negation search of one candidate, per (node count)^3: its tries grow with the tree. */
const NEGATION_WEIGHT = 6;
/** One intervened forward pass for the network's IIA masks: setup, then per multiply-add. */
const FORWARD_CALL = 100;
const FORWARD_MULT = 3;

/** A planner's view of the mapping space, without running the search. */
export interface MappingSpaceSize {
  /** Candidate formulas, the slice grain (7654 at depth 4, 88 at 3, 10 at 2 with two inputs). */
  readonly candidates: number;
  /** Estimated work of the whole search, in neuron-set checks. */
  readonly work: number;
  /** Work every slice repeats: the network's IIA masks, one forward pass per (pair, neuron set). */
  readonly sliceOverhead: number;
}

/**
 * Per candidate: its negation search (network-independent; most of the work at depth 4) and one
 * scan of every hidden neuron set per relevant node (counted as its internal nodes, as if every
 * candidate computed the gate: 7310 of 7654 do for XOR at depth 4). Cheap: no formula is built.
 */
export function mappingSpaceSize(layerSizes: readonly number[], maxDepth: number, mode: IiaPairs): MappingSpaceSize {
  const hidden = layerSizes.slice(1, -1);
  const neuronSets = hidden.reduce((n, w) => n + 2 ** w - 1, 0);
  const pairs = iiaPairs(2 ** (layerSizes[0] as number), mode).length;
  let sliceOverhead = 0;
  hidden.forEach((w, hi) => {
    let mults = 0;
    for (let l = hi + 1; l < layerSizes.length - 1; l++) mults += (layerSizes[l] as number) * (layerSizes[l + 1] as number);
    sliceOverhead += (2 ** w - 1) * pairs * (FORWARD_CALL + FORWARD_MULT * mults);
  });
  const sizes = candidateSizes(layerSizes[0] as number, maxDepth);
  let work = sliceOverhead;
  for (const nodes of sizes) work += NEGATION_WEIGHT * nodes ** 3 + ((nodes - 1) / 2) * neuronSets;
  return { candidates: sizes.length, work, sliceOverhead };
}

/** `of + 1` candidate-index boundaries: slice i covers bounds[i]..bounds[i+1]-1. Stable. */
export function mappingSliceBoundaries(units: number, of: number): number[] {
  if (!(Number.isInteger(of) && of >= 1)) throw new MappingSliceError(`slice count must be a positive integer, got ${of}`);
  return Array.from({ length: of + 1 }, (_, i) => Math.floor((units * i) / of));
}

/** One slice's search; past `listBound` minimal mappings it counts them instead of listing. */
export function mappingSearchSlice(model: NetworkModel, gateTable: number, maxDepth: number, mode: IiaPairs, slice: MappingSlice, listBound = MAX_MINIMAL_MAPPINGS): MappingSlicePart {
  const { index, of } = slice;
  if (!(Number.isInteger(of) && of >= 1)) throw new MappingSliceError(`slice count must be a positive integer, got ${of}`);
  if (!(Number.isInteger(index) && index >= 0 && index < of)) throw new MappingSliceError(`slice index must be an integer in [0, ${of - 1}], got ${index}`);
  const candidates = candidateCount(model.layerSizes[0] as number, maxDepth);
  const bounds = mappingSliceBoundaries(candidates, of);
  const start = bounds[index] as number;
  const end = bounds[index + 1] as number;
  const { formulasChecked, formulas } = start < end ? searchCandidates(model, gateTable, maxDepth, mode, start, end, listBound) : { formulasChecked: 0, formulas: [] };
  return { index, of, gateTable, maxDepth, mode, start, end, candidates, formulasChecked, formulas };
}

function splitOf(p: MappingSlicePart): string {
  return `${p.of} slices of ${p.candidates} candidates, depth ${p.maxDepth}, gate table ${p.gateTable}, ${p.mode} pairs`;
}

/**
 * `mappingSearch`'s result from all `of` parts of one split, in any order. Throws when a part is
 * missing, repeated, or from another split: a partial merge would be a wrong count, not a smaller one.
 */
export function mergeMappingSlices(parts: readonly MappingSlicePart[], bound = MAX_MINIMAL_MAPPINGS): MappingSearchResult {
  const first = parts[0];
  if (!first) throw new MappingSliceError('no slices to merge: expected every part of one split');
  const sorted = [...parts].sort((a, b) => a.index - b.index);
  let next = 0;
  sorted.forEach((p, i) => {
    if (splitOf(p) !== splitOf(first) || !(p.index >= 0 && p.index < p.of)) {
      throw new MappingSliceError(`slice ${p.index} is not from the split of slice ${first.index}: got ${splitOf(p)}, expected ${splitOf(first)}`);
    }
    if (p.index !== i) throw new MappingSliceError(`slice ${p.index < i ? p.index : i} of ${first.of} is ${p.index < i ? 'repeated' : 'missing'}`);
    if (p.start !== next || p.end < p.start) throw new MappingSliceError(`slice ${i} covers candidates ${p.start}..${p.end - 1}, expected it to start at ${next}`);
    next = p.end;
  });
  if (sorted.length < first.of) throw new MappingSliceError(`slice ${sorted.length} of ${first.of} is missing`);
  if (next !== first.candidates) throw new MappingSliceError(`slices cover candidates 0..${next - 1}, expected 0..${first.candidates - 1}`);
  const formulasChecked = sorted.reduce((n, p) => n + p.formulasChecked, 0);
  const formulas = sorted.flatMap((p) => p.formulas);
  const total = totalMappings(formulas);
  if (total > bound) return { formulasChecked, formulas: formulas.map(countedRecord) };
  const counted = sorted.find((p) => !isListed(p));
  if (counted) throw new MappingSliceError(`slice ${counted.index} of ${first.of} counted its mappings, but the output's ${total} are within the listing bound: it must be run again with the whole bound`);
  return { formulasChecked, formulas };
}

/** Whether a part lists every formula's mappings (a slice past its share counts them). */
export const isListed = (p: MappingSlicePart): boolean => p.formulas.every((f) => f.minimal_mappings !== null);

/**
 * The share of an output's listing `bound` each of `of` slices lists at most, so that what travels
 * in the first pass adds up to about the bound; an output within the bound whose slices passed
 * their share runs them again with the whole bound (coordinator/networkSlices.ts).
 */
export const mappingListShare = (bound: number, of: number): number => Math.ceil(bound / of);
