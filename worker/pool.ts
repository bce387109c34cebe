/** The local thread pool (Piscina) that evaluates shards; one per process. */
import { Piscina } from 'piscina';
import { busyMeter } from './busyMeter.js';
import { defaultThreads } from './threads.js';
import type { TaskInput, TaskOutput } from './task.js';

export interface ShardPool {
  run(input: TaskInput): Promise<TaskOutput>;
  readonly threads: number;
  /** Share of thread time busy since the previous call, 0..1. */
  utilization(): number;
  queueSize(): number;
  close(): Promise<void>;
}

export { defaultThreads };

export function createPool(threads: number = defaultThreads()): ShardPool {
  const piscina = new Piscina<TaskInput, TaskOutput>({
    filename: new URL('./task.js', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    // A shard is CPU-bound and large; queue in the main thread rather than oversubscribing.
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
  });
  const busy = busyMeter(threads, () => performance.now());
  return {
    threads,
    run: (input) => {
      const end = busy.begin();
      return piscina.run(input).finally(end);
    },
    utilization: () => busy.sample(),
    queueSize: () => piscina.queueSize,
    close: () => piscina.destroy(),
  };
}
