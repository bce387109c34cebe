/**
 * What-then-where: for each candidate formula that computes the gate, the inclusion-minimal
 * mappings of its relevant high-level nodes onto neuron sets with interchange intervention
 * accuracy 1 on the full single-output network.
 *
 * Validity of a neuron set does not depend on the formula, only on the pair list: the network's
 * intervened outputs are computed once per (hidden layer, neuron set) as a bitset over the IIA
 * pairs and shared by every formula and node. With 2 inputs a bitset is one 32-bit word; with 3 or
 * 4 inputs (28 to 240 pairs) it spans several.
 */
import { bitIndices, popcount } from './bits.js';
import { countDisjointChoices, eachDisjointChoice, type NeuronSet } from './mappingCount.js';
import { formulaTable, formulaText, maxFormulaDepth, numberNodes, variableTable, type FormulaNode } from './formulas.js';
import { firstNegations } from './negationSearch.js';
import { activationOf, forwardAll, neuron } from './network.js';
import type { FormulaRecord, IiaPairs, Mapping, NetworkModel } from './types.js';

export interface IiaPair {
  readonly source: number;
  readonly base: number;
}

/** Lexicographic: source i < base j. All pairs: every ordered pair of distinct samples. */
export function iiaPairs(samples: number, mode: IiaPairs): IiaPair[] {
  const pairs: IiaPair[] = [];
  for (let i = 0; i < samples; i++) {
    for (let j = 0; j < samples; j++) {
      if (mode === 'lexicographic' ? i < j : i !== j) pairs.push({ source: i, base: j });
    }
  }
  return pairs;
}

/** Clean input of sample s (A most significant). */
function sampleInput(s: number, nIn: number): number[] {
  return Array.from({ length: nIn }, (_, i) => (s >>> (nIn - 1 - i)) & 1);
}

/** Output > 0.5 of the base run with `neurons` of hidden layer h set to their source values. */
function intervenedBit(model: NetworkModel, source: Float32Array[], base: Float32Array[], h: number, neurons: number): boolean {
  let cur = Float32Array.from(base[h] as Float32Array);
  for (const i of bitIndices(neurons)) cur[i] = (source[h] as Float32Array)[i] as number;
  for (let l = h; l < model.layerSizes.length - 1; l++) {
    const nIn = model.layerSizes[l] as number;
    const nOut = model.layerSizes[l + 1] as number;
    const next = new Float32Array(nOut);
    for (let o = 0; o < nOut; o++) {
      next[o] = neuron(model.weights[l] as Float32Array, o, nIn, cur, (model.biases[l] as Float32Array)[o] as number, 2 ** nIn - 1, activationOf(model, l));
    }
    cur = next;
  }
  return (cur[0] as number) > 0.5;
}

/**
 * Pair outcomes as bitsets: bit k (word k >> 5, bit k & 31) for IIA pair k, `words` 32-bit words per
 * set. Two inputs have 6 or 12 pairs (one word); three have 28 or 56, four 120 or 240.
 */
export interface PairBits {
  readonly words: number;
  /** bits[h - 1][S * words + w]: word w of hidden layer h's neuron set S. */
  readonly bits: Uint32Array[];
}

export function pairWords(pairs: number): number {
  return Math.max(1, Math.ceil(pairs / 32));
}

/** For hidden layer h and neuron set S: bit k set when pair k's intervened output is 1. */
export function networkIiaBits(model: NetworkModel, pairs: IiaPair[]): PairBits {
  const nIn = model.layerSizes[0] as number;
  const words = pairWords(pairs.length);
  const runs = Array.from({ length: 2 ** nIn }, (_, s) => forwardAll(model, sampleInput(s, nIn)));
  const hidden = model.layerSizes.slice(1, -1);
  const bits = hidden.map((width, hi) => {
    const out = new Uint32Array(2 ** width * words);
    for (let S = 1; S < 2 ** width; S++) {
      pairs.forEach((p, k) => {
        if (intervenedBit(model, runs[p.source] as Float32Array[], runs[p.base] as Float32Array[], hi + 1, S)) {
          const at = S * words + (k >>> 5);
          out[at] = (out[at] as number) | (1 << (k & 31));
        }
      });
    }
    return out;
  });
  return { words, bits };
}

/** The formula's expected outputs over the pairs with node v forced to its source value. */
function formulaIiaBits(f: FormulaNode['node'], root: FormulaNode['node'], vars: number[], all: number, pairs: IiaPair[], words: number): Uint32Array {
  const vTable = formulaTable(f, vars, all);
  const forced = [formulaTable(root, vars, all, f, 0), formulaTable(root, vars, all, f, 1)];
  const b = new Uint32Array(words);
  pairs.forEach((p, k) => {
    const value = (vTable >>> p.source) & 1;
    if (((forced[value] as number) >>> p.base) & 1) b[k >>> 5] = (b[k >>> 5] as number) | (1 << (k & 31));
  });
  return b;
}

/** Whether set S's pair outcomes are `want`, word by word. */
function sameBits(bits: Uint32Array, S: number, want: Uint32Array, words: number): boolean {
  for (let w = 0; w < words; w++) if (bits[S * words + w] !== want[w]) return false;
  return true;
}

/** Inclusion-minimal valid sets of one node. */
function minimalSets(net: PairBits, want: Uint32Array): NeuronSet[] {
  const out: NeuronSet[] = [];
  const { words } = net;
  net.bits.forEach((bits, hi) => {
    const valid: number[] = [];
    const sets = bits.length / words;
    for (let S = 1; S < sets; S++) if (sameBits(bits, S, want, words)) valid.push(S);
    valid.sort((a, b) => popcount(a) - popcount(b) || a - b);
    const minimal: number[] = [];
    for (const S of valid) if (!minimal.some((m) => (m & S) === m)) minimal.push(S);
    for (const mask of minimal) out.push({ layer: hi + 1, mask });
  });
  return out;
}

/**
 * Minimal mappings one output's search lists at most; past it they are counted, not listed.
 * Trained networks have few (54 for the paper's XOR k = 3 network, 794 at k = 6, 128 at depth 4);
 * a network whose output ignores its neurons (a constant task, a random network) makes every
 * singleton valid for every node, and the disjoint combinations of a depth-4 formula's nodes then
 * ran a worker out of its 4 GB heap (a million of them held 2.9 GB; half a million 1.3 GB, reached
 * in 5.7 s). Trained networks pass it too: an OR network of three hidden layers of 3 (a study's
 * seed 1200, formulas to depth 4) has more. A random untrained network of the outside check listed
 * 114 096 (in 2.0 s, 387 MB): under the bound.
 */
export const MAX_MINIMAL_MAPPINGS = 500_000;

/**
 * Minimal mappings an output lists under a list limit (kept circuits and minimal mappings are
 * bounded alike, `--list-limit`), never past MAX_MINIMAL_MAPPINGS (the cap for a limit of Infinity).
 */
export const mappingListBound = (listLimit: number): number => Math.min(listLimit, MAX_MINIMAL_MAPPINGS);

/**
 * An output's minimal mappings passed MAX_MINIMAL_MAPPINGS and are counted, where a caller needs
 * them listed (joint-iia past 53 hidden neurons, mappingCriteria.ts): not retryable, a fact of the
 * network.
 */
export class TooManyMappings extends Error {
  override readonly name = 'TooManyMappings';
  readonly code = 'TOO_MANY_MAPPINGS';
  readonly retryable = false;
  /** `total`: the output's minimal mappings, counted. */
  constructor(total: number, limit: number) {
    // What to change is the caller's to say (cli/flags.ts tooManyMappingsError): a study's record has no flags to name.
    super(`more than ${limit} minimal mappings (${total} in all): past that they are counted, not listed, and joint-iia counts them only in networks of at most 53 hidden neurons (a network whose output hardly depends on single neurons, or a deep formula over many of them, has that many mappings)`);
  }
}

/** Pairwise-disjoint combinations of each node's minimal sets, `expected` of them. */
function combineMappings(keys: string[], options: NeuronSet[][], expected: number): Mapping[] {
  const out: Mapping[] = [];
  eachDisjointChoice(options, (chosen) => out.push(mappingOf(keys, chosen)));
  if (out.length !== expected) throw new Error(`listed ${out.length} minimal mappings where ${expected} were counted`);
  return out;
}

/** The mapping of one choice of a set per node (`keys`: the nodes' keys, in the same order). */
export function mappingOf(keys: readonly string[], chosen: readonly NeuronSet[]): Mapping {
  const m: Mapping = {};
  keys.forEach((k, i) => {
    const set = chosen[i] as NeuronSet;
    m[k] = { [String(set.layer)]: bitIndices(set.mask) };
  });
  return m;
}

export interface MappingSearchResult {
  readonly formulasChecked: number;
  readonly formulas: FormulaRecord[];
}

/** The minimal sets of every formula a search found, by formula text, under one IIA pair mode. */
export interface FormulaSets {
  readonly mode: IiaPairs;
  readonly formulas: ReadonlyMap<string, SearchedFormula>;
}

/**
 * A search's result with its formulas' minimal sets: the criteria judge a formula from its sets
 * (joint-iia prunes node by node, counted or listed alike), so a caller in the same process hands
 * them over instead of searching again (`formulaOptions`). The sets never travel: a shard's result
 * is the plain result.
 */
export interface SearchWithSets extends MappingSearchResult {
  readonly sets: FormulaSets;
}

/** Relevant nodes: nodes with children, except the root and the child of each NOT node. */
export function relevantNodes(f: FormulaNode['node']): FormulaNode[] {
  return numberNodes(f).filter((n) => n.node.op !== 'var' && !n.isRoot && !n.parentIsNot);
}

/**
 * The search over candidates start..end-1 of `candidateFormulas(nVars, maxDepth)`: each candidate's
 * formula and mappings depend on nothing outside it, so any split of the index range concatenates
 * back to the whole search (mappingSlices.ts) once every formula is listed, or every one counted.
 * Every formula's mappings are counted first (holding only its nodes' minimal sets), and the
 * formulas are listed only when the search's total is within `bound` (the output's listing bound,
 * or a slice's share of it): past it no mapping is built. Listing the first formulas up to the
 * bound and dropping them once it was passed built up to 500 000 mappings for nothing (10 s and
 * 1.8 GB for an OR network of 7.5 million under joint-iia, most of it collecting them).
 */
export function searchCandidates(model: NetworkModel, gateTable: number, maxDepth: number, mode: IiaPairs, start: number, end: number, bound = MAX_MINIMAL_MAPPINGS): MappingSearchResult {
  const { formulasChecked, formulas } = searchKeepingSets(model, gateTable, maxDepth, mode, start, end, bound);
  return { formulasChecked, formulas };
}

function searchKeepingSets(model: NetworkModel, gateTable: number, maxDepth: number, mode: IiaPairs, start: number, end: number, bound: number): SearchWithSets {
  let formulasChecked = 0;
  const found: { searched: SearchedFormula; count: number }[] = [];
  const widths = model.layerSizes.slice(1, -1);
  let total = 0;
  for (const searched of searchedFormulas(model, gateTable, maxDepth, mode, start, end)) {
    formulasChecked++;
    const count = countDisjointChoices(searched.options, widths);
    if (count === 0) continue;
    found.push({ searched, count });
    total += count;
  }
  // Every formula is counted before any is listed: past the bound none is built.
  const counted = total > bound;
  const formulas = found.map(({ searched: { text, keys, options }, count }): FormulaRecord => (counted ? { formula: text, minimal_mappings: null, mappings_count: count } : { formula: text, minimal_mappings: combineMappings(keys, options, count) }));
  return { formulasChecked, formulas, sets: { mode, formulas: new Map(found.map(({ searched }) => [searched.text, searched])) } };
}

/** A formula that computes the gate, and the minimal neuron sets of each of its relevant nodes. */
export interface SearchedFormula {
  readonly text: string;
  readonly formula: FormulaNode['node'];
  /** The relevant nodes' keys in a mapping ("text id"), in the order of `options`. */
  readonly keys: string[];
  readonly options: NeuronSet[][];
}

/**
 * Each distinct formula among candidates start..end-1 that computes the gate, in search order, with
 * its nodes' minimal sets (computed only for the formulas `wanted` accepts; empty for the others).
 */
function* searchedFormulas(model: NetworkModel, gateTable: number, maxDepth: number, mode: IiaPairs, start: number, end: number, wanted: (text: string) => boolean = () => true): Generator<SearchedFormula> {
  const nVars = model.layerSizes[0] as number;
  const all = 2 ** 2 ** nVars - 1;
  if (!(Number.isInteger(gateTable) && gateTable >= 0 && gateTable <= all)) throw new RangeError(`gate table ${gateTable} is not a table over the ${2 ** nVars} patterns of ${nVars} inputs`);
  if (maxDepth > maxFormulaDepth(nVars)) throw new RangeError(`formula depth ${maxDepth} with ${nVars} inputs: at most ${maxFormulaDepth(nVars)}`);
  const vars = Array.from({ length: nVars }, (_, v) => variableTable(v, nVars));
  const pairs = iiaPairs(2 ** nVars, mode);
  const netBits = networkIiaBits(model, pairs);
  const seen = new Set<string>();
  for (const f of firstNegations(nVars, maxDepth, gateTable, start, end)) {
    if (!f) continue;
    const text = formulaText(f);
    if (seen.has(text)) continue;
    seen.add(text);
    const nodes = relevantNodes(f);
    const options = wanted(text) ? nodes.map((n) => minimalSets(netBits, formulaIiaBits(n.node, f, vars, all, pairs, netBits.words))) : [];
    yield { text, formula: f, keys: nodes.map((n) => `${n.text} ${n.id}`), options };
  }
}

/**
 * The formulas `texts` (as the search reports them) with the minimal sets of each relevant node,
 * searched again: what counts a criterion over mappings that were counted, not listed.
 */
export function formulaOptions(model: NetworkModel, gateTable: number, maxDepth: number, mode: IiaPairs, texts: ReadonlySet<string>): Map<string, SearchedFormula> {
  const out = new Map<string, SearchedFormula>();
  for (const searched of searchedFormulas(model, gateTable, maxDepth, mode, 0, Infinity, (t) => texts.has(t))) {
    if (texts.has(searched.text)) out.set(searched.text, searched);
    if (out.size === texts.size) break;
  }
  return out;
}

export function mappingSearch(model: NetworkModel, gateTable: number, maxDepth: number, mode: IiaPairs, bound = MAX_MINIMAL_MAPPINGS): MappingSearchResult {
  return searchCandidates(model, gateTable, maxDepth, mode, 0, Infinity, bound);
}

/** `mappingSearch`, keeping its formulas' minimal sets for the criteria (`SearchWithSets`). */
export function mappingSearchWithSets(model: NetworkModel, gateTable: number, maxDepth: number, mode: IiaPairs, bound = MAX_MINIMAL_MAPPINGS): SearchWithSets {
  return searchKeepingSets(model, gateTable, maxDepth, mode, 0, Infinity, bound);
}
