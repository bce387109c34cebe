/**
 * The coordinator's metrics for one network analysed in slices (`analyze --metrics-port`): the
 * names and meanings of a study's (metrics.ts), so the same dashboard and alerts watch it. The
 * run is one network; its progress and ETA follow the slices' estimated work, and the ETA is the
 * progress line's (cli/sliceProgress.ts): on the local pool, worker time per share on its threads.
 */
import type { ShardResultMessage } from '../shared/wire/messages.js';
import { observeResult, WORKER_WINDOW_MS } from './instrument.js';
import type { CoordinatorMetrics } from './metrics.js';
import { etaSeconds } from './sliceEta.js';

export class SliceMetrics {
  private planned = 0;
  private plannedWork = 0;
  private done = 0;
  private doneWork = 0;
  private workerMs = 0;
  /** The local pool's threads, as the last batch's runner told them; none over NATS. */
  private threads: number | undefined;
  private readonly started: number;
  private readonly workersSeen = new Map<string, number>();

  constructor(
    private readonly metrics: CoordinatorMetrics,
    private readonly now: () => number,
  ) {
    this.started = now();
    metrics.networksPlanned.inc();
    this.update();
  }

  /**
   * A batch of slices published (`work`: each one's estimated work; `threads`: the local pool's,
   * none over NATS); returns what takes their results.
   */
  batch(work: readonly number[], threads?: number): (index: number, m: ShardResultMessage, fresh: boolean) => void {
    this.threads = threads;
    this.planned += work.length;
    this.plannedWork += work.reduce((a, b) => a + b, 0);
    this.metrics.slicesPlanned.inc(work.length);
    this.metrics.shardsPublished.inc(work.length);
    this.update();
    return (index, m, fresh) => {
      if (!fresh) return;
      this.done++;
      this.doneWork += work[index] ?? 0;
      this.workerMs += m.durationMs;
      this.metrics.slicesDone.inc();
      observeResult(this.metrics, m);
      if (m.result.kind === 'circuit-slice') this.metrics.candidatesEvaluated.inc(m.result.candidates);
      this.workersSeen.set(m.worker, this.now());
      this.update();
    };
  }

  /** Every slice is in and merged. */
  finished(): void {
    this.metrics.networksAnalysed.inc();
    this.metrics.runProgress.set(1);
    this.metrics.runEta.set(0);
    this.metrics.shardsPending.set(0);
  }

  private update(): void {
    const { metrics } = this;
    const at = this.now();
    metrics.runProgress.set(this.plannedWork > 0 ? this.doneWork / this.plannedWork : 0);
    metrics.shardsPending.set(this.planned - this.done);
    const elapsed = (at - this.started) / 1000;
    metrics.runEta.set(this.done > 0 ? etaSeconds(elapsed, this.doneWork, this.plannedWork, this.done, this.planned, this.workerMs, this.threads) : 0);
    for (const [w, t] of this.workersSeen) if (at - t > WORKER_WINDOW_MS) this.workersSeen.delete(w);
    metrics.workersConnected.set(this.workersSeen.size);
  }
}
