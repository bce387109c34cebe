/**
 * Slices of one output's circuit space balanced by estimated work, not by candidates.
 *
 * With groundings, a unit of the paper's shape [n, k1, k2, 1] costs about its candidates times a
 * power of its first layer's joint states (the product of its on nodes' truth-table counts: the
 * length of every factor the fast count multiplies; groundingFast.ts). Measured on XOR k = 6, whose
 * heavy units all have 8.3e8 candidates: 1-2 s a unit at 3-9 states, 3 s at 27, 12 s at 81, 45 s at
 * 243, 200 s at 729, so about states^1.3. Equal candidates put one to two such units in a slice,
 * and the slowest slice (two units of 243 and 729 states, 479 s) bounded any cluster at 8 minutes.
 * Here each slice gets about an equal share of the estimated work, and a unit whose estimate alone
 * is over PART_SHARES shares is cut into parts of about that many by its first second-layer row
 * (evaluateCircuits.ts `firstRows`), so no slice is much more than PART_SHARES shares. Parts are
 * not cut finer because each reports its own distribution: a part of k = 6's heaviest unit has 1.2
 * million distinct counts of the unit's 5.5 million, and building, sending and merging those took
 * the unit from 169 s whole to 208 s in parts of one share. Handed out heaviest first, parts of a
 * few shares still leave the end of a run to the light slices.
 *
 * Past two hidden layers groundings are counted by the DP over layers (groundingDp.ts), one kept
 * circuit at a time, and the same power describes its heavy end: on XOR [2, 3, 3, 3, 3, 1], unit by
 * unit, 85, 105, 276 and 1 150 ms per million candidates at 1, 3, 9 and 27 states (27 / 9: 4.2, and
 * 3^1.3 = 4.17). Such a unit is cut into parts by its second-pair edge masks (DEEP_PART_SHARES).
 * The estimate only places boundaries: any partition gives the same exact results.
 */
import { bitList } from './bits.js';
import { tablesOf } from './circuitTables.js';
import type { CircuitSpace } from './circuitSpace.js';
import { sliceBoundaries } from './circuitSpace.js';
import { unitParts } from './unitParts.js';
import { firstLayerValues } from './groundingUnit.js';
import type { UnitRange } from './analyze.js';
import type { GroundingPatterns } from './truthTables.js';
import type { NetworkModel } from './types.js';

/** How the work of a unit grows with its first layer's joint states (see above). */
const STATES_POWER = 1.3;
/** A unit is cut into parts of about this many shares of the work, when it is heavier. */
export const PART_SHARES = 4;
/**
 * Past two hidden layers a unit is cut into parts of about one share, by its second-pair edge
 * masks: such a part reports a small distribution and costs little to start (265 one-mask parts of
 * the heaviest unit of an XOR [2, 3, 3, 3, 3, 1] network took 3.35 s against 2.98 s whole), and a
 * unit of a deeper network holds far more of the space (up to 4.7e8 of [2, 3, 3, 3, 3, 3, 1]'s
 * 6.7e10 candidates) than one of two hidden layers.
 */
export const DEEP_PART_SHARES = 1;
/**
 * A three-input unit of two hidden layers is cut into parts of about one share: its parts cost
 * about what the whole does a circuit (PARITY [3, 5, 5, 1]'s unit 666 224, 61 554 kept: parts 3
 * and 4, 1 330 and 1 554 kept, took 1.7 and 1.4 ms a circuit; whole units of as many states 1.1-1.2),
 * and the states that make a unit heavy make few circuits, so a part's distribution is small.
 */
export const THREE_INPUT_PART_SHARES = 1;
/**
 * The first TAIL_SHARES shares of the search order come last in the plan (networkSlices.ts lists
 * last units first) and are cut TAIL_SPLIT times finer: the estimate is rough (xor-k5's one-share
 * slices took 0.005 to 1.5 s), so a coarse last slice left one pool thread idle for a second at
 * the end of a 10 s run. Only in plans of more than TAIL_SHARES * TAIL_SPLIT slices. Slices are
 * now published in bit-reversal order of the plan (publicationOrder.ts), which spreads these
 * fine slices over the run instead of keeping them last; scheduled offline, xor-k5's end stayed
 * as balanced (docs/performance.md, ninth session).
 */
export const TAIL_SHARES = 4;
export const TAIL_SPLIT = 4;

/**
 * Truth tables of first-layer node i fed by the inputs in `row` (a non-empty bitmask), for every
 * row: counts[i * 2^nIn + row]. The activations are the fast count's (groundingUnit.ts).
 */
function firstLayerTables(model: NetworkModel, patterns: GroundingPatterns): Int32Array {
  const nIn = model.layerSizes[0] as number;
  const k1 = model.layerSizes[1] as number;
  const P = patterns.count;
  const values = new Float64Array(P);
  const sorted = new Float64Array(P + 1);
  const tables = new Int32Array(P + 1);
  const counts = new Int32Array(k1 * 2 ** nIn);
  for (let i = 0; i < k1; i++) {
    for (let row = 1; row < 2 ** nIn; row++) {
      firstLayerValues(model, patterns, i, row, values);
      counts[i * 2 ** nIn + row] = tablesOf(values, P, sorted, tables);
    }
  }
  return counts;
}

/**
 * Every unit's first layer's joint states: the product of its on nodes' truth-table counts at the
 * unit's first rows (0 for a unit of no candidates).
 */
export function unitStates(space: CircuitSpace, model: NetworkModel, patterns: GroundingPatterns): Float64Array {
  const states = new Float64Array(space.units);
  const L = space.layerSizes.length - 1;
  const nIn = space.layerSizes[0] as number;
  const k1 = space.layerSizes[1] as number;
  const counts = firstLayerTables(model, patterns);
  for (let c = 0; c < space.combos; c++) {
    if ((space.candidatesPerUnit[c] as number) === 0) continue;
    const from = space.unitStart[c] as number;
    const on = bitList(space.nodeMasks[c * L] as number);
    const rows = space.firstPairMasks(space.nodeMasks[c * L] as number);
    for (let u = from; u < (space.unitStart[c + 1] as number); u++) {
      let n = 1;
      for (const i of on) n *= counts[i * 2 ** nIn + ((rows[(u - from) * k1 + i] as number) & (2 ** nIn - 1))] as number;
      states[u] = n;
    }
  }
  return states;
}

/**
 * Estimated work of every unit: its candidates, times 1 + states^1.3 when groundings are counted
 * on a network of two hidden layers or more (`patterns` given). Relative numbers, for placing
 * boundaries.
 */
export function unitWork(space: CircuitSpace, model: NetworkModel, patterns: GroundingPatterns | null): Float64Array {
  const L = space.layerSizes.length - 1;
  const states = patterns && L >= 3 ? unitStates(space, model, patterns) : null;
  const work = new Float64Array(space.units);
  for (let c = 0; c < space.combos; c++) {
    const per = space.candidatesPerUnit[c] as number;
    for (let u = space.unitStart[c] as number; u < (space.unitStart[c + 1] as number); u++) work[u] = states && per > 0 ? per * (1 + (states[u] as number) ** STATES_POWER) : per;
  }
  return work;
}

/**
 * What one kept circuit costs past two hidden layers, in candidates of the circuit search: fitted
 * on XOR [2, 4, 4, 4, 1]'s 219 slice times with groundings (3.1 s per 10^9 candidates, 12.8 s per
 * 10^6 kept circuits, least squares; weighting kept circuits by their first layer's states fit
 * hardly better).
 */
export const KEPT_CANDIDATES = 4000;

/**
 * What one kept circuit costs with three inputs and two hidden layers, in candidates of the circuit
 * search, and the first layer's joint states at which that cost doubles: there the DP's layer below
 * the two it sums per group (groupWalk.ts) is the first, fixed by the unit, and a circuit's cost
 * follows its states. Fitted on 19 units of PARITY [3, 5, 5, 1] (unfiltered, 154 to 1 702 kept
 * each, 49 to 16 807 states): 61 us + 0.062 us a state per kept circuit, against 0.22 ns a
 * candidate for the search; a unit of 16 807 states then costs 18 times one of 49.
 */
export const THREE_INPUT_KEPT_CANDIDATES = 280_000;
export const THREE_INPUT_STATES_SCALE = 1000;

/**
 * Estimated work of every unit from the probe's kept circuits (keptProbe.ts): its candidates plus
 * KEPT_CANDIDATES for each circuit it keeps; with `states` (a three-input network of two hidden
 * layers: `unitStates`), THREE_INPUT_KEPT_CANDIDATES times 1 + states / THREE_INPUT_STATES_SCALE
 * for each.
 */
export function keptWork(space: CircuitSpace, unitKept: Float64Array, states: Float64Array | null = null): Float64Array {
  if (unitKept.length !== space.units) throw new RangeError(`kept counts of ${unitKept.length} units for a space of ${space.units}`);
  const work = new Float64Array(space.units);
  for (let c = 0; c < space.combos; c++) {
    const per = space.candidatesPerUnit[c] as number;
    for (let u = space.unitStart[c] as number; u < (space.unitStart[c + 1] as number); u++) {
      const kept = unitKept[u] as number;
      work[u] = per + (states ? THREE_INPUT_KEPT_CANDIDATES * kept * (1 + (states[u] as number) / THREE_INPUT_STATES_SCALE) : KEPT_CANDIDATES * kept);
    }
  }
  return work;
}

/** A slice of the plan and its estimated work, in shares (the total over the slices asked for). */
export interface WorkRange extends UnitRange {
  readonly work: number;
}

/**
 * About `n` slices of about equal work: contiguous unit ranges, and a unit whose work alone is
 * over PART_SHARES shares (DEEP_PART_SHARES past two hidden layers; `partShares` when given) in
 * parts of about that many where it has parts enough (evaluateCircuits.ts `unitParts`; none with one hidden layer); the
 * first TAIL_SHARES shares in slices of a TAIL_SPLIT-th of a share. Ranges and parts follow each
 * other in search order and cover every unit once.
 */
export function workSliceRanges(space: CircuitSpace, work: Float64Array, n: number, partShares?: number): WorkRange[] {
  const L = space.layerSizes.length - 1;
  if (n <= 1) return [{ start: 0, end: space.units, work: 1 }];
  let total = 0;
  for (let u = 0; u < space.units; u++) total += work[u] as number;
  if (!(total > 0)) return candidateSliceRanges(space, n);
  const share = total / Math.max(1, n);
  const tail = n > TAIL_SHARES * TAIL_SPLIT ? TAIL_SHARES * share : 0;
  const ranges: WorkRange[] = [];
  let start = 0;
  let acc = 0;
  let before = 0;
  let c = 0;
  // A part's work: past two hidden layers parts are finer (DEEP_PART_SHARES), or as asked.
  const grain = (partShares ?? (L > 3 ? DEEP_PART_SHARES : PART_SHARES)) * share;
  for (let u = 0; u < space.units; u++) {
    while ((space.unitStart[c + 1] as number) <= u) c++;
    const w = work[u] as number;
    // The unit's parts are counted only for a unit heavy enough to be cut.
    const options = L >= 3 && (space.candidatesPerUnit[c] as number) > 0 && w > grain ? unitParts(space, c) : 1;
    const parts = options > 1 ? Math.min(options, Math.ceil(w / grain)) : 1;
    if (parts > 1) {
      if (u > start) ranges.push({ start, end: u, work: acc / share });
      for (let k = 0; k < parts; k++) {
        const firstRows = [Math.floor((k * options) / parts), Math.floor(((k + 1) * options) / parts)] as const;
        ranges.push({ start: u, end: u + 1, firstRows, work: (w * (firstRows[1] - firstRows[0])) / options / share });
      }
      start = u + 1;
      before += acc + w;
      acc = 0;
      continue;
    }
    acc += w;
    if (acc >= (before < tail ? share / TAIL_SPLIT : share)) {
      ranges.push({ start, end: u + 1, work: acc / share });
      start = u + 1;
      before += acc;
      acc = 0;
    }
  }
  if (start < space.units) ranges.push({ start, end: space.units, work: acc / share });
  return ranges;
}

/** `n` slices of about equal candidates (circuitSpace.ts sliceBoundaries), a share each. */
export function candidateSliceRanges(space: CircuitSpace, n: number): WorkRange[] {
  const bounds = sliceBoundaries(space, Math.max(1, n));
  const ranges: WorkRange[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) ranges.push({ start: bounds[i] as number, end: bounds[i + 1] as number, work: 1 });
  return ranges;
}
