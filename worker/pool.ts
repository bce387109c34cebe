/** The local thread pool (Piscina) that evaluates shards; one per process. */
import { setTimeout as sleep } from 'node:timers/promises';
import { Piscina } from 'piscina';
import { busyMeter } from './busyMeter.js';
import { isTaskLoaded } from './taskLoaded.js';
import { defaultThreads } from './threads.js';
import type { TaskInput, TaskOutput } from './task.js';

export interface ShardPool {
  run(input: TaskInput): Promise<TaskOutput>;
  readonly threads: number;
  /** Share of thread time busy since the previous call, 0..1. */
  utilization(): number;
  queueSize(): number;
  /** Ends the threads, and the tasks running on them (their promises reject); a second call waits for the first. */
  close(): Promise<void>;
}

export { defaultThreads };

/** The longest `close` waits for threads still loading their task module (a thread that fails to load never says so). */
const LOAD_WAIT_MS = 5000;
/**
 * How long after the last thread said its module is in `close` still waits: the thread says so while
 * the module is evaluated, and Node's require of it ends a moment later (its facade); a thread ended
 * in between aborted a fresh-clone CI run of pool.test.ts ("CreateRequiredModuleFacade").
 */
export const AFTER_LOAD_MS = 100;

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
  // Every thread's task module in (worker/taskLoaded.ts); `close` waits for it, a few seconds at most.
  let loaded = 0;
  let loadedAt = 0;
  let allLoaded: () => void = () => {};
  const loading = new Promise<void>((resolve) => (allLoaded = resolve));
  let closing: Promise<void> | undefined;
  piscina.on('message', (m: unknown) => {
    if (!isTaskLoaded(m)) return;
    loadedAt = performance.now();
    if (++loaded >= threads) allLoaded();
  });
  return {
    threads,
    run: (input) => {
      const end = busy.begin();
      return piscina.run(input).finally(end);
    },
    utilization: () => busy.sample(),
    queueSize: () => piscina.queueSize,
    // Once: an interrupted run ends its pool at the signal and again on its way out.
    close: () =>
      (closing ??= (async () => {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([loading, new Promise<void>((resolve) => (timer = setTimeout(resolve, LOAD_WAIT_MS)))]);
        clearTimeout(timer);
        const settle = loadedAt + AFTER_LOAD_MS - performance.now();
        if (settle > 0) await sleep(settle);
        await piscina.destroy();
      })()),
  };
}
