/**
 * Run events -> metrics and progress. Lives in the coordinator's main thread, the only place
 * that sees every result (registries are per thread).
 */
import type { NetworkShardResult, ResultMessage, ShardResultMessage } from '../shared/wire/messages.js';
import type { CollectEvent } from './collect.js';
import type { CoordinatorMetrics } from './metrics.js';
import type { RunEvents } from './runStudy.js';

export interface ProgressState {
  readonly total: number;
  done: number;
  /** Slices of large networks published and stored, and their estimated work (networkSlices.ts sliceWork). */
  slicesPlanned: number;
  slicesDone: number;
  sliceWorkPlanned: number;
  sliceWorkDone: number;
  /** Large networks whose slices are planned and not all in. */
  slicing: number;
  converged: number;
  failed: number;
  rejected: number;
  duplicates: number;
  /** Shards finished before this process started (resumed). */
  resumed: number;
  /** Seconds left at this process's pace (runEta); null until something is done here. */
  eta: number | null;
}

/**
 * Seconds left: networks not yet in slices by their count at the pace of those done here and,
 * while slices of large networks are pending, those slices by their estimated work at its pace
 * since the first were planned here; the longer of the two, as they share the workers. One large
 * network outlasts every other shard of a study many times over: counted as one network among
 * fourteen, a growth run about five hours from its end (two width-6 networks) said 54 s.
 */
export function runEta(p: ProgressState, elapsed: number, sliceElapsed: number): number | null {
  const fresh = p.done - p.resumed;
  const byNetworks = fresh > 0 ? (elapsed / fresh) * (p.total - p.done - p.slicing) : null;
  const workLeft = p.sliceWorkPlanned - p.sliceWorkDone;
  const bySlices = p.sliceWorkDone > 0 && workLeft > 0 ? (sliceElapsed / p.sliceWorkDone) * workLeft : null;
  if (byNetworks === null) return bySlices;
  return Math.max(byNetworks, bySlices ?? 0);
}

const STAGE_NAMES = ['train', 'circuits', 'groundings', 'mappings'] as const;
/** A worker counts as connected while it sent a result within this. */
export const WORKER_WINDOW_MS = 5 * 60_000;

/** What one computed result adds to the metrics: done, redelivered, its times. */
export function observeResult(metrics: CoordinatorMetrics, m: ShardResultMessage): void {
  metrics.shardsDone.inc();
  if ((m.delivery ?? 1) > 1) metrics.shardsRedelivered.inc();
  metrics.shardDuration.observe(m.durationMs / 1000);
  for (const s of STAGE_NAMES) if (m.stageMs[s] !== undefined) metrics.stageDuration.observe({ stage: s }, (m.stageMs[s] as number) / 1000);
}

export function instrumentRun(total: number, metrics: CoordinatorMetrics | null, now: () => number, onChange: (p: ProgressState) => void): { events: RunEvents; progress: ProgressState; resumed: (finished: Iterable<ResultMessage>) => void } {
  const progress: ProgressState = { total, done: 0, slicesPlanned: 0, slicesDone: 0, sliceWorkPlanned: 0, sliceWorkDone: 0, slicing: 0, converged: 0, failed: 0, rejected: 0, duplicates: 0, resumed: 0, eta: null };
  const startedAt = now();
  let slicesSince: number | null = null;
  /** Per large network with slices pending: their work planned and done, so that a failed one's rest leaves the ETA. */
  const pendingWork = new Map<number, { planned: number; done: number }>();
  const workersSeen = new Map<string, number>();
  metrics?.networksPlanned.inc(total);
  const updateGauges = (): void => {
    const at = now();
    progress.eta = runEta(progress, (at - startedAt) / 1000, (at - (slicesSince ?? at)) / 1000);
    if (!metrics) return;
    const left = total - progress.done;
    metrics.runProgress.set(total ? progress.done / total : 1);
    metrics.shardsPending.set(left);
    metrics.runEta.set(progress.eta ?? 0);
    for (const [w, t] of workersSeen) if (now() - t > WORKER_WINDOW_MS) workersSeen.delete(w);
    metrics.workersConnected.set(workersSeen.size);
  };
  const stored = (e: Extract<CollectEvent, { kind: 'stored' }>): void => {
    progress.done++;
    const w = pendingWork.get(e.index);
    if (w) {
      progress.sliceWorkPlanned -= w.planned - w.done;
      pendingWork.delete(e.index);
      progress.slicing = pendingWork.size;
    }
    const m = e.message;
    if (m.type === 'shard-failed') {
      progress.failed++;
      metrics?.shardsFailed.inc();
      return;
    }
    if (!e.assembled) {
      workersSeen.set(m.worker, now());
      if (metrics) observeResult(metrics, m);
    }
    if (m.result.kind !== 'network') return;
    const r = m.result as NetworkShardResult;
    if (!e.assembled) metrics?.candidatesEvaluated.inc(r.candidates);
    metrics?.networksTrained.inc();
    if (r.training.converged) {
      progress.converged++;
      metrics?.networksConverged.inc();
    }
    if (r.analysis) metrics?.networksAnalysed.inc();
  };
  const sliceStored = (index: number, m: ResultMessage, work: number): void => {
    progress.slicesDone++;
    progress.sliceWorkDone += work;
    const w = pendingWork.get(index);
    if (w) w.done += work;
    metrics?.slicesDone.inc();
    if (m.type !== 'shard-result') return;
    workersSeen.set(m.worker, now());
    if (metrics) observeResult(metrics, m);
    if (m.result.kind === 'circuit-slice') metrics?.candidatesEvaluated.inc(m.result.candidates);
  };
  const events: RunEvents = {
    onPublished(count) {
      metrics?.shardsPublished.inc(count);
      updateGauges();
      onChange(progress);
    },
    onCollect(e) {
      if (e.kind === 'stored') stored(e);
      else if (e.kind === 'slices-planned') {
        slicesSince ??= now();
        progress.slicesPlanned += e.count;
        progress.sliceWorkPlanned += e.work;
        const w = pendingWork.get(e.index) ?? { planned: 0, done: 0 };
        w.planned += e.work;
        pendingWork.set(e.index, w);
        progress.slicing = pendingWork.size;
        metrics?.slicesPlanned.inc(e.count);
        metrics?.shardsPublished.inc(e.count);
      } else if (e.kind === 'slice-stored') sliceStored(e.index, e.message, e.work);
      else if (e.kind === 'duplicate') progress.duplicates++;
      else if (e.kind === 'ack-failed') return;
      else {
        progress.rejected++;
        metrics?.messagesRejected.inc({ kind: 'result' });
      }
      updateGauges();
      onChange(progress);
    },
  };
  /** Networks stored before this process started: done, and converged or failed, as `stored` counts them. */
  const resumed = (finished: Iterable<ResultMessage>): void => {
    for (const m of finished) {
      progress.done++;
      progress.resumed++;
      if (m.type === 'shard-failed') progress.failed++;
      else if (m.result.kind === 'network' && m.result.training.converged) progress.converged++;
    }
  };
  return { events, progress, resumed };
}
