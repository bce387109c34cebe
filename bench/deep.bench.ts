/**
 * Groundings of a network deeper than the paper's shape, where about half the kept circuits have
 * more than 2^53 groundings (counted by residues, shared/engine/residueDp.ts): XOR [2, 4, 4, 4, 1]
 * seed 1 (examples/xor-4x4x4-s1.json, no filter: 272 689 065 kept of 43 705 779 314 candidates).
 * Whole, it is minutes on this machine's two cores, so seeded picks of the slices of its plan by
 * shape (`workedSliceRanges`, its default --slice-candidates) are timed one after another in this
 * process, and the whole is projected (mean slice time x slices, with a 95% interval), as
 * k6groundings.bench.ts does for k = 6; plus its last slice (every hidden node on). No target:
 * kept to see changes. `analyze` now plans this network from a probe of its kept circuits
 * (coordinator/keptProbe.ts); the bench keeps the plan by shape, a fixed sample that does not
 * need the probe's minute and stays comparable with the rows of earlier sessions.
 * Run: node dist/bench/deep.bench.js [--picks N] (default 6, about 2 minutes). One JSON line.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCase } from '../shared/case/caseFile.js';
import { summarizeCircuitSlice, workedSliceRanges } from '../shared/engine/circuitSlices.js';
import { compileAnalysisOptions } from '../shared/engine/options.js';
import { DEFAULT_SLICE_CANDIDATES, sliceCount } from '../coordinator/networkSlices.js';
import { meanInterval, peakRssMiB, slicePicker } from './stats.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const at = process.argv.indexOf('--picks');
const picks = at > 0 ? Number(process.argv[at + 1]) : 6;
const { input, config } = parseCase(JSON.parse(readFileSync(resolve(root, 'examples/xor-4x4x4-s1.json'), 'utf8')));
const options = compileAnalysisOptions({ ...config, minSparsity: 0, stages: ['circuits', 'groundings'] }, input.model);
const n = sliceCount(input.model.layerSizes, 0, DEFAULT_SLICE_CANDIDATES);
const plan = workedSliceRanges(input.model, input.grounding, 0, n);

function timed(i: number): { s: number; kept: number } {
  const t0 = performance.now();
  const { kept } = summarizeCircuitSlice(input, 0, options, plan[i], 0);
  return { s: (performance.now() - t0) / 1000, kept };
}

const next = slicePicker(plan.length);
const seen = new Set<number>();
const times: number[] = [];
let kept = 0;
while (times.length < picks && seen.size < plan.length) {
  const i = next();
  if (seen.has(i)) continue;
  seen.add(i);
  const r = timed(i);
  times.push(r.s);
  kept += r.kept;
}
const last = timed(plan.length - 1);
const { mean, half } = meanInterval(times);
const round = (v: number): number => Math.round(v * 100) / 100;
console.log(
  JSON.stringify({
    case: 'xor [2, 4, 4, 4, 1] unfiltered, circuits + groundings (sampled slices of analyze\'s plan)',
    slices: plan.length,
    sampled: times.length,
    sampled_kept: kept,
    s_per_slice: times.map(round),
    us_per_kept_circuit: round((times.reduce((a, b) => a + b, 0) / kept) * 1e6),
    last_slice_s: round(last.s),
    last_slice_kept: last.kept,
    projected_s_1_core: Math.round(mean * plan.length),
    projected_s_1_core_ci95: [Math.round(Math.max(0, (mean - half) * plan.length)), Math.round((mean + half) * plan.length)],
    projected_s_2_workers: Math.round(Math.max((mean * plan.length) / 2, last.s)),
    peak_rss_mb: peakRssMiB(),
  }),
);
