/**
 * `analyze CASE --criteria` with mapping criteria only (joint-iia, all-pairs-iia). They judge the
 * minimal mappings, never the circuits, so the analysis runs in slices as it does without criteria
 * (this process, the local pool, or the workers of --nats), the circuits summarised and listed up
 * to --list-limit. all-pairs-iia sets the slices' IIA pairs; joint-iia filters each output's
 * mappings once they are assembled, here. The circuit criteria and `consistent` need every kept
 * circuit of an output at once: those run unsliced (criteriaAnalysis.ts).
 */
import { OutputCriteria } from '../shared/engine/applyCriteria.js';
import { criteriaNames, hasCircuitCriteria, type Criteria } from '../shared/engine/criteria.js';
import { TooManyMappings } from '../shared/engine/mappingSearch.js';
import type { AnalysisInput, AnalysisOptions } from '../shared/engine/types.js';
import type { OutputResult } from '../shared/wire/messages.js';
import { tooManyMappingsError } from './flags.js';

/** Whether the analysis can run in slices under these criteria: no criterion looks at circuits. */
export const criteriaInSlices = (c: Criteria): boolean => !hasCircuitCriteria(c) && !c.consistent;

export interface FilteredOutputs {
  readonly outputs: OutputResult[];
  /** Per output, what the JSON adds to it: the criteria applied (criteriaAnalysis.ts writes the same). */
  readonly extras: Record<string, unknown>[];
  /** Per output, the line that follows its summary. */
  readonly lines: string[];
}

/**
 * The assembled outputs under mapping criteria: each output's formulas filtered (their minimal
 * sets searched again in this process: they never travel), at most `listBound` mappings listed.
 * The circuits are every valid one, as no criterion here filters them.
 */
export function filterAssembled(file: string, input: AnalysisInput, options: AnalysisOptions, criteria: Criteria, assembled: readonly OutputResult[], listBound: number): FilteredOutputs {
  const names = criteriaNames(criteria);
  const wantsCircuits = options.stages.includes('circuits') || options.stages.includes('groundings');
  const outputs = assembled.map((out, o) => {
    if (!options.stages.includes('mappings')) return out;
    try {
      return { ...out, formulas: new OutputCriteria(input, o, options).mappings(out.formulas, criteria, null, null, listBound).formulas };
    } catch (err) {
      if (err instanceof TooManyMappings) throw tooManyMappingsError(file, err);
      throw err;
    }
  });
  return {
    outputs,
    extras: outputs.map(() => ({ criteria: names })),
    lines: outputs.map((out) => `  criteria:   ${names.join(', ')}${wantsCircuits ? `: ${out.kept} of ${out.kept} valid circuits kept` : ''}`),
  };
}
