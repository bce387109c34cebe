/**
 * CPU time per thread of a child process, read from Linux's /proc while it runs: how a run's work
 * splits between its main thread, its engine (pool) threads and V8's own background threads
 * (optimising compilation, the collector's helpers). Wall times on this shared machine move by a
 * third from one minute to the next; CPU accounting moves less, and it shows what a second engine
 * thread costs the first (docs/performance.md, the sixth session of 2026-12-03).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** One thread's seconds of user + system time, from its /proc/PID/task/TID/stat line. */
export function parseTaskStat(stat: string, ticksPerSecond = 100): number {
  // The command name is in parentheses and may hold spaces; the fields after it are fixed.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]);
  const stime = Number(rest[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`unreadable task stat: ${stat.slice(0, 80)}`);
  return (utime + stime) / ticksPerSecond;
}

export interface ThreadSplit {
  main_s: number;
  engine_s: number;
  background_s: number;
  threads: number;
}

/**
 * The split of a run's per-thread seconds: the main thread is the process's own id; the engine
 * threads are the `engines` busiest of the others (they do nearly all the work); the rest is
 * background.
 */
export function splitThreads(seconds: ReadonlyMap<number, number>, pid: number, engines: number): ThreadSplit {
  const others = [...seconds].filter(([tid]) => tid !== pid).map(([, s]) => s).sort((a, b) => b - a);
  const sum = (xs: number[]): number => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;
  return { main_s: sum([seconds.get(pid) ?? 0]), engine_s: sum(others.slice(0, engines)), background_s: sum(others.slice(engines)), threads: seconds.size };
}

/**
 * Runs `command args` and samples each of its threads' CPU time every `everyMs` until it exits (a
 * thread's last fraction of a sample is lost). Linux only: null where /proc has no tasks.
 */
export async function threadSeconds(command: string, args: string[], cwd: string, everyMs = 100): Promise<{ wall_s: number; seconds: Map<number, number>; pid: number } | null> {
  const t0 = performance.now();
  const child = spawn(command, args, { cwd, stdio: 'ignore' });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${command} did not start`);
  const seconds = new Map<number, number>();
  const sample = (): void => {
    let tids: string[];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      return; // gone, or no /proc
    }
    for (const tid of tids) {
      try {
        seconds.set(Number(tid), parseTaskStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')));
      } catch {
        // the thread ended between the listing and the read
      }
    }
  };
  const timer = setInterval(sample, everyMs);
  sample();
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', resolve);
  });
  clearInterval(timer);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}`);
  return seconds.size > 0 ? { wall_s: (performance.now() - t0) / 1000, seconds, pid } : null;
}
