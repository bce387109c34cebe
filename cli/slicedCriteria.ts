/**
 * `analyze CASE --criteria`: the analysis runs in slices as it does without criteria (this process,
 * the local pool, or the workers of --nats), the circuits summarised and listed up to --list-limit.
 * faithful and mean-ablation travel with each circuit slice, which keeps, lists and grounds only
 * the circuits that pass and says how many the paper's search kept. all-pairs-iia sets the slices'
 * IIA pairs; joint-iia and consistent filter each output's mappings once they are assembled, here.
 * consistent reads the kept circuits' node masks from their counts per unit, which the slices
 * return (a unit's circuits share their node masks). minimal-circuits compares every listed circuit
 * with the others here, once all are in (each slice's minimal circuits held: minimalLists.ts); its hosts for consistent are
 * the minimal ones. Only --max-circuits with a circuit criterion runs unsliced (criteriaAnalysis.ts).
 */
import { keptRecords, OutputCriteria } from '../shared/engine/applyCriteria.js';
import { keepMinimal } from '../shared/engine/keepMinimal.js';
import type { CircuitList } from '../shared/engine/circuitList.js';
import { DistributionBuilder } from '../shared/engine/groundingDistribution.js';
import { circuitJson } from '../coordinator/analysisJson.js';
import type { MinimalLists } from './minimalLists.js';
import { criteriaNames, judgedAlone, judgedAloneText, type Criteria } from '../shared/engine/criteria.js';
import { TooManyMappings } from '../shared/engine/mappingSearch.js';
import { outputHostGroups, type HostGroup } from '../shared/engine/mappingHosts.js';
import type { AnalysisInput, AnalysisOptions, NetworkModel } from '../shared/engine/types.js';
import type { OutputResult } from '../shared/wire/messages.js';
import type { SliceSpecAsks } from './analysisPlan.js';
import { tooManyMappingsError } from './flags.js';
import { criteriaJson, criteriaLines } from './summary.js';

/**
 * What the circuit slices are asked under these criteria. Under minimal-circuits consistent's hosts
 * are the minimal circuits, found among the listed ones: no counts per unit.
 */
export function sliceAsks(c: Criteria): SliceSpecAsks {
  const alone = judgedAloneText(c);
  return { ...(alone !== null && { criteria: alone }), ...(c.consistent && !c.minimalCircuits && { unitKept: true as const }), ...(c.minimalCircuits && { minimalList: true as const }) };
}

/** What the slices answered besides the paper's summary, per output (coordinator/sliceAsks.ts). */
export interface SliceAnswers {
  /** The circuits the paper's search kept, before the criteria judged in the slices; null without them. */
  readonly valid: readonly number[] | null;
  /** The kept circuits of every unit; null unless consistent asked for them. */
  readonly unitKept: readonly Float64Array[] | null;
}

export interface FilteredOutputs {
  readonly outputs: OutputResult[];
  /** Per output, what the JSON adds to it: the criteria applied (criteriaAnalysis.ts writes the same). */
  readonly extras: Record<string, unknown>[];
  /** Per output, the lines that follow its summary. */
  readonly lines: string[][];
  /** Under minimal-circuits: each output's kept circuits as the file's lines (its `circuits` left empty). */
  readonly circuitLines?: (o: number) => Iterable<string>;
}

/** An output's circuits under minimal-circuits: those listed, and which of them it keeps. */
interface MinimalOf {
  readonly list: CircuitList;
  readonly keep: Uint8Array;
}

/**
 * The assembled outputs under the criteria: each output's formulas filtered (their minimal sets
 * searched again in this process: they never travel), at most `listBound` mappings listed; with
 * consistent, against the kept circuits by node masks. The circuits are those the slices kept.
 */
export function filterAssembled(file: string, input: AnalysisInput, options: AnalysisOptions, criteria: Criteria, assembled: readonly OutputResult[], listBound: number, answers: SliceAnswers, minimalLists?: MinimalLists): FilteredOutputs {
  const names = criteriaNames(criteria);
  if (criteria.consistent && !criteria.minimalCircuits && !answers.unitKept) throw new RangeError('consistent needs the kept circuits by node masks');
  if (judgedAlone(criteria) && !answers.valid) throw new RangeError('the criteria judged in the slices need their valid counts');
  if (criteria.minimalCircuits && !minimalLists) throw new RangeError('minimal-circuits needs the listed circuits');
  const hosts = answers.unitKept && hostsOf(input.model, options.minSparsity, answers.unitKept);
  const minimal: (MinimalOf | null)[] = assembled.map((out, o) => (minimalLists && criteria.minimalCircuits && wantsCircuits(options) ? minimalOf(file, out, o, minimalLists) : null));
  const judged = assembled.map((assembledOut, o) => {
    const m = minimal[o];
    const out = m ? keptOf(assembledOut, m, options) : assembledOut;
    if (!options.stages.includes('mappings')) return { out, hosting: null };
    try {
      const { formulas, circuitsHostingMappings } = new OutputCriteria(input, o, options).mappings(out.formulas, criteria, m?.list ?? null, m?.keep ?? null, listBound, undefined, m ? undefined : hosts?.[o]);
      return { out: { ...out, formulas }, hosting: circuitsHostingMappings };
    } catch (err) {
      if (err instanceof TooManyMappings) throw tooManyMappingsError(file, err);
      throw err;
    }
  });
  return {
    outputs: judged.map((j) => j.out),
    extras: judged.map(({ hosting }) => criteriaJson(names, hosting)),
    lines: judged.map(({ out, hosting }, o) => criteriaLines(names, options.stages, out.kept, answers.valid?.[o] ?? assembled[o]?.kept ?? out.kept, hosting)),
    ...(criteria.minimalCircuits && { circuitLines: (o: number) => keptLines(minimal[o] ?? null) }),
  };
}

const wantsCircuits = (options: AnalysisOptions): boolean => options.stages.includes('circuits') || options.stages.includes('groundings');

/** The output's listed circuits and the minimal ones among them; past the list limit, the command's one-line refusal. */
function minimalOf(file: string, out: OutputResult, o: number, minimalLists: MinimalLists): MinimalOf {
  const listed = minimalLists.listed(o);
  // The run stops as soon as an output passes the list limit (analyzeCommand.ts): this is a fault.
  if (out.circuits === null || listed !== out.kept) throw new RangeError(`${file}: output ${o} was not listed whole (${listed} of ${out.kept} circuits)`);
  const list = minimalLists.take(o);
  const keep = new Uint8Array(list.length).fill(1);
  keepMinimal(list, keep);
  return { list, keep };
}

/** The output with the minimal circuits alone: their count and distribution (the file writes them from the list). */
function keptOf(out: OutputResult, { list, keep }: MinimalOf, options: AnalysisOptions): OutputResult {
  const dist = new DistributionBuilder();
  let kept = 0;
  keep.forEach((k, i) => {
    if (!k) return;
    kept++;
    dist.add(list.groundings[i] ?? null);
  });
  return { ...out, kept, circuits: [], groundings: options.stages.includes('groundings') ? dist.buildPacked() : null };
}

function* keptLines(m: MinimalOf | null): Generator<string> {
  if (m) for (const record of keptRecords(m)) yield JSON.stringify(circuitJson(record));
}

/** Each output's kept circuits by node masks, from their counts per unit. */
function hostsOf(model: NetworkModel, minSparsity: number, unitKept: readonly Float64Array[]): HostGroup[][] {
  return unitKept.map((kept, o) => outputHostGroups(model, o, minSparsity, kept));
}
