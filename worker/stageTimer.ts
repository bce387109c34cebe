/**
 * Stage timings in ms by key. Stages may nest (groundings run inside the circuit search): a nested
 * stage's time is counted for it alone, not again in its parent.
 */
import { performance } from 'node:perf_hooks';

export interface StageTimer {
  time<T>(key: string, run: () => T): T;
  readonly timings: Map<string, number>;
}

export function stageTimer(): StageTimer {
  const timings = new Map<string, number>();
  const nested: number[] = [];
  return {
    timings,
    time(key, run) {
      const t0 = performance.now();
      nested.push(0);
      try {
        return run();
      } finally {
        const dt = performance.now() - t0;
        const inner = nested.pop() as number;
        timings.set(key, (timings.get(key) ?? 0) + dt - inner);
        if (nested.length > 0) nested[nested.length - 1] = (nested[nested.length - 1] as number) + dt;
      }
    },
  };
}
