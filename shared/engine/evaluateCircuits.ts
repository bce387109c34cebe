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
import { bitList, subsetList } from './bits.js';
import type { BulkCount } from './bulkCount.js';
import type { CircuitSpace } from './circuitSpace.js';
import { comboOfUnit } from './circuitSpace.js';
import { middlePair } from './deepPairs.js';
import type { OutputTest } from './outputTest.js';
import { RowTables } from './rowTables.js';
import { partCandidates } from './unitParts.js';
import { layerActs, loadInputs, runLastPair, UnitSearch } from './unitSearch.js';
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
  const s = new UnitSearch(model, test, sink);
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
  s.release();
  return evaluated;
}

function evaluateUnit(s: UnitSearch, f: number): void {
  if (s.L === 3) return twoHiddenLayers(s, f);
  loadInputs(s);
  layerActs(s, 1);
  if (s.L === 2) outputPair(s);
  else middlePair(s, 2);
}

/** The paper's shape [n, k, k, 1]: layer 1 is fixed by the unit, so its tables are cached. */
function twoHiddenLayers(s: UnitSearch, f: number): void {
  const m1 = s.masks[0] as number;
  const m2 = s.masks[1] as number;
  if (m1 === 0 || m2 === 0 || (s.masks[2] as number) === 0) return;
  if (s.cacheMask !== m1) {
    for (const t of s.cache.values()) s.spare.push(t);
    s.cache.clear();
    s.cacheMask = m1;
  }
  const options = subsetList(m1);
  let tables = s.cache.get(f);
  if (!tables) {
    loadInputs(s);
    layerActs(s, 1);
    const sizes = s.model.layerSizes;
    tables = s.cache.size < s.cacheLimit ? (s.spare.pop() ?? new RowTables(sizes[2] as number, sizes[1] as number, s.count)) : s.scratch;
    if (tables !== s.scratch) s.cache.set(f, tables);
    tables.fill(s.model, 2, s.acts[1] as Float32Array, options, 2 ** (sizes[2] as number) - 1);
  }
  runLastPair(s, 2, tables, options);
}

/** Networks with one hidden layer: the output pair follows the first pair directly. */
function outputPair(s: UnitSearch): void {
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
