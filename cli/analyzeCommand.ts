/**
 * `identifiability analyze CASE.json`: every count of the paper for one network. The analysis is
 * planned as slices (circuit-space ranges and mapping searches, coordinator/networkSlices.ts):
 * one slice runs in this process; several run on the local pool (`--threads`), or on the workers
 * of a NATS server (`--nats`). Every path merges the same slice results exactly.
 */
import { createHash } from 'node:crypto';
import { compileAnalysisOptions, OptionsError, type AnalysisSettings } from '../shared/engine/options.js';
import type { AnalysisOptions, Gate, IiaPairs, Stage } from '../shared/engine/types.js';
import { CircuitSpool } from './circuitSpool.js';
import { candidatesOf, evaluateShard } from '../shared/evaluate/evaluateShard.js';
import type { OutputResult, ShardResultMessage, ShardSpec } from '../shared/wire/messages.js';
import { NetworkAssembler, networkSliceSpecs, DEFAULT_SLICE_CANDIDATES } from '../coordinator/networkSlices.js';
import { DEFAULT_LIST_LIMIT } from '../shared/evaluate/evaluateShard.js';
import { readCase } from './caseInput.js';
import { UsageError } from './errors.js';
import { stageTimer } from '../worker/stageTimer.js';
import { outputSummary } from './summary.js';
import { writeAnalysisJson } from './analysisFile.js';
import type { NatsFlags } from './natsFlags.js';

export interface AnalyzeFlags extends Partial<NatsFlags> {
  readonly json?: string;
  readonly iia?: IiaPairs;
  readonly minSparsity?: number;
  readonly accuracyThreshold?: number;
  readonly formulaMaxDepth?: number;
  readonly stages?: Stage[];
  readonly maxCircuits?: number;
  readonly quiet?: boolean;
  /** Most kept circuits listed per output; 'all' lists every one. @default 100000 */
  readonly listLimit?: number | 'all';
  /** Slice size in candidate circuits. @default 2e8 */
  readonly sliceCandidates?: number;
  readonly threads?: number;
}

export async function analyzeCommand(file: string, flags: AnalyzeFlags, print: (line: string) => void): Promise<void> {
  const { input, config } = await readCase(file);
  const settings: AnalysisSettings = {
    ...config,
    ...(flags.iia && { iiaPairs: flags.iia }),
    ...(flags.minSparsity !== undefined && { minSparsity: flags.minSparsity }),
    ...(flags.accuracyThreshold !== undefined && { accuracyThreshold: flags.accuracyThreshold }),
    ...(flags.formulaMaxDepth !== undefined && { formulaMaxDepth: flags.formulaMaxDepth }),
    ...(flags.stages && { stages: flags.stages }),
    ...(flags.maxCircuits !== undefined && { maxCircuits: flags.maxCircuits }),
  };
  let options;
  try {
    options = compileAnalysisOptions(settings, input.model);
  } catch (err) {
    if (err instanceof OptionsError) throw new UsageError(`${file}: ${err.message}`, { cause: err });
    throw err;
  }
  const listLimit = flags.listLimit === 'all' ? null : flags.listLimit ?? DEFAULT_LIST_LIMIT;
  // --max-circuits counts the first N circuits in search order: one slice keeps that order.
  const sliceCandidates = options.maxCircuits !== null ? Infinity : flags.sliceCandidates ?? DEFAULT_SLICE_CANDIDATES;
  const specs = networkSliceSpecs({ model: input.model, validation: input.validation, grounding: input.grounding, gates: input.gates, analysis: options }, listLimit, sliceCandidates);
  // Lists go to disk slice by slice; only the file writer reads them back, in order.
  const spool = flags.json && listLimit !== 0 ? new CircuitSpool(flags.json) : null;
  try {
    await analyzeSlices(file, input.gates, specs, spool, listLimit, options, flags, print);
  } finally {
    spool?.remove();
  }
}

async function analyzeSlices(file: string, gates: readonly Gate[], specs: ShardSpec[], spool: CircuitSpool | null, listLimit: number | null, options: AnalysisOptions, flags: AnalyzeFlags, print: (line: string) => void): Promise<void> {
  const assembler = new NetworkAssembler(gates, specs, listLimit ?? Infinity, spool ? (o, start, circuits) => spool.write(o, start, circuits) : undefined);
  const timings = new Map<string, number>();
  const take = (m: ShardResultMessage): void => {
    const r = m.result;
    if (r.kind === 'network') throw new Error('a network result in a slice run');
    const o = r.output;
    for (const [stage, ms] of Object.entries(m.stageMs)) timings.set(`${stage}:${o}`, (timings.get(`${stage}:${o}`) ?? 0) + ms);
    assembler.add(r);
  };
  const circuitSlices = specs.filter((s) => s.kind === 'circuit-slice').length;
  if (flags.nats || process.env.NATS_URL) await runOverNats(file, specs, flags, take, print);
  else if (circuitSlices > gates.length && (flags.threads ?? 2) > 1) await runOnPool(specs, flags, take, print);
  else runInProcess(specs, take);
  const outputs = assembler.finish();
  if (flags.json) writeAnalysisJson(flags.json, outputs, spool ? (o) => spool.lines(o) : undefined);
  if (!flags.quiet) {
    outputs.forEach((out: OutputResult, o) => {
      for (const line of outputSummary(out, o, options.stages, timings)) print(line);
    });
    if (flags.json) print(`wrote ${flags.json}`);
  }
}

/** One slice after another on this thread, timed like a worker's task. */
function runInProcess(specs: readonly ShardSpec[], take: (m: ShardResultMessage) => void): void {
  for (const spec of specs) {
    const stages = stageTimer();
    const result = evaluateShard(spec, (stage, run) => stages.time(stage, run));
    take({ type: 'shard-result', v: 1, planId: 'local', shardId: 'local:0', worker: 'local', durationMs: 0, stageMs: Object.fromEntries(stages.timings), result });
  }
}

/** The plan id of one case's analysis: the same case and settings give the same shard ids. */
function analysisPlanId(file: string, specs: readonly ShardSpec[]): string {
  const h = createHash('sha256').update(file);
  for (const s of specs) h.update(JSON.stringify(s, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v)));
  return `a${h.digest('hex').slice(0, 11)}`;
}

/** Slices done so far: a bar on a terminal, a line every 5 s otherwise (with the pace and an ETA). */
async function sliceProgress(total: number, print: (line: string) => void, quiet: boolean): Promise<{ tick(fresh: boolean, candidates: number): void; stop(): void }> {
  if (quiet) return { tick() {}, stop() {} };
  const started = Date.now();
  let done = 0;
  let candidates = 0;
  if (process.stderr.isTTY) {
    const { default: cliProgress } = await import('cli-progress');
    const bar = new cliProgress.SingleBar({ format: 'slices {bar} {value}/{total} | {rate} candidates/s | ETA {eta_formatted}', hideCursor: true, etaBuffer: 50, stream: process.stderr }, cliProgress.Presets.shades_classic);
    bar.start(total, 0, { rate: '0' });
    return {
      tick(fresh, c) {
        if (!fresh) return;
        done++;
        candidates += c;
        bar.update(done, { rate: (candidates / Math.max(0.001, (Date.now() - started) / 1000)).toExponential(2) });
      },
      stop: () => bar.stop(),
    };
  }
  let last = started;
  return {
    tick(fresh, c) {
      if (!fresh) return;
      done++;
      candidates += c;
      const now = Date.now();
      if (now - last < 5000 && done !== total) return;
      last = now;
      const elapsed = (now - started) / 1000;
      const eta = Math.round((elapsed / done) * (total - done));
      print(`progress: ${done}/${total} slices, ${(candidates / Math.max(0.001, elapsed)).toExponential(2)} candidates/s, ${Math.round(elapsed)} s elapsed, ETA ${eta} s`);
    },
    stop() {},
  };
}

async function runOnPool(specs: readonly ShardSpec[], flags: AnalyzeFlags, take: (m: ShardResultMessage) => void, print: (line: string) => void): Promise<void> {
  const [{ memoryTransport }, { createPool, defaultThreads }, { withLocalWorker }, { runShardSet }] = await Promise.all([
    import('../transport/memoryTransport.js'),
    import('../worker/pool.js'),
    import('./localWorker.js'),
    import('../coordinator/shardSet.js'),
  ]);
  const transport = memoryTransport({ ackWaitMs: 60 * 60_000 });
  const pool = createPool(flags.threads ?? defaultThreads());
  const progress = await sliceProgress(specs.length, print, flags.quiet === true || specs.length < 50);
  try {
    await withLocalWorker(transport, pool, () => runShardSet(transport, 'local', specs, (_i, m) => take(m), { onResult: (_i, m, fresh) => progress.tick(fresh, candidatesOf(m.result)) }));
  } finally {
    progress.stop();
    await pool.close();
    await transport.close();
  }
}

async function runOverNats(file: string, specs: readonly ShardSpec[], flags: AnalyzeFlags, take: (m: ShardResultMessage) => void, print: (line: string) => void): Promise<void> {
  const [{ natsTransport }, { natsConnection, queueFlags, DEFAULT_PREFIX }, { runShardSet, ShardSetFailed }, { claimRun, markDone, RunConflict }, { ConfigError, TransportError }] = await Promise.all([
    import('../transport/natsTransport.js'),
    import('./natsFlags.js'),
    import('../coordinator/shardSet.js'),
    import('../coordinator/runState.js'),
    import('../shared/wire/errors.js'),
  ]);
  const natsFlags = { prefix: DEFAULT_PREFIX, ...flags } as NatsFlags;
  const connection = natsConnection(natsFlags, process.env, 'identifiability-analyze');
  if (!connection) throw new UsageError('--nats: no server URL');
  let transport;
  try {
    transport = await natsTransport({ prefix: natsFlags.prefix, connection, ...queueFlags(natsFlags) });
  } catch (err) {
    if (err instanceof ConfigError || err instanceof TransportError) throw new UsageError(`--nats: ${err.message}`, { cause: err });
    throw err;
  }
  const planId = analysisPlanId(file, specs);
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await claimRun(transport, { planId, study: `analyze ${file}`, networks: 1 });
    if (!flags.quiet) print(`analyze ${file}: ${specs.length} slices through NATS (prefix ${natsFlags.prefix}, plan ${planId})`);
    const progress = await sliceProgress(specs.length, print, flags.quiet === true);
    try {
      await runShardSet(transport, planId, specs, (_i, m) => take(m), { signal: stop.signal, onResult: (_i, m, fresh) => progress.tick(fresh, candidatesOf(m.result)) });
    } finally {
      progress.stop();
    }
    await markDone(transport);
  } catch (err) {
    if (err instanceof ShardSetFailed || err instanceof RunConflict) throw new UsageError(err.message, { cause: err });
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await transport.close();
  }
}
