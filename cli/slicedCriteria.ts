/**
 * `analyze CASE --criteria` with mapping criteria only (joint-iia, all-pairs-iia, consistent). They
 * judge the minimal mappings, never single circuits, so the analysis runs in slices as it does
 * without criteria (this process, the local pool, or the workers of --nats), the circuits
 * summarised and listed up to --list-limit. all-pairs-iia sets the slices' IIA pairs; joint-iia
 * and consistent filter each output's mappings once they are assembled, here. consistent reads the
 * valid circuits' node masks from a probe of every unit's kept circuits (keptProbe.ts), run first:
 * a unit's circuits share their node masks. The circuit criteria need every kept circuit of an
 * output at once: those run unsliced (criteriaAnalysis.ts).
 */
import { OutputCriteria } from '../shared/engine/applyCriteria.js';
import { criteriaNames, hasCircuitCriteria, type Criteria } from '../shared/engine/criteria.js';
import { TooManyMappings } from '../shared/engine/mappingSearch.js';
import { outputHostGroups, type HostGroup } from '../shared/engine/mappingHosts.js';
import type { AnalysisInput, AnalysisOptions, NetworkModel } from '../shared/engine/types.js';
import type { OutputResult } from '../shared/wire/messages.js';
import { tooManyMappingsError } from './flags.js';
import { criteriaJson, criteriaLines } from './summary.js';

/** Whether the analysis can run in slices under these criteria: no criterion judges a circuit. */
export const criteriaInSlices = (c: Criteria): boolean => !hasCircuitCriteria(c);

export interface FilteredOutputs {
  readonly outputs: OutputResult[];
  /** Per output, what the JSON adds to it: the criteria applied (criteriaAnalysis.ts writes the same). */
  readonly extras: Record<string, unknown>[];
  /** Per output, the lines that follow its summary. */
  readonly lines: string[][];
}

/**
 * The assembled outputs under mapping criteria: each output's formulas filtered (their minimal
 * sets searched again in this process: they never travel), at most `listBound` mappings listed;
 * with consistent, against `hosts[o]` (the output's valid circuits by node masks). The circuits
 * are every valid one, as no criterion here filters them.
 */
export function filterAssembled(file: string, input: AnalysisInput, options: AnalysisOptions, criteria: Criteria, assembled: readonly OutputResult[], listBound: number, hosts?: readonly (readonly HostGroup[])[]): FilteredOutputs {
  const names = criteriaNames(criteria);
  if (criteria.consistent && !hosts) throw new RangeError('consistent needs the valid circuits by node masks');
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
    lines: judged.map(({ out, hosting }) => criteriaLines(names, options.stages, out.kept, out.kept, hosting)),
  };
}

/** Each output's valid circuits by node masks, from the probes' kept circuits per unit. */
export function hostsOf(model: NetworkModel, minSparsity: number, unitKept: readonly Float64Array[]): HostGroup[][] {
  return unitKept.map((kept, o) => outputHostGroups(model, o, minSparsity, kept));
}
