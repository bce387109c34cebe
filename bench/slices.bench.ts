/**
 * One large network in slices: whole-process time and peak RSS of `analyze` on one network, in one
 * process (one slice), on the local pool with 1 and 2 threads, and over NATS with 1 and 2 worker
 * processes (a real nats-server on loopback). Parallel efficiency = t(1) / t(n) / n. On Linux, also
 * each thread's CPU time in a 1- and a 2-thread run (threadCpu.ts), and the efficiency bound it sets.
 * Run: npm run bench (or node dist/bench/slices.bench.js). One JSON line per case, then a summary.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../cli/freePort.js';
import { splitThreads, threadSeconds, type ThreadSplit } from './threadCpu.js';

const BIN = fileURLToPath(new URL('../../bin/identifiability.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Circuits and groundings (about 17 s on one core): long enough that start-up and the
// slowest slice do not hide the parallel part, as a ~1 s circuits-only case did.
const UNSLICED = ['examples/xor-k5-s1.json', '--min-sparsity', '0', '--stages', 'circuits,groundings', '-q'];
// A flag given twice is a usage error (cli/main.ts): the one-slice run gives its own grain.
const CASE = [...UNSLICED, '--slice-candidates', '4e7'];
const NAME = 'xor-k5 unfiltered circuits + groundings';
const REPEATS = Number(process.env.BENCH_REPEATS ?? 2);
/** Two decimals, for the JSON lines. */
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Wall seconds and peak RSS (MiB) of one CLI run, by GNU time when present. */
function timed(args: string[]): { s: number; rss_mib: number | null } {
  const t0 = performance.now();
  const gnu = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  const s = (performance.now() - t0) / 1000;
  if (gnu.error) {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`analyze failed: ${r.stderr}`);
    return { s: (performance.now() - t0) / 1000, rss_mib: null };
  }
  if (gnu.status !== 0) throw new Error(`analyze ${args.join(' ')} failed: ${gnu.stderr}`);
  const kb = Number(gnu.stderr.trim().split('\n').pop());
  return { s, rss_mib: Math.round(kb / 102.4) / 10 };
}

/** Wall seconds of one CLI run started now, for runs side by side. */
function timedAsync(args: string[]): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve((performance.now() - t0) / 1000) : reject(new Error(`analyze ${args.join(' ')} exited with ${code}`))));
  });
}

const best = (args: string[]): { s: number; rss_mib: number | null } => {
  const runs = Array.from({ length: REPEATS }, () => timed(args));
  return runs.reduce((a, b) => (b.s < a.s ? b : a));
};

/**
 * The bench's network with every weight scaled by 1 + 2^-10, written into `dir`: other weights (so
 * no counter is lent and the server replays nothing), about the same work (the same shape, nearly
 * the same circuits).
 */
function warmUpCase(dir: string): string {
  const file = join(dir, 'warm-up.json');
  const data = JSON.parse(readFileSync(join(ROOT, CASE[0] as string), 'utf8')) as { id?: string; model: { weights: unknown } };
  const scale = (x: unknown): unknown => (Array.isArray(x) ? x.map(scale) : typeof x === 'number' ? x * (1 + 2 ** -10) : x);
  writeFileSync(file, JSON.stringify({ ...data, id: `${data.id ?? 'case'}-warm-up`, model: { ...data.model, weights: scale(data.model.weights) } }));
  return file;
}

/**
 * `analyze` over NATS on fresh worker processes; `warm`: the workers first analyse another network
 * of the same shape (`warmUpCase`), as the long-lived workers of a study's cluster have: V8's
 * compilations of the engine are then behind them. Not the same network, as this bench took
 * before (under another accuracy threshold): a pool thread lends its last grounding counter to the
 * next slice of the same weights (counterCache.ts), which a cluster's next network never gets.
 * Measured in turn on 2 workers, three rounds: 7.09-7.68 s after the same network, 6.69-7.17 s
 * after this one: the same within the noise, so the earlier warm rows stand.
 */
async function overNats(workers: number, warm = false): Promise<{ s: number; rss_mib: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-slices-'));
  const port = await freePort();
  const url = `nats://127.0.0.1:${port}`;
  const server = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], { stdio: 'ignore' });
  const children: ChildProcess[] = [server];
  try {
    await sleep(500);
    const prefix = `bench${Date.now()}`;
    for (let i = 0; i < workers; i++) children.push(spawn(process.execPath, [BIN, 'worker', '--nats', url, '--prefix', prefix, '--threads', '1'], { cwd: ROOT, stdio: 'ignore' }));
    await sleep(1500); // the workers are up and pulling before the clock starts
    if (warm) timed(['analyze', warmUpCase(dir), ...CASE.slice(1), '--nats', url, '--prefix', prefix]);
    return timed(['analyze', ...CASE, '--nats', url, '--prefix', prefix]);
  } finally {
    for (const c of children) c.kill('SIGKILL');
    await sleep(200);
    rmSync(dir, { recursive: true, force: true });
  }
}

const cases: Record<string, unknown>[] = [];
const emit = (line: Record<string, unknown>): void => {
  cases.push(line);
  console.log(JSON.stringify(line));
};
const whole = best(['analyze', ...UNSLICED, '--slice-candidates', '1e15']);
emit({ case: `${NAME}, one process, one slice`, ...whole });
const pool1 = best(['analyze', ...CASE, '--threads', '1']);
emit({ case: `${NAME}, slices on a 1-thread pool`, ...pool1 });
const pool2 = best(['analyze', ...CASE, '--threads', '2']);
emit({ case: `${NAME}, slices on a 2-thread pool`, ...pool2, parallel_efficiency: round2(pool1.s / pool2.s / 2), target_efficiency: 0.85 });
// Where the second thread's time goes, from each thread's CPU time (Linux only): the engine threads'
// own loss side by side, V8's background threads (on the idle core beside one engine thread, taken
// from the engines beside two), and the bound they set: one thread's run (main + engine) against
// all of a two-thread run's CPU shared perfectly between two cores.
const accounting = async (threads: number): Promise<(ThreadSplit & { s: number }) | null> => {
  const r = await threadSeconds(process.execPath, [BIN, 'analyze', ...CASE, '--threads', String(threads)], ROOT);
  return r && { s: round2(r.wall_s), ...splitThreads(r.seconds, r.pid, threads) };
};
const cpu1 = await accounting(1);
const cpu2 = await accounting(2);
if (cpu1 && cpu2) {
  const all2 = cpu2.main_s + cpu2.engine_s + cpu2.background_s;
  emit({ case: `${NAME}, CPU seconds per thread on a 1- and a 2-thread pool`, one_thread: cpu1, two_threads: cpu2, engine_slowdown: round2(cpu2.engine_s / cpu1.engine_s), background_share_two_threads: round2(cpu2.background_s / all2), efficiency_bound: round2((cpu1.main_s + cpu1.engine_s) / all2) });
}
// The same one-thread run twice at once, in separate processes: nothing is shared but the
// machine (cores, caches, memory bandwidth, the kernel), so t(alone) / t(side by side) is the most
// any two-way split of this work can reach here.
const sideBySide = await Promise.all([timedAsync(['analyze', ...CASE, '--threads', '1']), timedAsync(['analyze', ...CASE, '--threads', '1'])]);
const together = Math.max(...sideBySide);
emit({ case: `${NAME}, slices on a 1-thread pool, two runs side by side`, s: round2(together), efficiency_ceiling: round2(pool1.s / together) });
/** The best of REPEATS runs over NATS, as `best` for the runs in this process. */
async function bestOverNats(workers: number, warm = false): Promise<{ s: number; rss_mib: number | null }> {
  let fastest: { s: number; rss_mib: number | null } | null = null;
  for (let i = 0; i < REPEATS; i++) {
    const r = await overNats(workers, warm);
    if (!fastest || r.s < fastest.s) fastest = r;
  }
  return fastest as { s: number; rss_mib: number | null };
}
const nats1 = await bestOverNats(1);
emit({ case: `${NAME}, slices over NATS, 1 worker`, ...nats1 });
const nats2 = await bestOverNats(2);
emit({ case: `${NAME}, slices over NATS, 2 workers`, ...nats2, parallel_efficiency: round2(nats1.s / nats2.s / 2), target_efficiency: 0.85 });
// The same with workers that have analysed a network before (V8's compilations done): what a
// cluster's long-lived workers see. Reported beside the fresh workers' rows, not instead of them.
const warm1 = await bestOverNats(1, true);
emit({ case: `${NAME}, slices over NATS, 1 warm worker`, ...warm1 });
const warm2 = await bestOverNats(2, true);
emit({ case: `${NAME}, slices over NATS, 2 warm workers`, ...warm2, parallel_efficiency: round2(warm1.s / warm2.s / 2), target_efficiency: 0.85 });
console.log(JSON.stringify({ summary: 'slices.bench', cpus: availableParallelism(), cases }));
