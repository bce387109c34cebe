/**
 * Fast circuit search over a range of units of a circuit space (see circuitSpace.ts).
 *
 * Incremental: layer activations of the outer pairs are computed once and reused by every inner
 * choice. The last hidden pair is tabulated once per state of the layer below it (rowTables.ts)
 * and searched with exact bounds (outputSearch.ts), which prunes or accepts whole subtrees of
 * edge rows without evaluating their leaves. With two hidden layers the layer below is fixed by
 * the unit's first-pair edge mask, so its tables are cached across the node-mask combos that
 * share the first layer's mask.
 */
import { bitList, popcount, subsetList } from './bits.js';
import type { CircuitSpace } from './circuitSpace.js';
import { comboOfUnit } from './circuitSpace.js';
import { partCandidates } from './unitParts.js';
import { activationOf, preActivation } from './network.js';
import type { BulkCount } from './bulkCount.js';
import { createOutputSearch, type OutputSearch } from './outputSearch.js';
import type { OutputTest } from './outputTest.js';
import { coveringCompletions } from './searchTables.js';
import { RowTables } from './rowTables.js';
import type { SampleSet } from './samples.js';
import type { NetworkModel } from './types.js';

/**
 * A kept circuit: node masks of layers 1..L and edge rows of pairs 1..L. Views: copy to keep.
 * Returning false says the caller's own test rejects it (a circuit criterion judged in the slice),
 * so that `unitKept` counts only the circuits it took.
 */
export type KeptCircuitSink = (nodeMasks: Uint32Array, rows: readonly Uint32Array[]) => unknown;

/** What the circuit search hands a grounding counter to count in bulk; rows of open nodes are stale. */
export interface BulkGroundings {
  /** A whole accepted subtree whose last `free` rows are open (BulkCount.subtree). */
  subtree(code: CircuitView, free: number): number;
  /** The kept options of the last row, as bitmasks over the options (BulkCount.lastRow). */
  lastRow(code: CircuitView, lo: number, hi: number): number;
}

interface CircuitView {
  readonly masks: Uint32Array;
  readonly rows: readonly Uint32Array[];
}

/** Cached tables of the last hidden pair are bounded to this many float64 values in all. */
const TABLE_CACHE_VALUES = 8_000_000;

class Search {
  readonly L: number;
  readonly count: number;
  readonly failBudget: number;
  readonly samples: SampleSet;
  readonly test: OutputTest;
  readonly acts: Float32Array[];
  readonly rows: Uint32Array[];
  readonly masks: Uint32Array;
  readonly search: OutputSearch;
  readonly emit: () => void;
  /** Last-hidden-pair tables keyed by first-pair edge mask index, for one layer-1 mask. */
  readonly cache = new Map<number, RowTables>();
  cacheMask = -1;
  readonly cacheLimit: number;
  scratch: RowTables;
  /**
   * Past two hidden layers, a part of a unit: its second-pair edge masks [partFrom, partTo) in
   * search order, and the index of the next one the search meets.
   */
  partFrom = 0;
  partTo = Infinity;
  partAt = 0;

  constructor(readonly model: NetworkModel, test: OutputTest, onKept: KeptCircuitSink) {
    const sizes = model.layerSizes;
    const { samples, lo, hi } = test;
    this.test = test;
    this.samples = samples;
    this.L = sizes.length - 1;
    this.count = samples.count;
    this.failBudget = test.failBudget;
    this.acts = sizes.map((n) => new Float32Array(n * samples.count));
    this.rows = sizes.slice(1).map((n) => new Uint32Array(n));
    this.masks = new Uint32Array(this.L);
    const last = this.L - 1;
    const nUpper = sizes[last] as number;
    const nLower = sizes[last - 1] as number;
    this.search = createOutputSearch(samples.count, nUpper, samples.weight, this.failBudget, lo, hi);
    this.scratch = new RowTables(nUpper, nLower, samples.count);
    const perTable = nUpper * (2 ** nLower) * samples.count * 2;
    this.cacheLimit = this.L === 3 ? Math.floor(TABLE_CACHE_VALUES / perTable) : 0;
    const { masks, rows } = this;
    this.emit = (): void => void onKept(masks, rows);
  }
}

/**
 * Evaluates units [start, end) and reports every kept circuit, or, while `bulk.countOnly` is set,
 * counts the kept circuits of the two-hidden-layer search into `bulk.counted` without reporting
 * them. Returns the candidates evaluated.
 */
export function evaluateCircuits(
  model: NetworkModel,
  space: CircuitSpace,
  /** What is kept at the output (outputTest.ts: the paper's accuracy, or with faithful:EPS too). */
  test: OutputTest,
  start: number,
  end: number,
  onKept: KeptCircuitSink,
  bulk?: BulkCount,
  /** Groundings in bulk (see BulkCount.subtree and lastRow), given the circuit so far. */
  groundings?: BulkGroundings,
  /**
   * One unit in parts (end = start + 1). With two hidden layers, only the circuits whose first on
   * second-layer node's row is one of the options [from, to) (ascending non-empty subsets of the
   * first layer's on nodes, the search's order). Past two hidden layers, only the unit's valid
   * second-pair edge masks [from, to) (every second-layer row together), in search order. Either
   * way the second pair's rows are the unit's outermost choice, so parts of a unit partition it in
   * search order.
   */
  firstRows?: readonly [number, number],
  /**
   * When given (length end - start), kept circuits of each unit, reported or counted in bulk:
   * the probe that plans a deep network's slices by what they keep (keptProbe.ts).
   */
  unitKept?: Float64Array,
): number {
  const L = model.layerSizes.length - 1;
  if (!(start >= 0 && end <= space.units && start <= end)) {
    throw new RangeError(`unit range [${start}, ${end}) is outside [0, ${space.units})`);
  }
  if (firstRows && !(L >= 3 && end === start + 1 && firstRows[0] >= 0 && firstRows[0] < firstRows[1])) {
    throw new RangeError(`first rows [${firstRows[0]}, ${firstRows[1]}) of units [${start}, ${end}): a part is of one unit of a network with two hidden layers or more`);
  }
  if (unitKept && unitKept.length !== end - start) throw new RangeError(`unitKept has ${unitKept.length} entries for units [${start}, ${end})`);
  let emitted = 0;
  const sink: KeptCircuitSink = unitKept
    ? (masks, rows) => {
        if (onKept(masks, rows) !== false) emitted++;
      }
    : onKept;
  const s = new Search(model, test, sink);
  // With two hidden layers the second pair is the last hidden one, searched by the output search.
  if (firstRows && L === 3) s.search.firstRows(firstRows[0], firstRows[1]);
  else if (firstRows) [s.partFrom, s.partTo] = firstRows;
  if (bulk) {
    s.search.bulk = bulk;
    // The open nodes' rows in this view are stale; the counter ignores them.
    const code = { masks: s.masks, rows: s.rows };
    if (groundings) {
      bulk.subtree = (free: number): number => groundings.subtree(code, free);
      bulk.lastRow = (lo: number, hi: number): number => groundings.lastRow(code, lo, hi);
    }
  }
  let evaluated = 0;
  let u = start;
  const n1 = model.layerSizes[1] as number;
  const first = s.rows[0] as Uint32Array;
  while (u < end) {
    const c = comboOfUnit(space, u);
    const comboEnd = Math.min(end, space.unitStart[c + 1] as number);
    const per = space.candidatesPerUnit[c] as number;
    if (per === 0) {
      u = comboEnd;
      continue;
    }
    s.masks.set(space.nodeMasks.subarray(c * L, (c + 1) * L));
    const firstMasks = space.firstPairMasks(s.masks[0] as number);
    for (; u < comboEnd; u++) {
      const f = u - (space.unitStart[c] as number);
      first.set(firstMasks.subarray(f * n1, (f + 1) * n1));
      // A threshold no accuracy exceeds (1): every candidate is evaluated and none kept, as in
      // the reference; the search's budget arithmetic assumes a budget of at least 0.
      const before = emitted + (bulk?.counted ?? 0);
      if (s.failBudget >= 0) evaluateUnit(s, f);
      if (unitKept) unitKept[u - start] = emitted + (bulk?.counted ?? 0) - before;
      evaluated += firstRows ? partCandidates(space, c, firstRows) : per;
    }
  }
  return evaluated;
}

function evaluateUnit(s: Search, f: number): void {
  if (s.L === 3) return twoHiddenLayers(s, f);
  loadInputs(s);
  layerActs(s, 1);
  if (s.L === 2) outputPair(s);
  else middlePair(s, 2);
}

function loadInputs(s: Search): void {
  const inputs = s.acts[0] as Float32Array;
  const { count, nIn, x } = s.samples;
  // Inputs are stored node-major like every other layer: acts[l][node * count + sample].
  for (let p = 0; p < count; p++) for (let i = 0; i < nIn; i++) inputs[i * count + p] = x[p * nIn + i] as number;
}

/** The paper's shape [n, k, k, 1]: layer 1 is fixed by the unit, so its tables are cached. */
function twoHiddenLayers(s: Search, f: number): void {
  const m1 = s.masks[0] as number;
  const m2 = s.masks[1] as number;
  if (m1 === 0 || m2 === 0 || (s.masks[2] as number) === 0) return;
  if (s.cacheMask !== m1) {
    s.cache.clear();
    s.cacheMask = m1;
  }
  const options = subsetList(m1);
  let tables = s.cache.get(f);
  if (!tables) {
    loadInputs(s);
    layerActs(s, 1);
    const sizes = s.model.layerSizes;
    tables = s.cache.size < s.cacheLimit ? new RowTables(sizes[2] as number, sizes[1] as number, s.count) : s.scratch;
    if (tables !== s.scratch) s.cache.set(f, tables);
    tables.fill(s.model, 2, s.acts[1] as Float32Array, options, 2 ** (sizes[2] as number) - 1);
  }
  runLastPair(s, 2, tables, options);
}

/** Searches pair l = L - 1 with filled tables; the output pair has its one valid mask. */
function runLastPair(s: Search, l: number, tables: RowTables, options: Uint32Array): void {
  const upperMask = s.masks[l - 1] as number;
  const rows = s.rows[l - 1] as Uint32Array;
  rows.fill(0); // rows of nodes that are off in this combo stay empty
  (s.rows[s.L - 1] as Uint32Array)[0] = upperMask;
  s.search.run(tables, bitList(upperMask), options, s.masks[l - 2] as number, rows, s.emit);
}

/** Activations of layer l's on nodes from layer l-1 and the current rows of pair l. */
function layerActs(s: Search, l: number): void {
  const mask = s.masks[l - 1] as number;
  const rows = s.rows[l - 1] as Uint32Array;
  const on = bitList(mask);
  for (let k = 0; k < on.length; k++) {
    const j = on[k] as number;
    nodeActs(s, l, j, rows[j] as number);
  }
}

/** Writes node j of layer l, fed by the lower nodes in `row`, into acts[l]. */
function nodeActs(s: Search, l: number, j: number, row: number): void {
  const count = s.count;
  const nIn = s.model.layerSizes[l - 1] as number;
  const w = s.model.weights[l - 1] as Float32Array;
  const b = (s.model.biases[l - 1] as Float32Array)[j] as number;
  const prev = s.acts[l - 1] as Float32Array;
  const out = s.acts[l] as Float32Array;
  const lower = bitList(row);
  const at = j * count;
  const act = activationOf(s.model, l - 1);
  for (let p = 0; p < count; p++) {
    let dot = 0;
    for (let k = 0; k < lower.length; k++) {
      const i = lower[k] as number;
      dot += (w[j * nIn + i] as number) * (prev[i * count + p] as number);
    }
    out[at + p] = act(preActivation(dot, b));
  }
}

/** A pair below the last hidden one: enumerate its edge masks row by row, recurse. */
function middlePair(s: Search, l: number): void {
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
function partRows(s: Search, upper: Uint8Array, options: Uint32Array, lowerMask: number, rows: Uint32Array, r: number, covered: number): void {
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

function recurseRows(s: Search, l: number, upper: Uint8Array, options: Uint32Array, lowerMask: number, rows: Uint32Array, r: number, covered: number): void {
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

function nextPair(s: Search, l: number): void {
  if (l + 1 < s.L - 1) return middlePair(s, l + 1);
  const last = l + 1;
  const lowerMask = s.masks[last - 2] as number;
  const upperMask = s.masks[last - 1] as number;
  if (upperMask === 0 || lowerMask === 0 || (s.masks[s.L - 1] as number) === 0) return;
  const options = subsetList(lowerMask);
  s.scratch.fill(s.model, last, s.acts[last - 1] as Float32Array, options, upperMask);
  runLastPair(s, last, s.scratch, options);
}

/** Networks with one hidden layer: the output pair follows the first pair directly. */
function outputPair(s: Search): void {
  const lowerMask = s.masks[0] as number;
  if ((s.masks[1] as number) === 0 || lowerMask === 0) return;
  const count = s.count;
  const { lo, hi } = s.test;
  const { weight } = s.samples;
  const w = s.model.weights[1] as Float32Array;
  const hidden = s.acts[1] as Float32Array;
  const lower = bitList(lowerMask);
  let failed = 0;
  // The output's dot as nodeActs sums it, decided by the test's interval (exactly the rounded
  // output against the target under the paper's test).
  for (let p = 0; p < count; p++) {
    let dot = 0;
    for (let k = 0; k < lower.length; k++) {
      const i = lower[k] as number;
      dot += (w[i] as number) * (hidden[i * count + p] as number);
    }
    if (!(dot >= (lo[p] as number) && dot <= (hi[p] as number))) failed += weight[p] as number;
  }
  if (failed > s.failBudget) return;
  (s.rows[1] as Uint32Array)[0] = lowerMask;
  s.emit();
}
