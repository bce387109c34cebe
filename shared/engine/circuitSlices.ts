/**
 * One output's circuit stage over a slice of its circuit space, reported as an exact summary
 * (candidates, kept, the distribution of groundings) plus the kept circuits themselves only while
 * there are few enough to list. Slices merge exactly: any partition of the unit range gives the
 * unsliced summary, and the lists concatenate in slice order to the unsliced list.
 */
import { circuitStages } from './options.js';
import { analyzeOutputStream, type StageHook, type UnitRange } from './analyze.js';
import { CircuitJudge, minimalCircuits, passesAlone } from './circuitCriteria.js';
import { evaluateCircuits } from './evaluateCircuits.js';
import { paperTest, searchDecidesFaithful } from './outputTest.js';
import { distinctSamples } from './samples.js';
import { CircuitList, type PackedCircuits } from './circuitList.js';
import type { CircuitCode } from './circuitRecord.js';
import { countFaithful, CountUnder, type CountedUnder } from './countUnder.js';
import { judgedAlone, paperCriteria, type Criteria } from './criteria.js';
import { counterFor, type CounterCache } from './counterCache.js';
import type { BulkCount } from './bulkCount.js';
import { circuitSpace } from './circuitSpace.js';
import { DistributionBuilder } from './groundingDistribution.js';
import type { PackedDistribution } from './packedDistribution.js';
import { DistributionMerger } from './distributionMerger.js';
import { singleOutput } from './network.js';
import type { AnalysisInput, AnalysisOptions, CircuitRecord, Dataset, NetworkModel } from './types.js';
import { MAX_LATTICE_PATTERNS } from './partitions.js';
import { candidateSliceRanges, keptWork, THREE_INPUT_PART_SHARES, unitStates, unitWork, workSliceRanges, type WorkRange } from './sliceWork.js';
import { groundingPatterns } from './truthTables.js';

export interface CircuitSliceSummary {
  readonly candidates: number;
  readonly kept: number;
  /**
   * Packed, as slices report it; null when the groundings stage did not run, or under `minimal`
   * (its listed circuits carry their counts: the output's distribution is its minimal circuits').
   */
  readonly groundings: PackedDistribution | null;
  /** The kept circuits in search order while there are at most `listLimit`; null past it, or when asked packed. */
  readonly circuits: CircuitRecord[] | null;
  /** Asked (`SliceAsks.packed`): the same list packed, `circuits` then null; null past the limit. */
  readonly packed?: PackedCircuits | null;
  /** Asked (`SliceAsks.minimal`) and listed: the list holds the slice's minimal circuits only. */
  readonly minimal?: true;
  /** With criteria that judge each circuit: the circuits the paper's search kept, before them. */
  readonly valid?: number;
  /** When asked: the circuits kept per unit of the slice (its length end - start). */
  readonly unitKept?: Float64Array;
  /** When asked: the counts under each of `SliceAsks.countUnder`, in its order. */
  readonly countedUnder?: CountedUnder[];
}

/** What a slice does besides the paper's summary (the criteria in slices, slicedCriteria.ts). */
export interface SliceAsks {
  /**
   * Criteria that judge each circuit alone (faithful, mean-ablation; others are ignored): only the
   * circuits that pass are kept, listed and grounded, and `valid` says how many were judged.
   */
  readonly criteria?: Criteria;
  /** Count the kept circuits unit by unit (`unitKept`): the hosts `consistent` reads. */
  readonly unitKept?: boolean;
  /**
   * A study's: count the circuits that pass each of these (faithful and mean-ablation only) beside
   * the paper's summary, which they leave as it is (countUnder.ts). Not with `criteria`.
   */
  readonly countUnder?: readonly Criteria[];
  /** Answer the list packed (`packed`), not as records: what a coordinator that spools or compares lists reads. */
  readonly packed?: boolean;
  /**
   * List only the slice's own minimal circuits among those it keeps (`minimal` set in the answer):
   * all minimal-circuits needs of it. `kept` still counts every kept circuit; with groundings only
   * the listed circuits are counted, and the answer has no distribution.
   */
  readonly minimal?: boolean;
}


const noHook: StageHook = (_stage, _output, run) => run();

/**
 * The most circuits one slice lists, whatever the list limit (2^24: about 1 GB at k = 6, words and
 * groundings): past it the slice answers its summary alone and the output is not listed. Without a
 * bound `--list-limit all` on XOR k = 6 unfiltered under minimal-circuits took one slice past V8's
 * largest array (169 million circuits, 19.7 GB) and ended the process with a native stack.
 */
export const MAX_SLICE_LIST = 2 ** 24;

/** `listLimit`: the most circuits to list (Infinity: all, 0: none). */
export function summarizeCircuitSlice(input: AnalysisInput, o: number, options: AnalysisOptions, range: UnitRange | undefined, listLimit: number, hook: StageHook = noHook, counters?: CounterCache, asks: SliceAsks = {}): CircuitSliceSummary {
  const model = singleOutput(input.model, o);
  const sizes = model.layerSizes;
  const judged = asks.criteria && judgedAlone(asks.criteria) ? asks.criteria : null;
  // faithful is decided by the search where it can (outputTest.ts), whole subtrees at a time;
  // mean-ablation, and faithful elsewhere, judge each circuit the search keeps.
  const bySearch = judged !== null && judged.faithful !== null && searchDecidesFaithful(input, o, options.accuracyThreshold);
  const faithful = bySearch ? judged.faithful : null;
  const rest = judged && { faithful: bySearch ? null : judged.faithful, meanAblation: judged.meanAblation };
  let valid = 0;
  const judge = rest && judgedAlone({ ...paperCriteria, ...rest }) ? new CircuitJudge(input, o, options.accuracyThreshold) : null;
  const accept = judge && rest && ((code: CircuitCode): boolean => (valid++, passesAlone(judge, code, rest)));
  const unitKept = asks.unitKept ? new Float64Array(range ? range.end - range.start : circuitSpace(sizes, options.minSparsity).units) : undefined;
  const counting = options.stages.includes('groundings');
  if (judged && asks.countUnder) throw new RangeError('a slice either keeps the circuits that pass its criteria or counts them beside the paper\'s');
  // faithful alone is counted by a search of its own, in bulk, where the search decides it; the
  // others judge each valid circuit.
  const searched = asks.countUnder?.some(faithfulAlone) === true && searchDecidesFaithful(input, o, options.accuracyThreshold);
  const judgedEach = asks.countUnder?.filter((c) => !(searched && faithfulAlone(c))) ?? [];
  const under = judgedEach.length > 0 ? new CountUnder(input, o, options.accuracyThreshold, judgedEach, counting) : null;
  // Every circuit judged (filtered, or counted under criteria) has to be seen: nothing in bulk.
  const inBulk = !accept && !under;
  const dist = new DistributionBuilder();
  // Packed while they wait, so holding the first `listLimit` circuits of a slice that will exceed
  // the limit costs a copy of a few integers each; records are built only for a list that survives.
  const listCap = Math.min(listLimit, MAX_SLICE_LIST);
  let list: CircuitList | null = listCap > 0 ? new CircuitList(sizes) : null;
  // Under minimal-circuits the output's distribution is its minimal circuits' (slicedCriteria.ts):
  // the search lists without grounding and only the slice's own minimal circuits are counted, after
  // it (XOR k = 6 unfiltered, under faithful too: 0.6 s of the slices' time, 78 s grounding every
  // listed circuit).
  const groundLater = asks.minimal === true && counting && list !== null && (options.maxCircuits ?? null) === null;
  const grounded = counting && !groundLater;
  // Without groundings and once no list is kept, whole accepted subtrees are counted, not visited;
  // never when each circuit is judged, whose groundings then go to the summary one by one.
  const bulk: BulkCount = { countOnly: inBulk && !grounded && !list, counted: 0, groundingsInBulk: !under && grounded && !list };
  const searchOptions = groundLater ? { ...options, stages: ['circuits' as const] } : circuitStages(options);
  const out = analyzeOutputStream(input, o, searchOptions, (code, g) => {
    if (grounded) dist.add(g);
    under?.add(code, g);
    if (list) {
      if (list.length < listCap) list.push(code.masks, code.rows, g);
      else {
        list = null; // past the limit: the list is dropped, the summary stays exact
        bulk.countOnly = inBulk && !grounded;
        bulk.groundingsInBulk = !under && grounded;
      }
    }
  }, hook, range, bulk, dist.bulkSink(), counters, { ...(accept && { accept }), ...(unitKept && { unitKept }), ...(faithful !== null && { faithful }) });
  // The search kept only faithful circuits: the paper's count of the slice is a search of its own.
  if (faithful !== null) valid = hook('circuits', o, () => paperKept(input, o, options, range));
  if (list && asks.minimal) list = minimalCircuits(list);
  if (list && groundLater) groundListed(input, model, o, list, hook, counters);
  return {
    candidates: out.candidates,
    kept: out.kept,
    groundings: grounded ? dist.takePacked() : null,
    circuits: list && !asks.packed ? list.records() : null,
    ...(asks.packed && { packed: list ? list.packed() : null }),
    ...(list && asks.minimal && { minimal: true as const }),
    ...(judged && { valid }),
    ...(unitKept && { unitKept }),
    ...(asks.countUnder !== undefined && asks.countUnder.length > 0 && { countedUnder: countedUnder(asks.countUnder, searched, under?.result() ?? [], (eps) => countFaithful(input, o, options, range, eps, hook, counters)) }),
  };
}

/** Each listed circuit's groundings, counted into the list. */
function groundListed(input: AnalysisInput, model: NetworkModel, o: number, list: CircuitList, hook: StageHook, counters: CounterCache | undefined): void {
  const patterns = groundingPatterns(input.grounding);
  hook('groundings', o, () => {
    const counter = counterFor(counters, model, patterns);
    for (let i = 0; i < list.length; i++) list.groundings[i] = counter.count(list.code(i));
    counters?.giveBack(counter);
  });
}

/** faithful without mean-ablation: counted by a search of its own where the search decides faithful (outputTest.ts). */
const faithfulAlone = (c: Criteria): c is Criteria & { readonly faithful: number } => c.faithful !== null && !c.meanAblation;

/** Each criteria text's counts in order: faithful alone from `faithful` when `searched`, the others from the judge's `judged`, in order. */
function countedUnder(texts: readonly Criteria[], searched: boolean, judged: readonly CountedUnder[], faithful: (eps: number) => CountedUnder): CountedUnder[] {
  let next = 0;
  return texts.map((c) => (searched && faithfulAlone(c) ? faithful(c.faithful) : (judged[next++] as CountedUnder)));
}

/** The circuits the paper's search keeps in the range (all of the output's space when none), counted in bulk. */
function paperKept(input: AnalysisInput, o: number, options: AnalysisOptions, range: UnitRange | undefined): number {
  const model = singleOutput(input.model, o);
  const space = circuitSpace(model.layerSizes, options.minSparsity);
  const { start, end } = range ?? { start: 0, end: space.units };
  const bulk: BulkCount = { countOnly: true, counted: 0 };
  let reported = 0;
  // Past two hidden layers the search reports each kept circuit even while counting only.
  evaluateCircuits(model, space, paperTest(model, distinctSamples(input.validation, o), options.accuracyThreshold), start, end, () => void reported++, bulk, undefined, range?.firstRows);
  return reported + bulk.counted;
}

/**
 * Merges slice summaries given in slice order; the list survives only if every slice listed and the
 * total fits. `groundings`: the slices' distributions already merged as they arrived (then the
 * parts' own are not read), so a caller need not hold every slice's until the end.
 */
export function mergeCircuitSlices(parts: readonly CircuitSliceSummary[], listLimit: number, merged?: DistributionMerger): CircuitSliceSummary {
  let candidates = 0;
  let kept = 0;
  const groundings = merged ?? new DistributionMerger();
  let listed = true;
  for (const p of parts) {
    candidates += p.candidates;
    kept += p.kept;
    if (!merged && p.groundings) groundings.add(p.groundings);
    if (!p.circuits) listed = false;
  }
  const circuits = listed && kept <= listLimit ? parts.flatMap((p) => p.circuits as CircuitRecord[]) : null;
  return { candidates, kept, groundings: groundings.parts ? groundings.result() : null, circuits };
}

/** Layer sizes of one output's network: the hidden layers of `layerSizes` and one output. */
export const oneOutput = (layerSizes: readonly number[]): number[] => [...layerSizes.slice(0, -1), 1];

/** Candidate circuits of each output (after the sparsity filter), without a model or evaluation. */
export function outputCandidates(layerSizes: readonly number[], minSparsity: number): number {
  return circuitSpace(oneOutput(layerSizes), minSparsity).candidates;
}

/** Units of each output's circuit space (after the sparsity filter). */
export function outputUnits(layerSizes: readonly number[], minSparsity: number): number {
  return circuitSpace(oneOutput(layerSizes), minSparsity).units;
}

/**
 * Unit ranges (and parts of units) of about `n` slices of each output's circuit space, about
 * equal in estimated work (sliceWork.ts): with groundings (`grounding` given) the first layer's
 * joint states weigh in, otherwise the candidates alone.
 */
export function workedSliceRanges(model: NetworkModel, grounding: Dataset | null, minSparsity: number, n: number): WorkRange[] {
  const space = circuitSpace(oneOutput(model.layerSizes), minSparsity);
  const patterns = grounding ? groundingPatterns(grounding) : null;
  const fast = patterns !== null && patterns.count <= MAX_LATTICE_PATTERNS;
  return workSliceRanges(space, unitWork(space, model, fast ? patterns : null), n);
}

/**
 * Unit ranges (and parts) of about `n` slices of one output's circuit space, about equal in work
 * estimated from its kept circuits unit by unit (`unitKept`, the probe's; sliceWork.ts keptWork).
 * With groundings (`grounding` given) on three inputs and two hidden layers each kept circuit
 * weighs by its first layer's joint states, and heavy units are cut finer
 * (THREE_INPUT_PART_SHARES): there a circuit costs 61 us to 1.1 ms by its states.
 */
export function probedSliceRanges(model: NetworkModel, grounding: Dataset | null, minSparsity: number, unitKept: Float64Array, n: number): WorkRange[] {
  const space = circuitSpace(oneOutput(model.layerSizes), minSparsity);
  const byStates = grounding !== null && model.layerSizes.length === 4 && (model.layerSizes[0] as number) >= 3;
  const states = byStates ? unitStates(space, model, groundingPatterns(grounding)) : null;
  return workSliceRanges(space, keptWork(space, unitKept, states), n, byStates ? THREE_INPUT_PART_SHARES : undefined);
}

/** Unit ranges of `n` slices of each output's circuit space, about equal in candidates. */
export function circuitSliceRanges(layerSizes: readonly number[], minSparsity: number, n: number): UnitRange[] {
  return candidateSliceRanges(circuitSpace(oneOutput(layerSizes), minSparsity), n);
}
