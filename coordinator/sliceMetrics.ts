/**
 * The coordinator's metrics for one network analysed in slices (`analyze --metrics-port`): the
 * names and meanings of a study's (metrics.ts), so the same dashboard and alerts watch it. The
 * run is one network; its progress and ETA follow the slices' estimated work, as the progress
 * line's do (cli/sliceProgress.ts).
 */
import type { ShardResultMessage } from '../shared/wire/messages.js';
import { observeResult, WORKER_WINDOW_MS } from './instrument.js';
import type { CoordinatorMetrics } from './metrics.js';

export class SliceMetrics {
  private planned = 0;
  private plannedWork = 0;
  private done = 0;
  private doneWork = 0;
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

  /** A batch of slices published (`work`: each one's estimated work); returns what takes their results. */
  batch(work: readonly number[]): (index: number, m: ShardResultMessage, fresh: boolean) => void {
    this.planned += work.length;
    this.plannedWork += work.reduce((a, b) => a + b, 0);
    this.metrics.slicesPlanned.inc(work.length);
    this.metrics.shardsPublished.inc(work.length);
    this.update();
    return (index, m, fresh) => {
      if (!fresh) return;
      this.done++;
      this.doneWork += work[index] ?? 0;
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
    const left = this.plannedWork - this.doneWork;
    metrics.runEta.set(this.doneWork > 0 ? ((at - this.started) / 1000 / this.doneWork) * left : 0);
    for (const [w, t] of this.workersSeen) if (at - t > WORKER_WINDOW_MS) this.workersSeen.delete(w);
    metrics.workersConnected.set(this.workersSeen.size);
  }
}
