/**
 * Progress on long runs: a bar on a terminal (cli-progress), plain periodic lines otherwise,
 * nothing with --quiet.
 */
import cliProgress from 'cli-progress';
import type { ProgressState } from '../coordinator/instrument.js';
import { etaText } from './etaText.js';

export interface ProgressView {
  update(p: ProgressState): void;
  stop(): void;
}

const LINE_EVERY_MS = 5000;

/**
 * Slices of large networks, once there are any: a large network is one network but many shards.
 * At a restart, the merge of a network's stored slices first (minutes for a width-6 one).
 */
export function slicesText(p: Pick<ProgressState, 'slicesPlanned' | 'slicesDone' | 'merging'>, sep: string): string {
  if (p.merging) return `${sep}merging the stored slices of network ${p.merging.index}: ${p.merging.read}/${p.merging.stored}`;
  return p.slicesPlanned > 0 ? `${sep}slices ${p.slicesDone}/${p.slicesPlanned}` : '';
}

/** A floor under this says nothing worth a line ("over 3 s"). */
const FLOOR_SHOWN_FROM = 60;

/**
 * The ETA, or its floor while some large network's pace is not known yet (none of its slices, nor
 * any of its shape, is in): the time for everything else, "more than" it.
 */
export function etaLabel(p: Pick<ProgressState, 'eta' | 'untimed'>): string {
  if (p.untimed === 0) return etaText(p.eta);
  const networks = `${p.untimed} large network${p.untimed === 1 ? '' : 's'} not timed yet`;
  return p.eta === null || p.eta < FLOOR_SHOWN_FROM ? `? (${networks})` : `over ${etaText(p.eta)} (${networks})`;
}

export function progressView(total: number, mode: 'bar' | 'lines' | 'quiet', print: (line: string) => void): ProgressView {
  if (mode === 'quiet') return { update() {}, stop() {} };
  if (mode === 'bar') {
    const bar = new cliProgress.SingleBar(
      { format: 'networks {bar} {value}/{total} | converged {converged} | failed {failed}{slices} | ETA {left}', hideCursor: true, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { converged: 0, failed: 0, slices: '', left: '?' });
    return {
      update: (p) => bar.update(p.done, { converged: p.converged, failed: p.failed, slices: slicesText(p, ' | '), left: etaLabel(p) }),
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  const line = (p: ProgressState): void => {
    print(`progress: ${p.done}/${p.total} networks, ${p.converged} converged, ${p.failed} failed${slicesText(p, ', ')}${p.eta === null && p.untimed === 0 ? '' : `, ETA ${etaLabel(p)}`}`);
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
