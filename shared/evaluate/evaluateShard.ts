/**
 * One shard in, one result out: the pure, synchronous unit of work that a pool thread runs
 * (Temporal's activity shape). Timings come from the caller's stage hook; the engine has no clock.
 */
import type { StageHook } from '../engine/analyze.js';
import { summarizeCircuitSlice } from '../engine/circuitSlices.js';
import { probeUnits } from '../engine/keptProbe.js';
import type { CounterCache } from '../engine/counterCache.js';
import { gateTable } from '../engine/gates.js';
import { mappingListBound, mappingSearch } from '../engine/mappingSearch.js';
import { singleOutput } from '../engine/network.js';
import { trainNetwork } from '../train/train.js';
import { analyseCheckpoints } from './checkpoints.js';
import type { AnalysisInput, AnalysisOptions, FormulaRecord } from '../engine/types.js';
import { mappingSearchSlice } from '../engine/mappingSlices.js';
import { criteriaSets, parseCriteria, type CriterionCounts } from '../engine/criteria.js';
import { outputWithCriteria } from './criteriaCounts.js';
import type { CircuitSliceShardSpec, MappingPart, MappingSliceShardSpec, NetworkShardSpec, OutputResult, ShardResult, ShardSpec } from '../wire/messages.js';

/** Measures stage durations; `(stage, run) => run()` when timings are not wanted. */
export type Timer = <T>(stage: string, run: () => T) => T;
const untimed: Timer = (_stage, run) => run();

/** Default of `listLimit`: lists up to this many kept circuits per output. */
export const DEFAULT_LIST_LIMIT = 100_000;
const limitOf = (v: number | null | undefined): number => (v === null ? Infinity : v ?? DEFAULT_LIST_LIMIT);

/** One slice of the what-then-where search of one output. */
export function mappingPart(input: Pick<AnalysisInput, 'model' | 'gates'>, o: number, options: AnalysisOptions, slice: number, of: number, listBound?: number): MappingPart {
  const gate = input.gates[o];
  if (gate === undefined) throw new RangeError(`output ${o} has no gate`);
  return mappingSearchSlice(singleOutput(input.model, o), gateTable(gate), options.formulaMaxDepth, options.iiaPairs, { index: slice, of }, listBound);
}

function wholeMappings(input: Pick<AnalysisInput, 'model' | 'gates'>, o: number, options: AnalysisOptions, listLimit: number): { formulasChecked: number; formulas: FormulaRecord[] } {
  const gate = input.gates[o];
  if (gate === undefined) throw new RangeError(`output ${o} has no gate`);
  if (!options.stages.includes('mappings')) return { formulasChecked: 0, formulas: [] };
  return mappingSearch(singleOutput(input.model, o), gateTable(gate), options.formulaMaxDepth, options.iiaPairs, mappingListBound(listLimit));
}

/** Every count of one output, unsliced, with the list bounded by `listLimit`. */
export function analyzeOutputResult(input: AnalysisInput, o: number, options: AnalysisOptions, listLimit: number, hook: StageHook): OutputResult {
  const wantsCircuits = options.stages.includes('circuits') || options.stages.includes('groundings');
  const c = wantsCircuits ? summarizeCircuitSlice(input, o, options, undefined, listLimit, hook) : { candidates: 0, kept: 0, groundings: null, circuits: [] };
  const m = hook('mappings', o, () => wholeMappings(input, o, options, listLimit));
  return { gate: input.gates[o] as OutputResult['gate'], candidates: c.candidates, kept: c.kept, groundings: c.groundings, circuits: c.circuits, formulas_checked: m.formulasChecked, formulas: m.formulas };
}

function networkShard(spec: NetworkShardSpec, timer: Timer): ShardResult {
  const trained = timer('train', () => trainNetwork(spec.train, spec.checkpoints !== undefined ? { checkpointEvery: spec.checkpoints } : {}));
  const training = {
    finalLoss: trained.finalLoss,
    finalMse: trained.finalMse,
    ...(trained.evaluationMse !== undefined && { evaluationMse: trained.evaluationMse }),
    epochs: trained.epochs,
    validationAccuracy: trained.validationAccuracy,
    converged: trained.converged,
    patternWeights: trained.patternWeights,
  };
  const input: AnalysisInput = {
    id: `experiment-${spec.experiment}`,
    gates: spec.train.gates,
    model: trained.model,
    validation: trained.validation,
    grounding: trained.grounding,
  };
  const hook: StageHook = (stage, _o, run) => timer(stage, run);
  const analyse = trained.converged && !spec.split;
  // With criteria, each output is searched once into a list that every criteria set filters.
  const sets = spec.criteria !== undefined ? criteriaSets(parseCriteria(spec.criteria)) : null;
  const counts: CriterionCounts[] = [];
  const outputs = analyse
    ? input.gates.map((_, o) => {
        if (!sets) return analyzeOutputResult(input, o, spec.analysis, limitOf(spec.listLimit), hook);
        const r = outputWithCriteria(input, o, spec.analysis, sets, limitOf(spec.listLimit), hook);
        counts.push(...r.counts);
        return r.result;
      })
    : null;
  const candidates = outputs ? outputs.reduce((a, o) => a + o.candidates, 0) : 0;
  // Checkpoints are analysed for the networks the study analyses: converged, not split.
  const through =
    outputs && trained.checkpoints
      ? { checkpoints: analyseCheckpoints(trained.checkpoints, input, outputs, analyzeOutputResult, spec.analysis, limitOf(spec.listLimit), hook), firstTaskEpoch: trained.firstTaskEpoch ?? null }
      : {};
  const data = { validation: trained.validation, grounding: trained.grounding };
  // A split network's probe: its kept circuits unit by unit, from which the coordinator plans its slices.
  const probed = spec.split && spec.probe && trained.converged ? { unitKept: input.gates.map((_, o) => timer('circuits', () => probeUnits(input, o, spec.analysis).unitKept)) } : {};
  return { kind: 'network', experiment: spec.experiment, training, model: trained.model, data, analysis: outputs && { outputs }, candidates, ...(sets && outputs && { criteria: counts }), ...through, ...probed };
}

function circuitSlice(spec: CircuitSliceShardSpec, timer: Timer, counters: CounterCache | undefined): ShardResult {
  const input: AnalysisInput = { id: 'slice', gates: spec.gates, model: spec.model, validation: spec.validation, grounding: spec.grounding };
  const hook: StageHook = (stage, _o, run) => timer(stage, run);
  if (spec.probe) {
    const probed = timer('circuits', () => probeUnits(input, spec.output, spec.analysis, { start: spec.start, end: spec.end }));
    return { kind: 'circuit-slice', output: spec.output, start: spec.start, end: spec.end, candidates: probed.candidates, kept: probed.kept, groundings: null, circuits: null, unitKept: probed.unitKept };
  }
  const part = spec.firstRows && { firstRows: spec.firstRows };
  const asks = { ...(spec.criteria !== undefined && { criteria: parseCriteria(spec.criteria) }), ...(spec.unitKept && { unitKept: true }), ...(spec.countUnder && { countUnder: spec.countUnder.map(parseCriteria) }), ...(spec.packedList && { packed: true }), ...(spec.minimalList && { minimal: true }) };
  const out = summarizeCircuitSlice(input, spec.output, spec.analysis, { start: spec.start, end: spec.end, ...part }, limitOf(spec.listLimit), hook, counters, asks);
  return { kind: 'circuit-slice', output: spec.output, start: spec.start, end: spec.end, ...part, ...out };
}

function mappingSlice(spec: MappingSliceShardSpec, timer: Timer): ShardResult {
  const part = timer('mappings', () => mappingPart(spec, spec.output, spec.analysis, spec.slice, spec.of, spec.listBound));
  return { kind: 'mapping-slice', output: spec.output, slice: spec.slice, of: spec.of, part };
}

/**
 * `counters`: the calling thread's, so that its next slice of the same network starts where this
 * one ended (counterCache.ts); work of another kind lets its counter go.
 */
export function evaluateShard(spec: ShardSpec, timer: Timer = untimed, counters?: CounterCache): ShardResult {
  if (spec.kind !== 'circuit-slice') counters?.clear();
  switch (spec.kind) {
    case 'network':
      return networkShard(spec, timer);
    case 'circuit-slice':
      return circuitSlice(spec, timer, counters);
    case 'mapping-slice':
      return mappingSlice(spec, timer);
    default: {
      const never: never = spec;
      throw new TypeError(`unknown shard kind ${JSON.stringify(never)}`);
    }
  }
}

/** Candidate circuits a result evaluated (the throughput metric). */
export function candidatesOf(result: ShardResult): number {
  return result.kind === 'mapping-slice' ? 0 : result.candidates;
}
