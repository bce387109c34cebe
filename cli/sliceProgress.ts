/**
 * Slices done so far: a bar on a terminal, a line every 5 s otherwise, with the pace and an ETA.
 * The ETA follows the plan's estimated work per slice (shared/engine/sliceWork.ts), not the count
 * of slices: the heavy slices go first, so a count-based ETA overstated a k = 6 run threefold at
 * its start.
 */
import { etaSeconds } from '../coordinator/sliceEta.js';
import { etaText } from './etaText.js';

/** `threads`: the local pool's (its ETA then follows the slices' worker time); none over NATS. */
export async function sliceProgress(work: readonly number[], print: (line: string) => void, quiet: boolean, threads?: number): Promise<{ tick(fresh: boolean, candidates: number, index: number, durationMs?: number): void; stop(): void }> {
  if (quiet) return { tick() {}, stop() {} };
  const total = work.length;
  const totalWork = work.reduce((a, b) => a + b, 0);
  const started = Date.now();
  let done = 0;
  let doneWork = 0;
  let candidates = 0;
  let workerMs = 0;
  const eta = (now: number): number => etaSeconds((now - started) / 1000, doneWork, totalWork, done, total, workerMs, threads);
  const add = (c: number, index: number, ms: number): void => {
    done++;
    doneWork += work[index] ?? 0;
    candidates += c;
    workerMs += ms;
  };
  if (process.stderr.isTTY) {
    const { default: cliProgress } = await import('cli-progress');
    const bar = new cliProgress.SingleBar({ format: 'slices {bar} {value}/{total} | {rate} candidates/s | ETA {left}', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
    bar.start(total, 0, { rate: '0', left: '?' });
    return {
      tick(fresh, c, index, ms = 0) {
        if (!fresh) return;
        add(c, index, ms);
        const now = Date.now();
        bar.update(done, { rate: (candidates / Math.max(0.001, (now - started) / 1000)).toExponential(2), left: etaText(eta(now)) });
      },
      stop: () => bar.stop(),
    };
  }
  let last = started;
  return {
    tick(fresh, c, index, ms = 0) {
      if (!fresh) return;
      add(c, index, ms);
      const now = Date.now();
      if (now - last < 5000 && done !== total) return;
      last = now;
      const elapsed = (now - started) / 1000;
      print(`progress: ${done}/${total} slices, ${(candidates / Math.max(0.001, elapsed)).toExponential(2)} candidates/s, ${Math.round(elapsed)} s elapsed, ETA ${etaText(eta(now))}`);
    },
    stop() {},
  };
}
