/**
 * Run events -> metrics and progress. Lives in the coordinator's main thread, the only place
 * that sees every result (registries are per thread).
 */
import type { NetworkShardResult, ResultMessage } from '../shared/wire/messages.js';
import type { CollectEvent } from './collect.js';
import type { CoordinatorMetrics } from './metrics.js';
import type { RunEvents } from './runStudy.js';

export interface ProgressState {
  readonly total: number;
  done: number;
  /** Slices of large networks published and stored. */
  slicesPlanned: number;
  slicesDone: number;
  converged: number;
  failed: number;
  rejected: number;
  duplicates: number;
  /** Shards finished before this process started (resumed). */
  resumed: number;
}

const STAGE_NAMES = ['train', 'circuits', 'groundings', 'mappings'] as const;
const WORKER_WINDOW_MS = 5 * 60_000;

export function instrumentRun(total: number, metrics: CoordinatorMetrics | null, now: () => number, onChange: (p: ProgressState) => void): { events: RunEvents; progress: ProgressState } {
  const progress: ProgressState = { total, done: 0, slicesPlanned: 0, slicesDone: 0, converged: 0, failed: 0, rejected: 0, duplicates: 0, resumed: 0 };
  const startedAt = now();
  const workersSeen = new Map<string, number>();
  metrics?.networksPlanned.inc(total);
  const updateGauges = (): void => {
    if (!metrics) return;
    const fresh = progress.done - progress.resumed;
    const elapsed = (now() - startedAt) / 1000;
    const left = total - progress.done;
    metrics.runProgress.set(total ? progress.done / total : 1);
    metrics.shardsPending.set(left);
    metrics.runEta.set(fresh > 0 ? (elapsed / fresh) * left : 0);
    for (const [w, t] of workersSeen) if (now() - t > WORKER_WINDOW_MS) workersSeen.delete(w);
    metrics.workersConnected.set(workersSeen.size);
  };
  const stored = (e: Extract<CollectEvent, { kind: 'stored' }>): void => {
    progress.done++;
    const m = e.message;
    if (m.type === 'shard-failed') {
      progress.failed++;
      metrics?.shardsFailed.inc();
      return;
    }
    if (!e.assembled) {
      workersSeen.set(m.worker, now());
      metrics?.shardsDone.inc();
      if ((m.delivery ?? 1) > 1) metrics?.shardsRedelivered.inc();
      metrics?.shardDuration.observe(m.durationMs / 1000);
      for (const s of STAGE_NAMES) if (m.stageMs[s] !== undefined) metrics?.stageDuration.observe({ stage: s }, (m.stageMs[s] as number) / 1000);
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
  const sliceStored = (m: ResultMessage): void => {
    progress.slicesDone++;
    metrics?.slicesDone.inc();
    if (m.type !== 'shard-result') return;
    workersSeen.set(m.worker, now());
    metrics?.shardsDone.inc();
    if ((m.delivery ?? 1) > 1) metrics?.shardsRedelivered.inc();
    metrics?.shardDuration.observe(m.durationMs / 1000);
    for (const s of STAGE_NAMES) if (m.stageMs[s] !== undefined) metrics?.stageDuration.observe({ stage: s }, (m.stageMs[s] as number) / 1000);
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
        progress.slicesPlanned += e.count;
        metrics?.slicesPlanned.inc(e.count);
        metrics?.shardsPublished.inc(e.count);
      } else if (e.kind === 'slice-stored') sliceStored(e.message);
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
  return { events, progress };
}
