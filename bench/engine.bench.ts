/**
 * Engine benchmark: the issue-5 target table, one JSON line per case and a summary line.
 * Seeded (fixed networks in examples/ and test/golden/, seeded slice picks), so every run does the
 * same work; only timings vary. No timing asserts: compare lines between runs.
 * Run: npx tsc -p . && npm run bench [-- --quick] [-- --baseline bench/baseline.jsonl]
 * (baseline.jsonl: a full run on the 2-core development machine, Node 20.20.)
 * `--k6` runs the k = 6 projection alone; `--k6-faithful` one whole `analyze` of XOR k = 6 unfiltered
 * under faithful:0.1 (about 3 minutes on 2 cores), one line; `--k6-minimal` its circuits under
 * minimal-circuits,faithful:0.1 (about 4 minutes), one line; `--noisy` one whole `analyze` of a
 * network trained on noisy inputs, unfiltered (about 4 minutes), one line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCase } from '../shared/case/caseFile.js';
import { analyzeOutputStream, type StageHook } from '../shared/engine/analyze.js';
import { circuitSpace, sliceBoundaries } from '../shared/engine/circuitSpace.js';
import { evaluateCircuits } from '../shared/engine/evaluateCircuits.js';
import { paperTest } from '../shared/engine/outputTest.js';
import { singleOutput } from '../shared/engine/network.js';
import { secondStats, slicePicker } from './stats.js';
import { runMappingSlices } from './mappingSliceCase.js';
import { stageTimer } from '../worker/stageTimer.js';
import { compileAnalysisOptions } from '../shared/engine/options.js';
import { distinctSamples } from '../shared/engine/samples.js';
import type { AnalysisInput, Stage } from '../shared/engine/types.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const golden = resolve(root, 'test/golden');
const quick = process.argv.includes('--quick');

interface EngineCase {
  readonly case: string;
  readonly file: string;
  readonly minSparsity: number;
  readonly stages: Stage[];
  readonly repeats: number;
  /** The authors' reference code on the same work, seconds (issue 5's table); null: not in it. */
  readonly authorsS: number | null;
  /** null: no target, a row kept to see changes (meets_target null). */
  readonly targetS: number | null;
  /** Run in a child process, so that its time and peak RSS are its own (issue 11). */
  readonly ownProcess?: boolean;
}

const cases: EngineCase[] = [
  { case: 'xor-k3 golden s4, all stages', file: resolve(golden, 'xor-k3-s4.json'), minSparsity: 0, stages: ['circuits', 'groundings', 'mappings'], repeats: 10, authorsS: 106, targetS: 0.3 },
  { case: 'xor-k4 sparsity 0.2, all stages', file: resolve(root, 'examples/xor-k4-s1.json'), minSparsity: 0.2, stages: ['circuits', 'groundings', 'mappings'], repeats: 10, authorsS: 63, targetS: 0.5 },
  { case: 'xor-k5 sparsity 0.3, all stages', file: resolve(root, 'examples/xor-k5-s1.json'), minSparsity: 0.3, stages: ['circuits', 'groundings', 'mappings'], repeats: 5, authorsS: 7 * 60 + 12 * 3600, targetS: 2 },
  { case: 'xor-k5 unfiltered, circuits', file: resolve(root, 'examples/xor-k5-s1.json'), minSparsity: 0, stages: ['circuits'], repeats: 3, authorsS: 6 * 86400, targetS: 30 },
  // 34 million kept circuits, each with its grounding count (issue 11: <= 30 s and 1 GB on one core).
  { case: 'xor-k5 unfiltered, circuits + groundings', file: resolve(root, 'examples/xor-k5-s1.json'), minSparsity: 0, stages: ['circuits', 'groundings'], repeats: 2, authorsS: null, targetS: 30, ownProcess: true },
  // The paper's filter one width past where its authors stopped: most kept circuits are sparse, and
  // many have an output with two parents (twoParentOutput.ts), which the plain DP counted before.
  { case: 'xor-k6 sparsity 0.3, all stages', file: resolve(root, 'examples/xor-k6-s1.json'), minSparsity: 0.3, stages: ['circuits', 'groundings', 'mappings'], repeats: 2, authorsS: null, targetS: null, ownProcess: true },
];

/**
 * `--noisy`: a network trained on noisy inputs (the paper's noise study; its 10 000 validation rows
 * are all distinct, so the circuit search weighs hundreds of samples where a clean network has
 * four), NAND [2, 5, 5, 1], noise std 0.1, seed 8, analysed whole without a filter on the local
 * pool (about 3-4 minutes on 2 cores). The network is trained by `run` first (seeded: the same each
 * time), into a temporary directory.
 */
function runNoisy(): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'noisy-bench-'));
  try {
    const cli = resolve(root, 'bin/identifiability.js');
    const train = spawnSync(process.execPath, [cli, 'run', '--gates', 'NAND', '--sizes', '5', '--experiments', '1', '--seed', '8', '--noise-std', '0.1', '--out', join(dir, 'run'), '--quiet'], { encoding: 'utf8' });
    if (train.status !== 0) throw new Error(`run (training the noisy network) failed: ${train.stderr}`);
    return runCli('NAND k5 noise 0.1 seed 8 unfiltered, all stages', join(dir, 'run/networks/0000.json'), ['--min-sparsity', '0'], 1, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const loadInput = (file: string): AnalysisInput => parseCase(JSON.parse(readFileSync(file, 'utf8'))).input;
const round = (v: number, d = 2): number => Math.round(v * 10 ** d) / 10 ** d;
const stats = secondStats;

function rssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

/** In-process analysis, every kept circuit reported to a counting callback. */
function runEngineCase(c: EngineCase): Record<string, unknown> {
  const input = loadInput(c.file);
  const options = compileAnalysisOptions({ minSparsity: c.minSparsity, stages: c.stages }, input.model);
  const seconds: number[] = [];
  const stageMs = new Map<string, number[]>();
  let candidates = 0;
  let kept = 0;
  for (let r = 0; r < (quick ? 1 : c.repeats); r++) {
    const timer = stageTimer();
    const ms = timer.timings;
    const hook: StageHook = (stage, _o, run) => timer.time(stage, run);
    const t0 = performance.now();
    const out = analyzeOutputStream(input, 0, options, () => {}, hook);
    seconds.push((performance.now() - t0) / 1000);
    candidates = out.candidates;
    kept = out.kept;
    for (const [k, v] of ms) stageMs.set(k, [...(stageMs.get(k) ?? []), v]);
  }
  const s = stats(seconds);
  return {
    case: c.case,
    candidates,
    kept,
    repeats: seconds.length,
    s,
    candidates_per_s: Math.round(candidates / s.min),
    ms_per_stage: Object.fromEntries([...stageMs].map(([k, v]) => [k, round(Math.min(...v), 1)])),
    peak_rss_mb: rssMb(),
    authors_s: c.authorsS,
    speedup: c.authorsS === null ? null : Math.round(c.authorsS / s.min),
    target_s: c.targetS,
    meets_target: c.targetS === null ? null : s.min <= c.targetS,
  };
}

/** The case in a child process (`--only`): its own peak RSS, and the whole process's wall time. */
function runOwnProcess(c: EngineCase): Record<string, unknown> {
  const t0 = performance.now();
  const args = [fileURLToPath(import.meta.url), '--only', c.case, ...(quick ? ['--quick'] : [])];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const processS = round((performance.now() - t0) / 1000, 3);
  if (child.status !== 0) throw new Error(`bench case '${c.case}' exited with ${child.status}`);
  const line = child.stdout.split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) throw new Error(`bench case '${c.case}' printed no result`);
  return { ...(JSON.parse(line) as Record<string, unknown>), process_s: processS };
}

/** k = 6: time a seeded sample of equal-candidate slices, project the whole space. */
function runK6(): Record<string, unknown> {
  const input = loadInput(resolve(root, 'examples/xor-k6-s1.json'));
  const model = singleOutput(input.model, 0);
  const space = circuitSpace(model.layerSizes, 0);
  const samples = distinctSamples(input.validation, 0);
  const slices = 4096;
  const picks = quick ? 8 : 48;
  const bounds = sliceBoundaries(space, slices);
  const next = slicePicker(slices);
  const perSlice: number[] = [];
  const perSliceBulk: number[] = [];
  let candidates = 0;
  let kept = 0;
  let keptBulk = 0;
  for (let i = 0; i < picks; i++) {
    const k = next();
    let t0 = performance.now();
    candidates += evaluateCircuits(model, space, paperTest(model, samples, 0.99), bounds[k] as number, bounds[k + 1] as number, () => kept++);
    perSlice.push((performance.now() - t0) / 1000);
    // The same slice with accepted subtrees counted in bulk (what a circuits-only slice does).
    const bulk = { countOnly: true, counted: 0 };
    t0 = performance.now();
    evaluateCircuits(model, space, paperTest(model, samples, 0.99), bounds[k] as number, bounds[k + 1] as number, () => keptBulk++, bulk);
    perSliceBulk.push((performance.now() - t0) / 1000);
    keptBulk += bulk.counted;
  }
  if (keptBulk !== kept) throw new Error(`bulk counting kept ${keptBulk}, emitting kept ${kept}`);
  const bulkOneCore = (perSliceBulk.reduce((a, b) => a + b, 0) / picks) * slices;
  const total = perSlice.reduce((a, b) => a + b, 0);
  const oneCore = (total / picks) * slices;
  // Slices differ a lot (pruning depends on the node masks): a 95% interval on the projection.
  const half = 1.96 * (stats(perSlice).sd / Math.sqrt(picks)) * slices;
  return {
    case: 'xor-k6 unfiltered, circuits (sampled slices)',
    candidates: space.candidates,
    slices,
    sampled: picks,
    sampled_candidates: candidates,
    sampled_kept: kept,
    s_per_slice: stats(perSlice),
    candidates_per_s: Math.round(candidates / total),
    projected_s_1_core: Math.round(oneCore),
    projected_s_1_core_ci95: [Math.round(Math.max(0, oneCore - half)), Math.round(oneCore + half)],
    projected_s_16_cores: Math.round(oneCore / 16),
    bulk_s_per_slice: stats(perSliceBulk),
    bulk_projected_s_1_core: Math.round(bulkOneCore),
    bulk_projected_s_2_cores: Math.round(bulkOneCore / 2),
    peak_rss_mb: rssMb(),
  };
}

/** Wall time of the whole `identifiability analyze` process. */
function runCli(name: string, file: string, args: string[], repeats: number, targetS: number | null): Record<string, unknown> {
  const seconds: number[] = [];
  for (let r = 0; r < (quick ? 1 : repeats); r++) {
    const t0 = performance.now();
    const child = spawnSync(process.execPath, [resolve(root, 'bin/identifiability.js'), 'analyze', file, ...args, '--quiet'], { encoding: 'utf8' });
    seconds.push((performance.now() - t0) / 1000);
    if (child.status !== 0) throw new Error(`analyze ${file} failed: ${child.stderr}`);
  }
  const s = stats(seconds);
  return { case: `cli analyze ${name}`, repeats: seconds.length, s, target_s: targetS, meets_target: targetS === null ? null : s.min <= targetS };
}

/** `--baseline FILE`: a saved run (its JSON lines); each case then reports min / baseline min. */
const baselineAt = process.argv.indexOf('--baseline');
const baseline = new Map<string, number>();
if (baselineAt > 0) {
  for (const text of readFileSync(process.argv[baselineAt + 1] as string, 'utf8').split('\n')) {
    if (!text.trim()) continue;
    const line = JSON.parse(text) as { case?: string; s?: { min: number }; projected_s_1_core?: number };
    const v = line.s?.min ?? line.projected_s_1_core;
    if (line.case && v !== undefined) baseline.set(line.case, v);
  }
}

const onlyAt = process.argv.indexOf('--only');
// faithful decided by the circuit search (outputTest.ts): a width-6 network unfiltered, all stages, on the local pool (about 3 min).
const K6_FAITHFUL = ['examples/xor-k6-s1 unfiltered, --criteria faithful, all stages', resolve(root, 'examples/xor-k6-s1.json'), ['--min-sparsity', '0', '--criteria', 'faithful']] as const;
// minimal-circuits among the faithful circuits: each slice lists its faithful ones (packed) and the coordinator keeps each slice's minimal ones (about 4 min).
const K6_MINIMAL = ['examples/xor-k6-s1 unfiltered, --criteria minimal-circuits,faithful --list-limit all, circuits', resolve(root, 'examples/xor-k6-s1.json'), ['--min-sparsity', '0', '--stages', 'circuits', '--criteria', 'minimal-circuits,faithful', '--list-limit', 'all']] as const;
if (process.argv.includes('--noisy')) {
  console.log(JSON.stringify(runNoisy()));
} else if (process.argv.includes('--k6-faithful')) {
  console.log(JSON.stringify(runCli(K6_FAITHFUL[0], K6_FAITHFUL[1], [...K6_FAITHFUL[2]], 1, null)));
} else if (process.argv.includes('--k6-minimal')) {
  console.log(JSON.stringify(runCli(K6_MINIMAL[0], K6_MINIMAL[1], [...K6_MINIMAL[2]], 1, null)));
} else if (process.argv.includes('--k6')) {
  // Only the k = 6 projection (minutes otherwise spent on the other rows).
  console.log(JSON.stringify(runK6()));
} else if (onlyAt > 0) {
  // Child of runOwnProcess: this one case, one line.
  const name = process.argv[onlyAt + 1];
  const c = cases.find((x) => x.case === name);
  if (!c) throw new Error(`--only: no case '${name}'`);
  console.log(JSON.stringify(runEngineCase(c)));
} else {
  await main();
}

async function main(): Promise<void> {
  const lines: Record<string, unknown>[] = [];
  const emit = (line: Record<string, unknown>): void => {
    const now = (line.s as { min: number } | undefined)?.min ?? (line.projected_s_1_core as number | undefined);
    const before = baseline.get(line.case as string);
    if (before !== undefined && now !== undefined) line.vs_baseline = round(now / before, 3);
    lines.push(line);
    console.log(JSON.stringify(line));
  };
  emit(runCli('golden xor-k3-s4', resolve(golden, 'xor-k3-s4.json'), [], 10, 0.3));
  emit(runCli('examples/xor-k4-s1 (sparsity 0.2)', resolve(root, 'examples/xor-k4-s1.json'), [], 10, 0.5));
  emit(runCli('examples/xor-k5-s1 (sparsity 0.3)', resolve(root, 'examples/xor-k5-s1.json'), [], 5, 2));
  emit(runCli('examples/xor-k5-s1 unfiltered, circuits', resolve(root, 'examples/xor-k5-s1.json'), ['--min-sparsity', '0', '--stages', 'circuits'], 3, 30));
  emit(runCli('examples/xor-k5-s1 unfiltered, circuits + groundings', resolve(root, 'examples/xor-k5-s1.json'), ['--min-sparsity', '0', '--stages', 'circuits,groundings'], 1, 30));
  emit(runCli('examples/xor-k5-s1 unfiltered, --criteria faithful, all stages', resolve(root, 'examples/xor-k5-s1.json'), ['--min-sparsity', '0', '--criteria', 'faithful'], 2, null));
  emit(runCli('examples/xor-k5-s1 unfiltered, --criteria minimal-circuits,faithful, all stages', resolve(root, 'examples/xor-k5-s1.json'), ['--min-sparsity', '0', '--criteria', 'minimal-circuits,faithful'], 2, null));
  for (const c of cases) emit(c.ownProcess ? runOwnProcess(c) : runEngineCase(c));
  emit(runK6());
  emit(runMappingSlices('golden xor-k3-s4', resolve(golden, 'xor-k3-s4.json'), 4, 'lexicographic', 8, 3, quick));
  emit(runMappingSlices('examples/xor-k4-s1', resolve(root, 'examples/xor-k4-s1.json'), 4, 'all-pairs', 8, 3, quick));
  console.log(
    JSON.stringify({
      summary: 'engine.bench',
      node: process.version,
      cpus: (await import('node:os')).cpus().length,
      quick,
      all_targets_met: lines.every((l) => l.meets_target !== false),
      min_s: Object.fromEntries(lines.map((l) => [l.case, (l.s as { min: number } | undefined)?.min ?? l.projected_s_16_cores])),
    }),
  );
}
