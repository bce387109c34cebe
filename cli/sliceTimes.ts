/**
 * What a sliced `analyze` tells an operator at the end: the slices' worker time (the sum of their
 * durations, what the run would take on one core) against the wall time, and the slowest slice,
 * which bounds the run however many workers it has (slices are equal in estimated work, not in measured work);
 * then what these slice times would take on more workers, to size a cluster from a run on a few.
 */
import { closeSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import type { ShardResultMessage } from '../shared/wire/messages.js';
import { sliceKey } from '../coordinator/networkSlices.js';

/** Worker counts the projection line names. */
export const PROJECTED_WORKERS = [4, 16, 64] as const;

/**
 * The time `workers` take over jobs of these durations handed out in this order, each to the
 * first worker free (what a NATS work queue or the pool does): list scheduling's makespan, within
 * the largest job of the ideal sum / workers.
 */
export function listSchedule(durations: readonly number[], workers: number): number {
  const free = new Float64Array(Math.max(1, Math.min(workers, durations.length)));
  for (const d of durations) {
    let w = 0;
    for (let i = 1; i < free.length; i++) if ((free[i] as number) < (free[w] as number)) w = i;
    free[w] = (free[w] as number) + d;
  }
  return free.reduce((a, b) => Math.max(a, b), 0);
}

/** One slice's line in `analyze --slice-times FILE`. */
export interface SliceTimeRecord {
  /** The slice's key (networkSlices.ts `sliceKey`) and what it covers. */
  readonly slice: string;
  readonly output: number;
  readonly units?: readonly [number, number];
  /** A part of a unit: its first second-layer row's options [from, to), or past two hidden layers its second-pair edge masks. */
  readonly firstRows?: readonly [number, number];
  readonly mappingSlice?: number;
  readonly worker: string;
  readonly ms: number;
  readonly candidates?: number;
  readonly kept?: number;
  /** A slice listed a second time for the whole list (`relist`): not in the projection. */
  readonly relisted: boolean;
  /** A probe (the circuit search alone, counting each unit's kept circuits), run before the slices are planned. */
  readonly probe?: true;
}

export class SliceTimes {
  private count = 0;
  private totalMs = 0;
  private slowestMs = -1;
  private slowest = '';
  /** First-pass duration per slice key (a relisted slice's second run is not projected). */
  private readonly byKey = new Map<string, number>();

  /**
   * `order`: the slices' keys (networkSlices.ts `sliceKey`) in the order they are handed out.
   * `deep`: the network has more than two hidden layers, where a unit's parts are ranges of its
   * second-pair edge masks, not of its first second-layer row. `probes`: the times are a probe
   * phase's (its lines say so, its records are marked `probe`). `onRecord`: each record as it comes
   * in (the `--slice-times` file is written as the slices finish, so that a run stopped early, or one
   * whose last slices do not end, still says which slices did and how long they took).
   */
  constructor(
    private readonly startedMs: number,
    private readonly order: readonly string[] = [],
    private readonly deep = false,
    private readonly probes = false,
    private readonly onRecord: (record: SliceTimeRecord) => void = () => {},
  ) {}


  add(m: ShardResultMessage): void {
    const r = m.result;
    this.count++;
    this.totalMs += m.durationMs;
    if (r.kind !== 'network') {
      const key = sliceKey(r);
      const relisted = this.byKey.has(key);
      if (!relisted) this.byKey.set(key, m.durationMs);
      const ms = Math.round(m.durationMs * 10) / 10;
      const record: SliceTimeRecord =
        r.kind === 'circuit-slice'
          ? { slice: key, output: r.output, units: [r.start, r.end], ...(r.firstRows && { firstRows: r.firstRows }), worker: m.worker, ms, candidates: r.candidates, kept: r.kept, relisted, ...(this.probes && { probe: true as const }) }
          : { slice: key, output: r.output, mappingSlice: r.slice, worker: m.worker, ms, relisted };
      this.onRecord(record);
    }
    if (m.durationMs <= this.slowestMs) return;
    this.slowestMs = m.durationMs;
    this.slowest =
      r.kind === 'circuit-slice' ? `circuit units ${r.start}-${r.end - 1}${r.firstRows ? ` (${this.deep ? 'second-pair edge masks' : 'first rows'} ${r.firstRows[0]}-${r.firstRows[1] - 1})` : ''} of output ${r.output}` : r.kind === 'mapping-slice' ? `mapping slice ${r.slice + 1} of ${r.of}, output ${r.output}` : 'a whole network';
  }

  /** The lines, none with fewer than two slices: times, then the projection when every slice of `order` is in. */
  lines(nowMs: number): string[] {
    if (this.count < 2) return [];
    const wall = nowMs - this.startedMs;
    const lines = [`${this.probes ? 'probes' : 'slices'}: ${this.count}, worker time ${seconds(this.totalMs)} s in ${seconds(wall)} s (${(this.totalMs / Math.max(1, wall)).toFixed(2)} workers busy on average), slowest ${seconds(this.slowestMs)} s (${this.slowest})`];
    const durations = this.order.map((k) => this.byKey.get(k));
    if (durations.length > 1 && durations.every((d) => d !== undefined)) {
      const at = PROJECTED_WORKERS.map((w) => `${w} workers ${seconds(listSchedule(durations, w))} s`);
      lines.push(`${this.probes ? 'probes projected from their times' : 'projected from these slice times'}, handed out in this order: ${at.join(', ')}`);
    }
    return lines;
  }
}

/**
 * `--slice-times FILE`: a line as each slice ends (the probes' first, as they run), whole lines
 * only, so that a run stopped early, or stalled on its last slices, still names the ones that
 * ended. Opened at the first line: a run that fails before any slice ends leaves no file.
 */
export class SliceTimesFile {
  private fd: number | null = null;
  private slices = 0;
  private probes = 0;

  constructor(private readonly path: string) {}

  write(record: SliceTimeRecord): void {
    this.fd ??= openSync(this.path, 'w');
    writeSync(this.fd, `${JSON.stringify(record)}\n`);
    if (record.probe) this.probes++;
    else this.slices++;
  }

  /** What a stopped run's message adds: where the lines of the slices that ended are ('' where none was written). */
  stoppedNote(): string {
    if (this.fd === null) return '';
    const probes = this.probes > 0 ? ` (and of the ${this.probes} probes)` : '';
    return `; the times of the ${this.slices} slices that ended${probes} are in ${this.path}`;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

/**
 * Over NATS, the coordinator's own CPU: it reads every slice's result on its main thread and merges
 * the distributions in a thread beside it, which no number of workers shares (k = 6 in the default
 * plan: 209 s of CPU, the busiest thread 72 s; docs/performance.md). A cluster that hands it
 * results faster than the busier of the two takes them waits on that thread: a floor under the
 * projected times. Both are named, so that an operator sees which half is the floor. `threads`:
 * null where threads' CPU cannot be read (not Linux).
 */
export function coordinatorLine(cpuMs: number, threads: ThreadCpu | null): string {
  const split = threads === null ? '' : `; its main thread ${seconds(threads.mainMs)} s (reading every result), its busiest other thread ${seconds(threads.otherMs)} s (merging, or V8's own work)`;
  const floor = threads === null ? 'reading and merging every result' : 'the busier of the two';
  return `coordinator: ${seconds(cpuMs)} s of CPU${split}: no cluster finishes this network in less than ${floor} takes`;
}

export interface ThreadCpu {
  /** The main thread's CPU, in ms. */
  readonly mainMs: number;
  /** The most CPU any other thread of the process has used (the merge thread, or V8's own), in ms. */
  readonly otherMs: number;
}

/** This process's main thread's CPU and the busiest other thread's (Linux's /proc; null elsewhere). */
export function threadCpu(): ThreadCpu | null {
  try {
    let mainMs = NaN;
    let otherMs = 0;
    for (const tid of readdirSync('/proc/self/task')) {
      // utime and stime: the 14th and 15th fields, counted after the command's closing parenthesis.
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      // Clock ticks: 100 a second on Linux's every usual build.
      const ms = (Number(fields[11]) + Number(fields[12])) * 10;
      // The main thread's id is the process's.
      if (Number(tid) === process.pid) mainMs = ms;
      else otherMs = Math.max(otherMs, ms);
    }
    return Number.isFinite(mainMs) && Number.isFinite(otherMs) ? { mainMs, otherMs } : null;
  } catch {
    return null;
  }
}

const seconds = (ms: number): string => (ms / 1000).toFixed(ms < 10_000 ? 2 : 0);
