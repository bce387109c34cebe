/**
 * `analyze CASE --criteria a,b,...`: the stricter criteria need every kept circuit of an output at
 * once (minimal-circuits compares them with each other), so the analysis runs unsliced in this
 * process, holds each output's kept circuits packed (CircuitList), bounded by --list-limit, then
 * filters them and the minimal mappings. The JSON keeps the golden shapes; each output records the
 * criteria applied.
 */
import { performance } from 'node:perf_hooks';
import { analyzeOutputStream, type StageHook } from '../shared/engine/analyze.js';
import { OutputCriteria } from '../shared/engine/applyCriteria.js';
import { CircuitList } from '../shared/engine/circuitList.js';
import { criteriaNames, criteriaOptions, requiredStages, type Criteria } from '../shared/engine/criteria.js';
import { DistributionBuilder } from '../shared/engine/groundingDistribution.js';
import { singleOutput } from '../shared/engine/network.js';
import type { AnalysisInput, AnalysisOptions } from '../shared/engine/types.js';
import type { OutputResult } from '../shared/wire/messages.js';
import { writeAnalysisJson } from './analysisFile.js';
import { UsageError } from './errors.js';
import { msText, outputSummary } from './summary.js';

/** Default bound on the kept circuits held per output under --criteria (about 40 MB at k = 3). */
export const DEFAULT_CRITERIA_LIMIT = 1_000_000;

class TooManyCircuits extends Error {
  override name = 'TooManyCircuits';
}

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

/** Every kept circuit of output o, packed; refuses past `limit`. */
function keptCircuits(run: CriteriaRun, o: number, options: AnalysisOptions, hook: StageHook): { list: CircuitList; candidates: number } {
  const list = new CircuitList(singleOutput(run.input.model, o).layerSizes);
  const circuitsOnly = { ...options, stages: options.stages.filter((s) => s !== 'mappings') };
  try {
    const out = analyzeOutputStream(run.input, o, circuitsOnly, (code, g) => {
      if (list.length >= run.limit) throw new TooManyCircuits();
      list.push(code.masks, code.rows, g);
    }, hook);
    return { list, candidates: out.candidates };
  } catch (err) {
    if (err instanceof TooManyCircuits) {
      throw new UsageError(`${run.file}: output ${o} keeps more than ${run.limit} circuits, and --criteria holds every kept circuit in memory; raise --list-limit (or 'all'), or narrow the search with --min-sparsity`);
    }
    throw err;
  }
}

export function analyzeWithCriteria(run: CriteriaRun, print: (line: string) => void): void {
  const { input, options, criteria, file } = run;
  for (const stage of requiredStages(criteria)) {
    if (!options.stages.includes(stage)) throw new UsageError(`${file}: --criteria ${criteriaNames(criteria).join(',')} needs the ${stage} stage; add it to --stages`);
  }
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
  const searchOptions = criteriaOptions(options, criteria);
  const wantsCircuits = options.stages.includes('circuits') || options.stages.includes('groundings');
  const counting = options.stages.includes('groundings');
  const outputs: OutputResult[] = [];
  const extras: Record<string, unknown>[] = [];
  const lines: string[] = [];
  input.gates.forEach((gate, o) => {
    const { list, candidates } = wantsCircuits ? keptCircuits(run, o, searchOptions, hook) : { list: null, candidates: 0 };
    const mappings = options.stages.includes('mappings') ? analyzeOutputStream(input, o, { ...searchOptions, stages: ['mappings'] }, () => {}, hook) : null;
    const t0 = performance.now();
    const outcome = new OutputCriteria(input, o, options).apply(list, mappings?.formulas ?? [], criteria);
    const criteriaMs = performance.now() - t0;
    const circuits = list ? list.records().filter((_, i) => outcome.keep[i] === 1) : [];
    const dist = new DistributionBuilder();
    for (const c of circuits) dist.add(c.groundings);
    const result: OutputResult = {
      gate,
      candidates,
      kept: circuits.length,
      groundings: counting ? dist.build() : null,
      circuits,
      formulas_checked: mappings?.formulas_checked ?? 0,
      formulas: outcome.formulas,
    };
    outputs.push(result);
    extras.push({ criteria: names, ...(outcome.circuitsHostingMappings !== null && { circuits_hosting_mappings: outcome.circuitsHostingMappings }) });
    lines.push(...outputSummary(result, o, options.stages, timings));
    if (list) lines.push(`  criteria:   ${names.join(', ')}: ${circuits.length} of ${list.length} valid circuits kept${msText(criteriaMs)}`);
    else lines.push(`  criteria:   ${names.join(', ')}${msText(criteriaMs)}`);
    if (outcome.circuitsHostingMappings !== null) lines.push(`  consistent: ${outcome.circuitsHostingMappings} of ${circuits.length} circuits host a kept mapping`);
  });
  if (run.json) writeAnalysisJson(run.json, outputs, undefined, extras);
  if (run.quiet) return;
  for (const line of lines) print(line);
  if (run.json) print(`wrote ${run.json}`);
}
