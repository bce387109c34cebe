/**
 * Progress on long runs: a bar on a terminal (cli-progress), plain periodic lines otherwise,
 * nothing with --quiet.
 */
import cliProgress from 'cli-progress';
import type { ProgressState } from '../coordinator/instrument.js';

export interface ProgressView {
  update(p: ProgressState): void;
  stop(): void;
}

const LINE_EVERY_MS = 5000;

/** Slices of large networks, once there are any: a large network is one network but many shards. */
function slicesText(p: ProgressState, sep: string): string {
  return p.slicesPlanned > 0 ? `${sep}slices ${p.slicesDone}/${p.slicesPlanned}` : '';
}

export function progressView(total: number, mode: 'bar' | 'lines' | 'quiet', print: (line: string) => void): ProgressView {
  if (mode === 'quiet') return { update() {}, stop() {} };
  if (mode === 'bar') {
    const bar = new cliProgress.SingleBar(
      { format: 'networks {bar} {value}/{total} | converged {converged} | failed {failed}{slices} | ETA {eta_formatted}', hideCursor: true, etaBuffer: 20, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { converged: 0, failed: 0, slices: '' });
    return {
      update: (p) => bar.update(p.done, { converged: p.converged, failed: p.failed, slices: slicesText(p, ' | ') }),
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  const startedAt = Date.now();
  const line = (p: ProgressState): void => {
    const fresh = p.done - p.resumed;
    const elapsed = (Date.now() - startedAt) / 1000;
    const eta = fresh > 0 ? Math.round((elapsed / fresh) * (p.total - p.done)) : null;
    print(`progress: ${p.done}/${p.total} networks, ${p.converged} converged, ${p.failed} failed${slicesText(p, ', ')}${eta === null ? '' : `, ETA ${eta} s`}`);
  };
  let latest: ProgressState | null = null;
  return {
    update(p) {
      latest = p;
      if (Date.now() - last >= LINE_EVERY_MS || p.done === p.total) {
        last = Date.now();
        line(p);
      }
    },
    stop() {
      if (latest && latest.done !== latest.total) line(latest);
    },
  };
}
