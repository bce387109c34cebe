/**
 * What a sliced `analyze` tells an operator at the end: the slices' worker time (the sum of their
 * durations, what the run would take on one core) against the wall time, and the slowest slice,
 * which bounds the run however many workers it has (slices are equal in candidates, not in work).
 */
import type { ShardResultMessage } from '../shared/wire/messages.js';

export class SliceTimes {
  private count = 0;
  private totalMs = 0;
  private slowestMs = -1;
  private slowest = '';

  constructor(private readonly startedMs: number) {}

  add(m: ShardResultMessage): void {
    const r = m.result;
    this.count++;
    this.totalMs += m.durationMs;
    if (m.durationMs <= this.slowestMs) return;
    this.slowestMs = m.durationMs;
    this.slowest =
      r.kind === 'circuit-slice' ? `circuit units ${r.start}-${r.end - 1} of output ${r.output}` : r.kind === 'mapping-slice' ? `mapping slice ${r.slice + 1} of ${r.of}, output ${r.output}` : 'a whole network';
  }

  /** One line, or null with fewer than two slices. */
  line(nowMs: number): string | null {
    if (this.count < 2) return null;
    const s = (ms: number): string => (ms / 1000).toFixed(ms < 10_000 ? 2 : 0);
    const wall = nowMs - this.startedMs;
    return `slices: ${this.count}, worker time ${s(this.totalMs)} s in ${s(wall)} s (${(this.totalMs / Math.max(1, wall)).toFixed(2)} workers busy on average), slowest ${s(this.slowestMs)} s (${this.slowest})`;
  }
}
