/**
 * `analyze CASE --criteria` with every criterion but minimal-circuits. Each either judges one
 * circuit alone (faithful, mean-ablation) or the minimal mappings (joint-iia, all-pairs-iia,
 * consistent), so the analysis runs in slices as it does without criteria (this process, the local
 * pool, or the workers of --nats), the circuits summarised and listed up to --list-limit.
 * faithful and mean-ablation travel with each circuit slice, which keeps, lists and grounds only
 * the circuits that pass and says how many the paper's search kept. all-pairs-iia sets the slices'
 * IIA pairs; joint-iia and consistent filter each output's mappings once they are assembled, here.
 * consistent reads the kept circuits' node masks from their counts per unit, which the slices
 * return: a unit's circuits share their node masks. minimal-circuits compares every kept circuit
 * with the others, so it needs them all in one process: it runs unsliced (criteriaAnalysis.ts).
 */
import { OutputCriteria } from '../shared/engine/applyCriteria.js';
import { criteriaNames, judgedAlone, judgedAloneText, type Criteria } from '../shared/engine/criteria.js';
import { TooManyMappings } from '../shared/engine/mappingSearch.js';
import { outputHostGroups, type HostGroup } from '../shared/engine/mappingHosts.js';
import type { AnalysisInput, AnalysisOptions, NetworkModel } from '../shared/engine/types.js';
import type { OutputResult } from '../shared/wire/messages.js';
import type { SliceAsks } from './analysisPlan.js';
import { tooManyMappingsError } from './flags.js';
import { criteriaJson, criteriaLines } from './summary.js';

/** Whether the analysis can run in slices under these criteria: none compares circuits with each other. */
export const criteriaInSlices = (c: Criteria): boolean => !c.minimalCircuits;

/** What the circuit slices are asked under these criteria (sliceable ones: `criteriaInSlices`). */
export function sliceAsks(c: Criteria): SliceAsks {
  const alone = judgedAloneText(c);
  return { ...(alone !== null && { criteria: alone }), ...(c.consistent && { unitKept: true as const }) };
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
}

/**
 * The assembled outputs under the criteria: each output's formulas filtered (their minimal sets
 * searched again in this process: they never travel), at most `listBound` mappings listed; with
 * consistent, against the kept circuits by node masks. The circuits are those the slices kept.
 */
export function filterAssembled(file: string, input: AnalysisInput, options: AnalysisOptions, criteria: Criteria, assembled: readonly OutputResult[], listBound: number, answers: SliceAnswers): FilteredOutputs {
  const names = criteriaNames(criteria);
  if (criteria.consistent && !answers.unitKept) throw new RangeError('consistent needs the kept circuits by node masks');
  if (judgedAlone(criteria) && !answers.valid) throw new RangeError('the criteria judged in the slices need their valid counts');
  const hosts = answers.unitKept && hostsOf(input.model, options.minSparsity, answers.unitKept);
  const judged = assembled.map((out, o) => {
    if (!options.stages.includes('mappings')) return { out, hosting: null };
    try {
      const { formulas, circuitsHostingMappings } = new OutputCriteria(input, o, options).mappings(out.formulas, criteria, null, null, listBound, undefined, hosts?.[o]);
      return { out: { ...out, formulas }, hosting: circuitsHostingMappings };
    } catch (err) {
      if (err instanceof TooManyMappings) throw tooManyMappingsError(file, err);
      throw err;
    }
  });
  return {
    outputs: judged.map((j) => j.out),
    extras: judged.map(({ hosting }) => criteriaJson(names, hosting)),
    lines: judged.map(({ out, hosting }, o) => criteriaLines(names, options.stages, out.kept, answers.valid?.[o] ?? out.kept, hosting)),
  };
}

/** Each output's kept circuits by node masks, from their counts per unit. */
function hostsOf(model: NetworkModel, minSparsity: number, unitKept: readonly Float64Array[]): HostGroup[][] {
  return unitKept.map((kept, o) => outputHostGroups(model, o, minSparsity, kept));
}
