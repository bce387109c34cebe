/**
 * One network, every count of the paper: per output, the circuits kept with their groundings, then
 * the formulas with their minimal mappings. Pure: timings are measured by the caller through the
 * `stage` hook, so the engine has no clock.
 *
 * `analyzeOutputStream` hands each kept circuit (with its groundings) to a callback as it is
 * found and keeps none, so memory stays bounded however many circuits are kept; `analyzeOutput`
 * collects them into the array form the tests and golden comparisons use.
 */
import { circuitSpace } from './circuitSpace.js';
import { CircuitBatch } from './circuitBatch.js';
import { toCircuitRecord, type CircuitCode } from './circuitRecord.js';
import { evaluateCircuits } from './evaluateCircuits.js';
import { faithfulTest, paperTest } from './outputTest.js';
import type { BulkCount } from './bulkCount.js';
import type { GroundingSummary } from './groundingSummary.js';
import { gateArity, gateTable } from './gates.js';
import { counterFor, type CounterCache } from './counterCache.js';
import type { GroundingCounter } from './groundingCount.js';
import { mappingSearch } from './mappingSearch.js';
import { singleOutput } from './network.js';
import { distinctSamples } from './samples.js';
import { groundingPatterns } from './truthTables.js';
import type { AnalysisInput, AnalysisOptions, Gate, NetworkAnalysis, OutputAnalysis, Stage } from './types.js';

/** Wraps each stage; the CLI uses it to time stages, tests pass nothing. Calls may nest. */
export type StageHook = <T>(stage: Stage, output: number, run: () => T) => T;
export const noHook: StageHook = (_stage, _output, run) => run();

/** A kept circuit and its groundings (null when that stage is off). `code` is valid only during the call. */
export type CircuitCallback = (code: CircuitCode, groundings: bigint | null) => void;

/** Everything of an output but the circuit list. */
export type OutputSummary = Omit<OutputAnalysis, 'circuits'> & { readonly kept: number };

/** A unit range of the circuit space (a slice); the whole space when absent. */
export interface UnitRange {
  readonly start: number;
  readonly end: number;
  /**
   * A part of one unit: its first second-layer row's options [from, to), or past two hidden layers
   * its second-pair edge masks [from, to) (evaluateCircuits.ts).
   */
  readonly firstRows?: readonly [number, number];
}

/**
 * What a caller takes of the circuit search's kept circuits. `accept`: its own test of each one (a
 * circuit criterion), before anything is counted: a circuit it rejects is not kept, listed or
 * grounded. No subtree is then counted whole (the caller must not set `bulk.countOnly`); with
 * `bulk.groundingsInBulk` each taken circuit's groundings go straight to the summary. `unitKept`
 * (length end - start of the range): the circuits taken per unit, filled in.
 */
export interface TakenCircuits {
  readonly accept?: (code: CircuitCode) => boolean;
  readonly unitKept?: Float64Array;
  /**
   * faithful:EPS, decided by the search itself (outputTest.ts): only the valid circuits within EPS
   * of the full network's output on every validation sample are kept, and counted in bulk. Only
   * where `searchDecidesFaithful` (noise-free data).
   */
  readonly faithful?: number;
}

/** Kept circuits are copied into batches of this size before their groundings are counted. */
const GROUNDING_BATCH = 4096;

export function analyzeOutputStream(
  input: AnalysisInput,
  o: number,
  options: AnalysisOptions,
  onCircuit: CircuitCallback,
  hook: StageHook = noHook,
  range?: UnitRange,
  bulk?: BulkCount,
  /** Where subtrees counted in bulk put their groundings (with `bulk.groundingsInBulk`). */
  bulkSummary?: GroundingSummary,
  /** A thread's last counter, lent for this output when it counted the same network's. */
  counters?: CounterCache,
  taken?: TakenCircuits,
): OutputSummary {
  const gate: Gate | undefined = input.gates[o];
  if (gate === undefined) throw new RangeError(`output ${o} has no gate`);
  const model = singleOutput(input.model, o);
  const wants = (s: Stage): boolean => options.stages.includes(s);
  // Formulas and IIA read the network's inputs as the gate's variables: the widths must agree.
  // (Circuits and groundings score against the data's targets and never read the gate: a slice
  // of a network or the user's own data may have any input width.)
  if (wants('mappings') && gateArity(gate) !== model.layerSizes[0]) throw new RangeError(`output ${o}: gate ${gate} takes ${gateArity(gate)} inputs, the network has ${model.layerSizes[0]}`);
  let candidates = 0;
  let kept = 0;
  if (wants('circuits') || wants('groundings')) {
    const patterns = wants('groundings') ? groundingPatterns(input.grounding) : null;
    const counter = patterns ? counterFor(counters, model, patterns) : null;
    const batch = new CircuitBatch(model.layerSizes, GROUNDING_BATCH);
    const done: (bigint | null)[] = new Array<bigint | null>(GROUNDING_BATCH).fill(null);
    // Groundings run per batch inside the circuits stage; the hook nests so each is timed apart.
    // --max-circuits: only the first N kept circuits get a count, like the reference's time budget.
    const budget = options.maxCircuits ?? Infinity;
    let counted = 0;
    const countBatch = (): void => {
      for (let i = 0; i < batch.length; i++) done[i] = counted++ < budget ? (counter as GroundingCounter).count(batch.at(i)) : null;
    };
    const flush = (): void => {
      hook('groundings', o, countBatch);
      for (let i = 0; i < batch.length; i++) onCircuit(batch.at(i), done[i] ?? null);
      batch.clear();
    };
    hook('circuits', o, () => {
      const space = circuitSpace(model.layerSizes, options.minSparsity);
      const samples = distinctSamples(input.validation, o);
      const view: { masks: Uint32Array; rows: readonly Uint32Array[] } = { masks: new Uint32Array(0), rows: [] };
      const { start, end } = range ?? { start: 0, end: space.units };
      const inBulk = counter && bulkSummary && budget === Infinity ? counter : null;
      const accept = taken?.accept;
      if (accept && bulk?.countOnly) throw new RangeError('a caller that tests each kept circuit cannot count them in bulk');
      // Tested one by one, no subtree is counted whole (the search is handed no bulk groundings).
      const test = taken?.faithful === undefined ? paperTest(model, samples, options.accuracyThreshold) : faithfulTest(model, samples, options.accuracyThreshold, taken.faithful);
      candidates = evaluateCircuits(model, space, test, start, end, (masks, rows) => {
        view.masks = masks;
        view.rows = rows;
        if (accept && !accept(view)) return false;
        kept++;
        if (!counter) {
          onCircuit(view, null);
          return true;
        }
        // Summaries only: the count goes straight to the summary (the DP's when the fast path declines).
        if (inBulk && bulk?.groundingsInBulk) {
          const v = inBulk.countFast(view);
          if (Number.isNaN(v)) (bulkSummary as GroundingSummary).add(inBulk.countPlain(view));
          else (bulkSummary as GroundingSummary).addNumber(v);
          return true;
        }
        if (batch.push(masks, rows)) flush();
        return true;
      }, bulk, inBulk && !accept ? inBulk.bulkGroundings(bulkSummary as GroundingSummary) : undefined, range?.firstRows, taken?.unitKept);
      if (batch.length > 0) flush();
      counter?.flushSubtrees();
      if (counter) counters?.giveBack(counter);
      // Circuits counted in bulk were never reported one by one.
      if (bulk) kept += bulk.counted;
    });
  }
  const mappings = wants('mappings')
    ? hook('mappings', o, () => mappingSearch(model, gateTable(gate), options.formulaMaxDepth, options.iiaPairs))
    : { formulasChecked: 0, formulas: [] };
  return { gate, candidates, kept, formulas_checked: mappings.formulasChecked, formulas: mappings.formulas };
}

export function analyzeOutput(input: AnalysisInput, o: number, options: AnalysisOptions, hook: StageHook = noHook, range?: UnitRange): OutputAnalysis {
  const sizes = singleOutput(input.model, o).layerSizes;
  const circuits: OutputAnalysis['circuits'] = [];
  const { kept: _kept, ...summary } = analyzeOutputStream(input, o, options, (code, g) => circuits.push(toCircuitRecord(sizes, code, g)), hook, range);
  return { ...summary, circuits };
}

export function analyzeNetwork(input: AnalysisInput, options: AnalysisOptions, hook: StageHook = noHook): NetworkAnalysis {
  return { outputs: input.gates.map((_, o) => analyzeOutput(input, o, options, hook)) };
}
