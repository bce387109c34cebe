/** The readable per-output summary that `analyze` prints. */
import { distinctCounts, distributionRange } from '../shared/engine/packedDistribution.js';
import { totalMappings } from '../shared/engine/mappingCount.js';
import { MAX_SLICE_LIST } from '../shared/engine/circuitSlices.js';
import type { Stage } from '../shared/engine/types.js';
import type { OutputResult } from '../shared/wire/messages.js';

export interface SummaryOptions {
  /**
   * `--list-limit all` with `--json`, where an output without its list must say why (one slice kept
   * more than MAX_SLICE_LIST circuits).
   */
  readonly listAll?: boolean;
  /**
   * The stage times are summed over slices that ran side by side (the pool, the workers): said so,
   * or a k = 6 run of 17 minutes would print a circuits stage of 32.
   */
  readonly workerTime?: boolean;
}

export function outputSummary(out: OutputResult, o: number, stages: readonly Stage[], timings: Map<string, number>, { listAll = false, workerTime = false }: SummaryOptions = {}): string[] {
  const ms = (stage: Stage, o: number): string => {
    const t = timings.get(`${stage}:${o}`);
    return t === undefined ? '' : ` (${t < 10 ? t.toFixed(1) : t.toFixed(0)} ms${workerTime ? ' of worker time' : ''})`;
  };
  const lines = [`output ${o} (${out.gate})`];
  if (stages.includes('circuits') || stages.includes('groundings')) {
    lines.push(`  circuits:   ${out.kept} kept of ${out.candidates} candidates${ms('circuits', o)}`);
    if (listAll && out.circuits === null && out.kept > 0) lines.push(`  not listed: a slice kept more than ${MAX_SLICE_LIST} circuits, the most one slice lists (the summary is exact)`);
  }
  if (stages.includes('groundings') && out.groundings) {
    const r = distributionRange(out.groundings);
    const range = r ? `min ${r.min}, median ${r.median}, max ${r.max}` : 'no circuit';
    const distinct = distinctCounts(out.groundings);
    const { uncounted } = out.groundings;
    // --max-circuits: the counts cover the first circuits only, which the line must say.
    const over = uncounted > 0 ? ` over ${out.kept - uncounted} of the ${out.kept} circuits (${uncounted} not counted: --max-circuits)` : '';
    lines.push(`  groundings: ${out.groundings.total} in total${over}; per circuit ${range}; ${distinct} distinct value${distinct === 1 ? '' : 's'}${ms('groundings', o)}`);
  }
  if (stages.includes('mappings')) {
    const mappings = totalMappings(out.formulas);
    lines.push(`  formulas:   ${out.formulas_checked} compute ${out.gate}, ${out.formulas.length} have a minimal mapping${ms('mappings', o)}`);
    const counted = out.formulas.some((f) => f.minimal_mappings === null) ? ' (counted, not listed: more than the list limit)' : '';
    lines.push(`  mappings:   ${mappings} minimal mappings in total${counted}`);
  }
  return lines;
}

/**
 * The lines that follow an output's summary under `--criteria`: the criteria applied with the valid
 * circuits they kept, and with consistent the circuits hosting a kept mapping. The same lines
 * whether the analysis ran unsliced or in slices (criteriaAnalysis.ts, slicedCriteria.ts).
 */
export function criteriaLines(names: readonly string[], stages: readonly Stage[], kept: number, valid: number, hosting: number | null): string[] {
  const wantsCircuits = stages.includes('circuits') || stages.includes('groundings');
  const lines = [`  criteria:   ${names.join(', ')}${wantsCircuits ? `: ${kept} of ${valid} valid circuits kept` : ''}`];
  if (hosting !== null) lines.push(`  consistent: ${hosting} of ${kept} circuits host a kept mapping`);
  return lines;
}

/** What `--json` adds to an output under `--criteria` (the same file unsliced or in slices). */
export const criteriaJson = (names: readonly string[], hosting: number | null): Record<string, unknown> => ({ criteria: names, ...(hosting !== null && { circuits_hosting_mappings: hosting }) });
