/**
 * `identifiability run`: train and analyse a study's networks, embedded (default) or through NATS,
 * resumable in the same --out directory.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { instrumentRun, paceKey } from '../coordinator/instrument.js';
import { makePlan } from '../coordinator/plan.js';
import { findPreset, presets } from '../coordinator/presets.js';
import { RunDirError, openRunStore, warnDropped } from '../coordinator/runStore.js';
import { RunConflict } from '../coordinator/runState.js';
import { RunInterrupted, runStudy } from '../coordinator/runStudy.js';
import { compileStudyOptions, StudyConfigError, type StudyOptions } from '../coordinator/studyOptions.js';
import { createPool, defaultThreads } from '../worker/pool.js';
import { UsageError } from './errors.js';
import { takeOverNeedsNats, type NatsFlags } from './natsFlags.js';
import { progressView } from './progress.js';
import { abortOnSignals } from './abortOnSignals.js';
import { withLocalWorker } from './localWorker.js';
import { openMetrics, openTransport, type MetricsEdge } from './runEdges.js';
import { findingLines, studyFollowUp, writeStudyReport } from './studyReport.js';
import { hasCriteria } from '../coordinator/criteriaCsv.js';

export interface RunFlags extends StudyOptions, NatsFlags {
  readonly preset?: string;
  readonly out?: string;
  readonly threads?: number;
  readonly metricsPort?: number;
  readonly quiet?: boolean;
  /** Keep /metrics up this long after the run, so a scrape sees the final values. */
  readonly lingerMs?: number;
  /** Also write every trained network in this format beside its case file. */
  readonly saveModels?: 'safetensors';
}

const STUDY_KEYS: readonly (keyof StudyOptions)[] = [
  'gates', 'perGate', 'nGates', 'sizes', 'depths', 'experiments', 'seed', 'noiseStd', 'skewed', 'lossTargets', 'learningRates',
  'maxEpochs', 'batchSize', 'trainRepeats', 'validationRepeats', 'groundingRepeats', 'minSparsity', 'accuracyThreshold', 'iiaPairs', 'maxCircuits', 'listLimit', 'sliceCandidates', 'sliceWorkers',
  'criteria', 'l1Lambdas', 'l2Lambdas', 'dropoutRates', 'outputActivation', 'patience', 'checkpoints',
];

/**
 * The preset's options with every flag the user gave on top. A preset's explicit shapes (growth)
 * are narrowed by --sizes and --depths: `--preset growth --sizes 2,3,4,5` keeps its shapes of those
 * widths; when none is left, the flags' sizes x depths apply.
 */
export function studyOptionsOf(flags: RunFlags): { study: string; options: StudyOptions } {
  const preset = flags.preset ? findPreset(flags.preset) : undefined;
  if (flags.preset && !preset) throw new UsageError(`--preset: unknown preset '${flags.preset}' (expected one of ${presets.map((p) => p.name).join(', ')})`);
  const given: StudyOptions = Object.fromEntries(STUDY_KEYS.filter((k) => flags[k] !== undefined).map((k) => [k, flags[k]]));
  const { shapes, ...rest } = preset?.options ?? {};
  const kept = shapes?.filter(([k, d]) => (!given.sizes || given.sizes.includes(k)) && (!given.depths || given.depths.includes(d)));
  return { study: preset?.name ?? 'custom', options: { ...rest, ...(kept?.length && { shapes: kept }), ...given } };
}

function defaultOut(now: Date): string {
  return `runs/${now.toISOString().replace(/[:.]/g, '-')}`;
}

export async function runCommand(flags: RunFlags, print: (line: string) => void): Promise<void> {
  takeOverNeedsNats(flags);
  if (flags.preset && findPreset(flags.preset)?.kind === 'mnist') {
    const other = [...STUDY_KEYS.filter((k) => k !== 'seed' && k !== 'maxEpochs' && flags[k] !== undefined), ...(flags.saveModels ? ['saveModels'] : [])];
    if (other.length) throw new UsageError(`--preset mnist takes --seed, --epochs, --out and -q only, not ${other.join(', ')}`);
    return (await import('./mnistCommand.js')).mnistCommand(flags, print);
  }
  const { study, options } = studyOptionsOf(flags);
  let config;
  try {
    config = compileStudyOptions(options);
  } catch (err) {
    if (err instanceof StudyConfigError) throw new UsageError(err.message, { cause: err });
    throw err;
  }
  const plan = makePlan(study, config);
  const now = new Date();
  const out = flags.out ?? defaultOut(now);
  // Connect before the run directory is made: a run that cannot start leaves nothing behind.
  const { transport, distributed } = await openTransport(flags);
  let edge: MetricsEdge | null = null;
  let store;
  try {
    edge = await openMetrics(flags.metricsPort);
    store = await openRunStore(out, plan);
  } catch (err) {
    await edge?.server.close();
    await transport.close();
    if (err instanceof RunDirError) throw new UsageError(`--out: ${err.message}`, { cause: err });
    throw err;
  }
  const metrics = edge?.metrics ?? null;
  const server = edge?.server ?? null;
  const mode = flags.quiet ? 'quiet' : process.stderr.isTTY ? 'bar' : 'lines';
  const view = progressView(plan.networks.length, mode, print);
  const { events, resumed } = instrumentRun(plan.networks.length, metrics, Date.now, (p) => view.update(p), {
    paceKeyOf: (i) => paceKey(plan.networks[i]),
    ...(!distributed && { threads: flags.threads ?? defaultThreads() }),
  });
  resumed(store.finished.values());
  if (!flags.quiet) {
    print(`study ${study}: ${plan.networks.length} network${plan.networks.length === 1 ? '' : 's'}, plan ${plan.planId}, ${distributed ? `distributed (prefix ${flags.prefix})` : `embedded, ${flags.threads ?? defaultThreads()} threads`}, out ${out}`);
    if (store.finished.size) print(`resuming: ${store.finished.size} networks already done`);
    if (server) print(`metrics on http://127.0.0.1:${server.port}/metrics`);
  }
  const pool = distributed ? undefined : createPool(flags.threads ?? defaultThreads());
  const stop = abortOnSignals();
  // Ctrl-C ends the shards in progress with the pool: their work is lost either way (a result
  // that lands after the signal is not stored), so waiting for them only delays the exit.
  if (pool) stop.signal.addEventListener('abort', () => void pool.close(), { once: true });
  const t0 = Date.now();
  try {
    const summary = await withLocalWorker(transport, pool, () => runStudy({ plan, store, transport, signal: stop.signal, events, takeOver: flags.takeOver === true }));
    const followUp = await studyFollowUp(out, plan);
    await writeStudyReport(out, plan, summary, now.toISOString(), followUp?.sections);
    const saved = flags.saveModels ? await (await import('../coordinator/modelExport.js')).writeModelFiles(plan, store, flags.saveModels) : 0;
    view.stop();
    warnDropped(store.dropped, 'evaluated again in this run');
    if (!flags.quiet) {
      for (const line of findingLines(summary.rows)) print(line);
      for (const line of followUp?.lines ?? []) print(line);
      print(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${summary.converged} of ${summary.networks} networks converged and were analysed${summary.failed ? `, ${summary.failed} failed` : ''}`);
      // A network analysed as slices is counted without criteria under minimal-circuits past its list limit, or when a worker of an older version answered a slice (splitCriteria.ts).
      const uncounted = config.criteria !== undefined ? summary.rows.filter((r) => r.criteria === undefined).length : 0;
      if (uncounted > 0) print(`criteria: ${uncounted} of ${summary.rows.length} converged networks were analysed as slices and counted without criteria (docs/criteria.md: minimal-circuits compares every valid circuit with the others, which must then be listed, at most --list-limit; or a worker of an older version answered a slice)`);
      print(`wrote ${out}/df_out.csv,${hasCriteria(summary.rows) ? ` ${out}/criteria.csv,` : ''} ${out}/results.jsonl, ${out}/networks/${saved ? ` (${saved} networks also as .safetensors)` : ''}`);
      print(`report: ${out}/report.html`);
    }
    // Ctrl-C ends the linger early: the results are already written.
    if (server && flags.lingerMs) await sleep(flags.lingerMs, undefined, { signal: stop.signal }).catch(() => undefined);
  } catch (err) {
    view.stop();
    if (err instanceof RunInterrupted) throw new UsageError(err.message, { cause: err });
    if (err instanceof RunDirError) throw new UsageError(`--out: ${err.message}`, { cause: err });
    if (err instanceof RunConflict) throw new UsageError(`--prefix ${flags.prefix}: ${err.message}`, { cause: err });
    throw err;
  } finally {
    stop.release();
    await pool?.close();
    await transport.close();
    await server?.close();
  }
}
