/**
 * Slices done so far: a bar on a terminal, a line every 5 s otherwise, with the pace and an ETA.
 * The ETA follows the plan's estimated work per slice (shared/engine/sliceWork.ts), not the count
 * of slices: the heavy slices go first, so a count-based ETA overstated a k = 6 run threefold at
 * its start.
 *
 * Nothing is shown in a batch's first seconds, so a short run prints no progress however many
 * slices it has, and a long one shows it however few: a noisy width-5 network in 45 slices ran
 * for nine minutes with nothing written when small batches were silent. Lines also come without a
 * finished slice, once a minute, so a log never goes quiet while a slow first slice runs.
 */
import { etaSeconds } from '../coordinator/sliceEta.js';
import { etaText } from './etaText.js';

export interface SliceProgressTiming {
  /** Nothing is shown before this. @default 5000 */
  readonly quietMs?: number;
  /** Off a terminal, a line after this long without one, slices done or not. @default 60000 */
  readonly heartbeatMs?: number;
}

/** `threads`: the local pool's (its ETA then follows the slices' worker time); none over NATS. */
export async function sliceProgress(
  work: readonly number[],
  print: (line: string) => void,
  quiet: boolean,
  threads?: number,
  timing: SliceProgressTiming = {},
): Promise<{ tick(fresh: boolean, candidates: number, index: number, durationMs?: number): void; stop(): void }> {
  if (quiet) return { tick() {}, stop() {} };
  const quietMs = timing.quietMs ?? 5000;
  const heartbeatMs = timing.heartbeatMs ?? 60_000;
  const total = work.length;
  const totalWork = work.reduce((a, b) => a + b, 0);
  const started = Date.now();
  let done = 0;
  let doneWork = 0;
  let candidates = 0;
  let workerMs = 0;
  // The ETA as of the last finished slice, counted down since: shown between slices (the bar's
  // refresh, the minute's line), where the pace alone would repeat the same figure while a slow
  // slice runs past it. Before the first slice, or once counted down with slices left, '?'.
  let tickAt = started;
  let tickEta = 0;
  const left = (now: number): string => {
    if (done === 0) return '?';
    const s = tickEta - (now - tickAt) / 1000;
    return s <= 0 && done < total ? '?' : etaText(Math.max(0, s));
  };
  const rate = (now: number): string => (candidates / Math.max(0.001, (now - started) / 1000)).toExponential(2);
  const add = (c: number, index: number, ms: number, now: number): void => {
    done++;
    doneWork += work[index] ?? 0;
    candidates += c;
    workerMs += ms;
    tickAt = now;
    tickEta = etaSeconds((now - started) / 1000, doneWork, totalWork, done, total, workerMs, threads);
  };
  if (process.stderr.isTTY) {
    const { default: cliProgress } = await import('cli-progress');
    let bar: InstanceType<typeof cliProgress.SingleBar> | null = null;
    const show = (now: number): void => {
      if (!bar) {
        if (now - started < quietMs) return;
        bar = new cliProgress.SingleBar({ format: 'slices {bar} {value}/{total} | {rate} candidates/s | ETA {left}', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
        bar.start(total, done, { rate: rate(now), left: left(now) });
      } else bar.update(done, { rate: rate(now), left: left(now) });
    };
    const timer = setInterval(() => show(Date.now()), 1000);
    timer.unref();
    return {
      tick(fresh, c, index, ms = 0) {
        if (!fresh) return;
        const now = Date.now();
        add(c, index, ms, now);
        show(now);
      },
      stop() {
        clearInterval(timer);
        bar?.stop();
      },
    };
  }
  let last = started;
  const line = (now: number): void => {
    last = now;
    print(`progress: ${done}/${total} slices, ${rate(now)} candidates/s, ${Math.round((now - started) / 1000)} s elapsed, ETA ${left(now)}`);
  };
  const timer = setInterval(() => {
    const now = Date.now();
    if (now - last >= heartbeatMs) line(now);
  }, Math.min(heartbeatMs, 5000));
  timer.unref();
  return {
    tick(fresh, c, index, ms = 0) {
      if (!fresh) return;
      const now = Date.now();
      add(c, index, ms, now);
      if (now - started < quietMs) return;
      if (now - last < 5000 && done !== total) return;
      line(now);
    },
    stop: () => clearInterval(timer),
  };
}
