/**
 * Busy share of a pool's threads between two samples, measured by the pool itself: Piscina 5's
 * own `utilization` divides a millisecond mean by 1000 a second time, so a pool busy all the time
 * reads 0.001. A task counts from the moment it is handed to the pool; the consumer never hands
 * over more tasks than there are threads, so that is the moment a thread starts on it.
 */
export interface BusyMeter {
  /** Marks one task started; call the returned function once when it ends. */
  begin(): () => void;
  /** Busy fraction of all threads' time since the previous sample (or creation), 0..1. */
  sample(): number;
}

export function busyMeter(threads: number, now: () => number): BusyMeter {
  let last = now();
  /** Busy time since `last` of tasks that have ended. */
  let endedMs = 0;
  const running = new Set<{ readonly start: number }>();
  // A task running across a sample is split there: each sample counts only its own share.
  const since = (start: number, t: number): number => t - Math.max(start, last);
  return {
    begin() {
      const task = { start: now() };
      running.add(task);
      return () => {
        if (running.delete(task)) endedMs += since(task.start, now());
      };
    },
    sample() {
      const t = now();
      let busy = endedMs;
      for (const task of running) busy += since(task.start, t);
      const capacity = (t - last) * threads;
      endedMs = 0;
      last = t;
      return capacity > 0 ? Math.min(1, busy / capacity) : 0;
    },
  };
}
