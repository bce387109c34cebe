/**
 * `identifiability analyze CASE.json`: every count of the paper for one network. The analysis is
 * planned as slices (circuit-space ranges and mapping searches, coordinator/networkSlices.ts):
 * one slice runs in this process; several run on the local pool (`--threads`), or on the workers
 * of a NATS server (`--nats`). Every path merges the same slice results exactly.
 */
import { compileAnalysisOptions, OptionsError, type AnalysisSettings } from '../shared/engine/options.js';
import { allStages, type AnalysisOptions, type Gate, type IiaPairs } from '../shared/engine/types.js';
import { CircuitSpool } from './circuitSpool.js';
import type { OutputResult, ShardResultMessage, ShardSpec } from '../shared/wire/messages.js';
import { sliceKey, DEFAULT_SLICE_CANDIDATES } from '../coordinator/networkSlices.js';
import { type AssemblerOptions, NetworkAssembler } from '../coordinator/networkAssembler.js';
import { analysisPlan, probeResult, type AnalysisPlan } from './analysisPlan.js';
import { ProbeError } from '../coordinator/keptProbe.js';
import { DEFAULT_LIST_LIMIT } from '../shared/evaluate/evaluateShard.js';
import { readModelInput, writeWarnings, type TaskFlags } from './modelInput.js';
import { settingsError, UsageError } from './errors.js';
import { inProcessRunner, natsRunner, poolRunner } from './sliceRunners.js';
import { abortOnSignals } from './abortOnSignals.js';
import { outputSummary } from './summary.js';
import { DEFAULT_CRITERIA_LIMIT } from './flags.js';
import { writeAnalysisJson } from './analysisFile.js';
import { takeOverNeedsNats, type NatsFlags } from './natsFlags.js';
import { coordinatorLine, SliceTimes, SliceTimesFile, threadCpu, type SliceTimeRecord } from './sliceTimes.js';
import { publicationOrder } from '../coordinator/publicationOrder.js';
import type { MetricsEdge } from './runEdges.js';
import type { SliceMetrics } from '../coordinator/sliceMetrics.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { criteriaNames, hasCircuitCriteria, isPaper, requiredStages, type Criteria } from '../shared/engine/criteria.js';
import { mappingListBound } from '../shared/engine/mappingSearch.js';
import { filterAssembled, sliceAsks, type FilteredOutputs, type SliceAnswers } from './slicedCriteria.js';
import { MinimalLists } from './minimalLists.js';
import { MAX_SLICE_LIST } from '../shared/engine/circuitSlices.js';
import { singleOutput } from '../shared/engine/network.js';
import { SliceAsksError, SliceAsksTally } from '../coordinator/sliceAsks.js';

export interface AnalyzeFlags extends Partial<NatsFlags>, TaskFlags {
  readonly json?: string;
  readonly iia?: IiaPairs;
  readonly minSparsity?: number;
  readonly accuracyThreshold?: number;
  readonly formulaMaxDepth?: number;
  readonly maxCircuits?: number;
  readonly quiet?: boolean;
  /** Most kept circuits listed per output; 'all' lists every one. @default 100000 */
  readonly listLimit?: number | 'all';
  /** Slice size in candidate circuits. @default 2e8 */
  readonly sliceCandidates?: number;
  readonly threads?: number;
  /** Worker threads that will take the slices over NATS: at most 128 slices each (SLICES_PER_WORKER). */
  readonly workers?: number;
  /** Where to write each slice's worker and time as JSON lines. */
  readonly sliceTimes?: string;
  /** Stricter criteria (issue 14); absent or empty: the paper's. */
  readonly criteria?: Criteria;
  /** Serve the coordinator's metrics on this port while the slices run. */
  readonly metricsPort?: number;
  /** Keep them up this long after the analysis. */
  readonly lingerMs?: number;
}

export async function analyzeCommand(file: string, flags: AnalyzeFlags, print: (line: string) => void): Promise<void> {
  takeOverNeedsNats(flags);
  const { input, config, labels, unavailable, notes, warnings } = await readModelInput(file, flags);
  // Stages these inputs cannot feed (continuous inputs, no gate) are dropped with the reason.
  const asked = flags.stages ?? allStages;
  const stages = asked.filter((s) => !unavailable.has(s));
  const skipped = asked.filter((s) => unavailable.has(s)).map((s) => `${s}: not counted: ${unavailable.get(s)}`);
  if (stages.length === 0) throw new UsageError(`${file}: none of the stages ${asked.join(',')} can run: ${skipped.join('; ')}`);
  const hidden = input.model.layerSizes.length - 2;
  const criteria = flags.criteria && !isPaper(flags.criteria) ? flags.criteria : null;
  const settings: AnalysisSettings = {
    ...config,
    ...(flags.iia && { iiaPairs: flags.iia }),
    // The slices search the mappings as the criteria ask (all-pairs-iia: every ordered pair).
    ...(criteria?.allPairsIia && { iiaPairs: 'all-pairs' as const }),
    ...(flags.minSparsity !== undefined && { minSparsity: flags.minSparsity }),
    ...(flags.accuracyThreshold !== undefined && { accuracyThreshold: flags.accuracyThreshold }),
    // Without the formula search its depth is unused: keep a deep network's default in range.
    ...(!stages.includes('mappings') && config.formulaMaxDepth === undefined && { formulaMaxDepth: Math.min(hidden + 1, 4) }),
    ...(flags.formulaMaxDepth !== undefined && { formulaMaxDepth: flags.formulaMaxDepth }),
    stages,
    ...(flags.maxCircuits !== undefined && { maxCircuits: flags.maxCircuits }),
  };
  if (!flags.quiet) for (const line of [...notes, ...skipped]) print(line);
  writeWarnings(warnings);
  let options;
  try {
    options = compileAnalysisOptions(settings, input.model);
  } catch (err) {
    if (err instanceof OptionsError) throw settingsError(file, err, flags);
    throw err;
  }
  if (criteria) {
    for (const stage of requiredStages(criteria)) {
      if (!options.stages.includes(stage)) throw new UsageError(`${file}: --criteria ${criteriaNames(criteria).join(',')} needs the ${stage} stage; add it to --stages`);
    }
  }
  // --max-circuits grounds the first N valid circuits, judged or not: only the unsliced run does.
  if (criteria && hasCircuitCriteria(criteria) && options.maxCircuits !== null) {
    if (flags.nats || flags.sliceCandidates !== undefined || flags.workers !== undefined || flags.sliceTimes || flags.metricsPort !== undefined) throw new UsageError(`--criteria ${criteriaNames(criteria).join(',')} with --max-circuits runs the analysis in this process, unsliced (it grounds the first valid circuits before the circuit criteria judge them); drop --nats, --slice-candidates, --workers, --slice-times and --metrics-port, or leave out --max-circuits`);
    const { analyzeWithCriteria } = await import('./criteriaAnalysis.js');
    const limit = flags.listLimit === 'all' ? Infinity : flags.listLimit ?? DEFAULT_CRITERIA_LIMIT;
    analyzeWithCriteria({ file, input, options, criteria, limit, quiet: flags.quiet === true, ...(flags.json && { json: flags.json }) }, print);
    return;
  }
  // Under criteria the kept circuits are listed up to the criteria's own default, as unsliced.
  const listLimit = flags.listLimit === 'all' ? null : flags.listLimit ?? (criteria ? DEFAULT_CRITERIA_LIMIT : DEFAULT_LIST_LIMIT);
  // --max-circuits counts the first N circuits in search order: one slice keeps that order.
  const sliceCandidates = options.maxCircuits !== null ? Infinity : flags.sliceCandidates ?? DEFAULT_SLICE_CANDIDATES;
  const nats = !!(flags.nats || process.env.NATS_URL);
  if (flags.workers !== undefined && !nats) throw new UsageError('--workers sizes the plan for the workers of --nats; the local pool\'s size is --threads');
  // Over NATS the plan is capped only when told the fleet; the local pool keeps the grain alone:
  // capped by its two threads, k = 6 took 49 min 32 s against 46 min 36 s uncapped, one run after
  // the other (within this machine's drift, not the gain seen over NATS: docs/performance.md).
  const asks = criteria ? sliceAsks(criteria) : {};
  const plan = analysisPlan(file, { model: input.model, validation: input.validation, grounding: input.grounding, gates: input.gates, analysis: options }, listLimit, sliceCandidates, nats ? flags.workers : undefined, asks);
  const where = nats ? 'nats' : plan.probes.length > 0 || plan.slices().filter((s) => s.kind === 'circuit-slice').length > input.gates.length ? 'pool' : 'here';
  // Lists of several slices go to disk slice by slice; only the file writer reads them back, in
  // order. One slice per output runs on this thread, its list in its result already: no spool,
  // so a Ctrl-C that ends the process there leaves nothing behind.
  // On the pool or over NATS a Ctrl-C (or SIGTERM) stops the run cleanly from before the spool
  // exists: taken only once the runner had started, one in the imports and the connection before
  // it ended the process as signals do, with the spool left behind.
  const stop = where === 'here' ? null : abortOnSignals();
  // minimal-circuits compares each output's listed circuits once all are in: each slice's minimal ones held (minimalLists.ts), not spooled.
  const minimalLists = criteria?.minimalCircuits ? new MinimalLists((o) => singleOutput(input.model, o).layerSizes) : null;
  const spool = !minimalLists && flags.json && listLimit !== 0 && where !== 'here' ? new CircuitSpool(flags.json) : null;
  try {
    // The criteria filter the assembled outputs with what the slices answered (slicedCriteria.ts).
    const criteriaRun = criteria ? { tally: new SliceAsksTally(input.gates.length, input.model.layerSizes, options.minSparsity, { valid: asks.criteria !== undefined, unitKept: asks.unitKept === true }), minimalLists, filter: (outputs: readonly OutputResult[], answers: SliceAnswers): FilteredOutputs => filterAssembled(file, input, options, criteria, outputs, mappingListBound(listLimit ?? Infinity), answers, minimalLists ?? undefined) } : undefined;
    await analyzeSlices(file, input.gates, plan, spool, listLimit, options, flags, print, where, labels, stop?.signal, criteriaRun);
  } finally {
    stop?.release();
    spool?.remove();
  }
}

/** Under criteria: what the slices answered besides the summary, and the filter of the assembled outputs. */
interface CriteriaRun {
  readonly tally: SliceAsksTally;
  /** Under minimal-circuits: the listed circuits, which every output must keep whole. */
  readonly minimalLists: MinimalLists | null;
  readonly filter: (outputs: readonly OutputResult[], answers: SliceAnswers) => FilteredOutputs;
}

async function analyzeSlices(file: string, gates: readonly Gate[], plan: AnalysisPlan, spool: CircuitSpool | null, listLimit: number | null, options: AnalysisOptions, flags: AnalyzeFlags, print: (line: string) => void, where: 'nats' | 'pool' | 'here', labels?: readonly string[], signal: AbortSignal = new AbortController().signal, criteriaRun?: CriteriaRun): Promise<void> {
  // Set once the slices are planned (after the probes, when the plan has them).
  let assembler: NetworkAssembler | null = null;
  let times: SliceTimes | null = null;
  const timings = new Map<string, number>();
  const timesFile = flags.sliceTimes ? new SliceTimesFile(flags.sliceTimes) : null;
  const logLine = (r: SliceTimeRecord): void => timesFile?.write(r);
  const plannedFrom = (specs: ShardSpec[]): { assembler: NetworkAssembler; times: SliceTimes } => {
    // Off this thread, which reads the results (and over NATS bounds how fast any cluster can go).
    const lists = criteriaRun?.minimalLists ?? spool;
    const merged = new NetworkAssembler(gates, specs, listLimit ?? Infinity, {
      ...(lists && { spool: (o, at, circuits, listed) => lists.write(o, at, circuits, listed) } satisfies AssemblerOptions),
      mergeThreads: where !== 'here',
    });
    // Keyed in the order the runners hand the slices out (publicationOrder.ts), which the projection replays.
    const handedOut = publicationOrder(specs.length).map((i) => specs[i] as ShardSpec);
    const deep = specs.some((s) => s.kind === 'circuit-slice' && s.model.layerSizes.length > 4);
    return { assembler: merged, times: new SliceTimes(Date.now(), handedOut.flatMap((s) => (s.kind === 'network' ? [] : [sliceKey(s)])), deep, false, logLine) };
  };
  const probed = plan.probes.length > 0 ? plan.collector() : null;
  // The probes' own times: what they add to a run on this many workers (printed once they are in).
  const probeTimes = probed && new SliceTimes(Date.now(), publicationOrder(plan.probes.length).map((i) => sliceKey(plan.probes[i] as ShardSpec & { kind: 'circuit-slice' })), true, true, logLine);
  const take = (m: ShardResultMessage): Promise<void> | void => {
    if (!assembler || !times) {
      if (!probed) throw new Error('a slice result before the slices were planned');
      probeTimes?.add(m);
      try {
        probed.add(probeResult(m));
      } catch (err) {
        // Workers of mixed versions: the operator's to fix, said in one line.
        if (err instanceof ProbeError) throw new UsageError(err.message, { cause: err });
        throw err;
      }
      return;
    }
    times.add(m);
    const r = m.result;
    if (r.kind === 'network') throw new Error('a network result in a slice run');
    const o = r.output;
    for (const [stage, ms] of Object.entries(m.stageMs)) timings.set(`${stage}:${o}`, (timings.get(`${stage}:${o}`) ?? 0) + ms);
    if (r.kind === 'circuit-slice' && criteriaRun) {
      try {
        criteriaRun.tally.add(r);
      } catch (err) {
        if (err instanceof SliceAsksError) throw new UsageError(err.message, { cause: err });
        throw err;
      }
    }
    assembler.add(r);
    // minimal-circuits needs every valid circuit listed: past the limit the run stops at once.
    if (criteriaRun?.minimalLists && r.kind === 'circuit-slice' && !assembler.listing(o)) {
      // Under 'all', or past the most one slice lists, no --list-limit would list it.
      const slice = listLimit === null || r.kept > MAX_SLICE_LIST;
      const past = slice ? `${MAX_SLICE_LIST} circuits in one slice (the most a slice lists)` : `${listLimit} circuits`;
      const raise = slice ? '' : "raise --list-limit (or 'all'), ";
      throw new UsageError(`${file}: output ${o} keeps more than ${past}, and minimal-circuits compares each with the others; ${raise}narrow the search with --min-sparsity, or add faithful or mean-ablation (minimal-circuits is then taken among the circuits they keep)`);
    }
    return assembler.ready();
  };
  // Once every slice is in: the merged outputs to their files and the screen.
  const finish = (assembler: NetworkAssembler, times: SliceTimes): void => {
    // Outputs of --data without --gates are named after their target columns.
    const labelled = assembler.finish().map((o, i) => (labels ? { ...o, gate: (labels[i] ?? o.gate) as Gate } : o));
    const filtered = criteriaRun?.filter(labelled, { valid: criteriaRun.tally.valid(), unitKept: criteriaRun.tally.unitCounts() });
    const outputs = filtered?.outputs ?? labelled;
    // Every count is in: a Ctrl-C now waits for the files (written synchronously, 13 s for k = 6's
    // 379 MB) rather than end the process with half of one in a temporary file and the spool left.
    const finishing = (): void => {};
    process.on('SIGINT', finishing);
    process.on('SIGTERM', finishing);
    try {
      if (flags.json) writeAnalysisJson(flags.json, outputs, filtered?.circuitLines ?? (spool ? (o) => spool.lines(o) : undefined), filtered?.extras);
    } finally {
      process.off('SIGINT', finishing);
      process.off('SIGTERM', finishing);
    }
    if (!flags.quiet) {
      outputs.forEach((out: OutputResult, o) => {
        for (const line of outputSummary(out, o, options.stages, timings, { listAll: flags.json !== undefined && flags.listLimit === 'all', workerTime: where !== 'here' })) print(line);
        for (const line of filtered?.lines[o] ?? []) print(line);
      });
      for (const line of times.lines(Date.now())) print(line);
      if (where === 'nats') {
        const cpu = process.cpuUsage();
        print(coordinatorLine((cpu.user + cpu.system) / 1000, threadCpu()));
      }
      if (flags.json) print(`wrote ${flags.json}`);
    }
  };
  // Opened first: a port in use fails the command before any slice runs. Loaded only when asked
  // for: prom-client is most of a small analysis's start-up otherwise.
  let edge: MetricsEdge | null = null;
  let metrics: SliceMetrics | null = null;
  if (flags.metricsPort !== undefined) {
    const [{ openMetrics }, { SliceMetrics }] = await Promise.all([import('./runEdges.js'), import('../coordinator/sliceMetrics.js')]);
    edge = await openMetrics(flags.metricsPort);
    metrics = edge && new SliceMetrics(edge.metrics, Date.now);
    if (edge && !flags.quiet) print(`metrics on http://127.0.0.1:${edge.server.port}/metrics`);
  }
  const ctx = { take, print, quiet: flags.quiet === true, ...(metrics && { watch: metrics.batch.bind(metrics) }) };
  try {
    // Several slices go to the pool even with --threads 1: this thread stays free for Ctrl-C.
    const runner = where === 'nats' ? await natsRunner(ctx, flags, plan.id, `analyze ${file}`, signal) : where === 'pool' ? await poolRunner(ctx, flags.threads, signal) : inProcessRunner(ctx);
    let planned: ReturnType<typeof plannedFrom>;
    let specs: ShardSpec[];
    try {
      if (probed) {
        const t0 = Date.now();
        if (!flags.quiet) print(`probing the kept circuits of every unit first (${plan.probes.length} slices of the circuit search alone): the slices are planned from them, since their groundings are counted circuit by circuit`);
        await runner.run(plan.probes, 0);
        const counts = probed.counts();
        specs = plan.slices(counts);
        if (!flags.quiet) {
          print(`probed in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${counts.map((c) => c.reduce((a, b) => a + b, 0)).join(', ')} kept circuits; ${specs.length} slices planned from them`);
          for (const line of probeTimes?.lines(Date.now()) ?? []) print(line);
        }
      } else specs = plan.slices();
      planned = plannedFrom(specs);
      ({ assembler, times } = planned);
      const base = plan.probes.length;
      await runner.run(specs, base);
      // Outputs that keep at most the list limit: the slices whose list was cut at their share, again.
      const again = planned.assembler.relist().map((r) => r.shard);
      if (again.length) await runner.run(again, base + specs.length);
    } finally {
      await runner.close();
    }
    metrics?.finished();
    await planned.assembler.settle();
    finish(planned.assembler, planned.times);
    if (edge && flags.lingerMs) await sleep(flags.lingerMs);
  } catch (err) {
    // A stopped run's results are gone, but the times of its slices that ended are kept: what a run
    // that stalls on its last slices can still tell (which ended, so which did not).
    const note = timesFile?.stoppedNote() ?? '';
    if (note && err instanceof UsageError) throw new UsageError(`${err.message}${note}`, { cause: err });
    throw err;
  } finally {
    assembler?.close();
    timesFile?.close();
    await edge?.server.close();
  }
}
