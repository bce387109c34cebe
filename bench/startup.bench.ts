/**
 * Startup benchmark: whole-process wall time of the CLI, from spawn to exit, for `--help` and
 * `analyze` of the golden k = 3 network. At this size module loading is most of the time, so
 * these rows catch a command that starts importing what it does not use. A bare `node` start is
 * printed beside them as the floor. The minimum over repeats is the figure compared with the
 * target: on a shared machine the other samples mostly measure the neighbours.
 * Run: npm run bench, or npx tsc -p . && node dist/bench/startup.bench.js [--quick]
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = resolve(root, 'bin/identifiability.js');
const quick = process.argv.includes('--quick');
const REPEATS = quick ? 3 : Number(process.env.BENCH_REPEATS ?? 20);

interface StartupCase {
  readonly case: string;
  readonly args: readonly string[];
  readonly targetS?: number;
}

const cases: StartupCase[] = [
  { case: 'node startup (floor)', args: ['-e', ''] },
  { case: 'cli --help', args: [bin, '--help'], targetS: 0.12 },
  { case: 'cli analyze golden xor-k3-s4 (startup)', args: [bin, 'analyze', resolve(root, 'test/golden/xor-k3-s4.json')], targetS: 0.15 },
];

const round = (v: number): number => Math.round(v * 1000) / 1000;

function wallSeconds(args: readonly string[]): number {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const s = (performance.now() - t0) / 1000;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${child.status}: ${child.stderr}`);
  return s;
}

// Repeats are interleaved across cases so that a burst of load elsewhere hits all of them alike.
const samples = cases.map(() => [] as number[]);
for (const c of cases) wallSeconds(c.args); // warm the file cache
for (let r = 0; r < REPEATS; r++) cases.forEach((c, i) => samples[i]!.push(wallSeconds(c.args)));

const lines = cases.map((c, i) => {
  const xs = samples[i]!;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, xs.length - 1));
  const min = Math.min(...xs);
  const line = { case: c.case, repeats: xs.length, s: { min: round(min), mean: round(mean), sd: round(sd) } };
  return c.targetS === undefined ? line : { ...line, target_s: c.targetS, meets_target: min <= c.targetS };
});
for (const line of lines) console.log(JSON.stringify(line));
console.log(
  JSON.stringify({
    summary: 'startup.bench',
    node: process.version,
    cpus: cpus().length,
    quick,
    all_targets_met: lines.every((l) => !('meets_target' in l) || l.meets_target),
    min_s: Object.fromEntries(lines.map((l) => [l.case, l.s.min])),
  }),
);
