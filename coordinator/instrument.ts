/**
 * Run events -> metrics and progress. Lives in the coordinator's main thread, the only place
 * that sees every result (registries are per thread).
 */
import type { NetworkShardResult, NetworkShardSpec, ResultMessage, ShardResultMessage } from '../shared/wire/messages.js';
import type { CollectEvent } from './collect.js';
import type { CoordinatorMetrics } from './metrics.js';
import type { RunEvents } from './runStudy.js';

export interface ProgressState {
  readonly total: number;
  done: number;
  /** Slices of large networks published and stored (their estimated work is kept per network, for the ETA). */
  slicesPlanned: number;
  slicesDone: number;
  /** Large networks whose slices are planned and not all in. */
  slicing: number;
  converged: number;
  failed: number;
  rejected: number;
  duplicates: number;
  /** Shards finished before this process started (resumed). */
  resumed: number;
  /** At a restart, while a large network's stored slices are merged: how many files of how many are read. */
  merging: { readonly index: number; readonly read: number; readonly stored: number } | null;
  /** Seconds left at this process's pace (runEta); null until something is done here. */
  eta: number | null;
  /**
   * Large networks with slices pending whose pace is not known yet: none of their slices, nor any
   * of a network of the same shape, is in. While there are some, `eta` leaves them out: a floor.
   */
  untimed: number;
}

/** Networks whose slices share a pace: the same key (`paceKey`), so their shares cost alike. */
export type PaceKeyOf = (index: number) => string;

/**
 * The pace key of a planned network: its hidden widths, outputs and analysis options. A share of
 * estimated work is a share of its own network's total (sliceWork.ts), so shares of a width-3 and a
 * width-6 network differ in cost by an order of magnitude; of two seeds of one shape, little.
 */
export function paceKey(n: NetworkShardSpec | undefined): string {
  return n ? JSON.stringify([n.train.hidden, n.train.gates.length, n.analysis]) : '';
}

/** A large network's slices: estimated work planned and done, and its pace key. */
interface SlicedNetwork {
  planned: number;
  done: number;
  readonly key: string;
}

/** Worker time spent on slices of one pace key, and the estimated work it did. */
interface Pace {
  ms: number;
  work: number;
}

/** Slice work left, in worker milliseconds where its pace is known; how many networks it is not known for. */
export function slicesLeft(pending: Iterable<SlicedNetwork>, paces: ReadonlyMap<string, Pace>): { ms: number; untimed: number } {
  let ms = 0;
  let untimed = 0;
  for (const n of pending) {
    const left = n.planned - n.done;
    if (!(left > 0)) continue;
    const pace = paces.get(n.key);
    if (pace && pace.work > 0) ms += (left * pace.ms) / pace.work;
    else untimed++;
  }
  return { ms, untimed };
}

/**
 * Seconds left: networks not yet in slices by their count at the pace of those done here and,
 * while slices of large networks are pending, those slices' worker time left (`leftMs`, each
 * network's estimated work at the pace of its key) at the rate the workers work (`busyMs` of
 * worker time in `elapsed` seconds: every result's, or the pool's threads' whole time); the
 * longer of the two, as they share the workers. One large network outlasts every other shard of
 * a study many times over: counted as one network among fourteen, a growth run about five hours
 * from its end (two width-6 networks) said 54 s; with one pace for every slice, its width-6
 * networks' work went at the pace of its width-5 networks' shares, several times lighter: 33 min.
 */
export function runEta(p: ProgressState, elapsed: number, leftMs: number, busyMs: number): number | null {
  const fresh = p.done - p.resumed;
  const byNetworks = fresh > 0 ? (elapsed / fresh) * (p.total - p.done - p.slicing) : null;
  const bySlices = busyMs > 0 && leftMs > 0 ? (elapsed * leftMs) / busyMs : null;
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

export interface PaceOptions {
  /** Which large networks' slices share a pace (`paceKey`); one pace for all without it. */
  readonly paceKeyOf?: PaceKeyOf;
  /**
   * The local pool's threads (embedded runs): the rate slices are worked at while any are
   * pending. Without it, the rate the workers have worked at here, which at a run's start is low
   * (the coordinator planning, slices still running): with it, a growth run's ETA at its first
   * width-6 slice was 12 h, without it 21 h (docs/performance.md, seventh session).
   */
  readonly threads?: number;
}

export function instrumentRun(total: number, metrics: CoordinatorMetrics | null, now: () => number, onChange: (p: ProgressState) => void, pace: PaceOptions = {}): { events: RunEvents; progress: ProgressState; resumed: (finished: Iterable<ResultMessage>) => void } {
  const paceKeyOf = pace.paceKeyOf ?? ((): string => '');
  const progress: ProgressState = { total, done: 0, slicesPlanned: 0, slicesDone: 0, slicing: 0, converged: 0, failed: 0, rejected: 0, duplicates: 0, resumed: 0, merging: null, eta: null, untimed: 0 };
  const startedAt = now();
  /** Per large network with slices pending: their work planned and done, so that a failed one's rest leaves the ETA. */
  const pendingWork = new Map<number, SlicedNetwork>();
  /** Per pace key, every slice computed here (pending networks' and finished ones'). */
  const paces = new Map<string, Pace>();
  /** Worker time of every result computed here: networks' and slices'. */
  let busyMs = 0;
  const workersSeen = new Map<string, number>();
  metrics?.networksPlanned.inc(total);
  const updateGauges = (): void => {
    const at = now();
    const left = slicesLeft(pendingWork.values(), paces);
    progress.untimed = left.untimed;
    const elapsed = (at - startedAt) / 1000;
    // With the pool's threads known, they work elapsed * threads seconds in elapsed seconds.
    const eta = runEta(progress, elapsed, left.ms, pace.threads ? elapsed * pace.threads * 1000 : busyMs);
    // Nothing left but untimed slices: not a zero.
    progress.eta = eta === 0 && left.untimed > 0 ? null : eta;
    if (!metrics) return;
    const pendingNetworks = total - progress.done;
    metrics.runProgress.set(total ? progress.done / total : 1);
    metrics.shardsPending.set(pendingNetworks);
    metrics.runEta.set(progress.eta ?? 0);
    metrics.runEtaUntimed.set(progress.untimed);
    for (const [w, t] of workersSeen) if (now() - t > WORKER_WINDOW_MS) workersSeen.delete(w);
    metrics.workersConnected.set(workersSeen.size);
  };
  /** A large network's entry among those with slices pending, made on first use. */
  const pending = (index: number): SlicedNetwork => {
    let w = pendingWork.get(index);
    if (!w) {
      w = { planned: 0, done: 0, key: paceKeyOf(index) };
      pendingWork.set(index, w);
      progress.slicing = pendingWork.size;
    }
    return w;
  };
  const addPace = (key: string, ms: number, work: number): void => {
    const timed = paces.get(key) ?? { ms: 0, work: 0 };
    timed.ms += ms;
    timed.work += work;
    paces.set(key, timed);
  };
  const stored = (e: Extract<CollectEvent, { kind: 'stored' }>): void => {
    progress.done++;
    const w = pendingWork.get(e.index);
    if (w) {
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
      busyMs += m.durationMs;
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
    const w = pendingWork.get(index);
    if (w) w.done += work;
    metrics?.slicesDone.inc();
    if (m.type !== 'shard-result') return;
    // Only computed slices set a pace: a dead-lettered one has work but no time.
    addPace(w?.key ?? paceKeyOf(index), m.durationMs, work);
    busyMs += m.durationMs;
    workersSeen.set(m.worker, now());
    if (metrics) observeResult(metrics, m);
    if (m.result.kind === 'circuit-slice') metrics?.candidatesEvaluated.inc(m.result.candidates);
  };
  const events: RunEvents = {
    onMerging(p) {
      progress.merging = p.read < p.stored ? p : null;
      onChange(progress);
    },
    // Stored slices count as done, and their worker time sets their key's pace: a resumed run
    // has one at once (growth, resumed: over 15 h 53 min from its first two new slices, where
    // 1 322 stored ones were in).
    onSlicesResumed(index, s) {
      progress.slicesPlanned += s.count;
      progress.slicesDone += s.count;
      const w = pending(index);
      w.planned += s.work;
      w.done += s.work;
      addPace(w.key, s.ms, s.work);
      // No progress shown here: the network's `slices-planned` follows at once (a line between
      // the two said "slices 1326/1326").
    },
    onPublished(count) {
      metrics?.shardsPublished.inc(count);
      updateGauges();
      onChange(progress);
    },
    onCollect(e) {
      if (e.kind === 'stored') stored(e);
      else if (e.kind === 'slices-planned') {
        progress.slicesPlanned += e.count;
        pending(e.index).planned += e.work;
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
