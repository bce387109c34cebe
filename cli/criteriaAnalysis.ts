/**
 * `analyze CASE --criteria a,b,... --max-circuits N` with a circuit criterion: --max-circuits
 * grounds the first N valid circuits, judged or not, which the slices (slicedCriteria.ts, every
 * other case) cannot, so the analysis runs unsliced in this process, holds each output's valid
 * circuits packed (CircuitList), bounded by --list-limit, then filters them and the minimal
 * mappings. The JSON keeps the golden shapes; each output records the criteria applied.
 */
import { performance } from 'node:perf_hooks';
import type { StageHook } from '../shared/engine/analyze.js';
import { analyzeOutputPacked, keptRecords, TooManyCircuits, type PackedCriteriaOutput } from '../shared/engine/applyCriteria.js';
import { criteriaNames, type Criteria } from '../shared/engine/criteria.js';
import { DistributionBuilder } from '../shared/engine/groundingDistribution.js';
import type { AnalysisInput, AnalysisOptions } from '../shared/engine/types.js';
import type { OutputResult } from '../shared/wire/messages.js';
import { circuitJson } from '../coordinator/analysisJson.js';
import { writeAnalysisJson } from './analysisFile.js';
import { tooManyCircuitsError, tooManyMappingsError } from './flags.js';
import { TooManyMappings } from '../shared/engine/mappingSearch.js';
import { criteriaJson, criteriaLines, outputSummary } from './summary.js';

export interface CriteriaRun {
  readonly file: string;
  readonly input: AnalysisInput;
  readonly options: AnalysisOptions;
  readonly criteria: Criteria;
  /** Most kept circuits held per output (Infinity: no bound). */
  readonly limit: number;
  readonly json?: string;
  readonly quiet: boolean;
}

/** Output o under the run's criteria; past the run's limit, one line naming the fix. */
function outputUnder(run: CriteriaRun, o: number, hook: StageHook): PackedCriteriaOutput {
  try {
    return analyzeOutputPacked(run.input, o, run.options, run.criteria, hook, run.limit);
  } catch (err) {
    if (err instanceof TooManyCircuits) {
      throw tooManyCircuitsError(run.file, err);
    }
    if (err instanceof TooManyMappings) throw tooManyMappingsError(run.file, err);
    throw err;
  }
}

/** The caller has checked that the stages the criteria need run (analyzeCommand.ts). */
export function analyzeWithCriteria(run: CriteriaRun, print: (line: string) => void): void {
  const { input, options, criteria } = run;
  const names = criteriaNames(criteria);
  const timings = new Map<string, number>();
  const hook: StageHook = (stage, o, fn) => {
    const t0 = performance.now();
    try {
      return fn();
    } finally {
      timings.set(`${stage}:${o}`, (timings.get(`${stage}:${o}`) ?? 0) + performance.now() - t0);
    }
  };
  const outputs: OutputResult[] = [];
  const packed: PackedCriteriaOutput[] = [];
  const extras: Record<string, unknown>[] = [];
  const lines: string[] = [];
  input.gates.forEach((_, o) => {
    const out = outputUnder(run, o, hook);
    const { criteria: applied, circuits_hosting_mappings: hosting, valid, list, keep, ...analysis } = out;
    const dist = new DistributionBuilder();
    let kept = 0;
    keep.forEach((k, i) => {
      if (!k) return;
      kept++;
      dist.add(list?.groundings[i] ?? null);
    });
    // The kept circuits stay packed; the file builds their records one at a time (an empty list: listed, written from the packed one).
    const result: OutputResult = { ...analysis, kept, circuits: [], groundings: options.stages.includes('groundings') ? dist.buildPacked() : null };
    outputs.push(result);
    packed.push(out);
    extras.push(criteriaJson(applied, hosting));
    lines.push(...outputSummary(result, o, options.stages, timings), ...criteriaLines(names, options.stages, result.kept, valid, hosting));
  });
  if (run.json) writeAnalysisJson(run.json, outputs, (o) => keptLines(packed[o] as PackedCriteriaOutput), extras);
  if (run.quiet) return;
  for (const line of lines) print(line);
  if (run.json) print(`wrote ${run.json}`);
}

function* keptLines(out: PackedCriteriaOutput): Generator<string> {
  for (const record of keptRecords(out)) yield JSON.stringify(circuitJson(record));
}
