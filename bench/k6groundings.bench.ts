/**
 * XOR k = 6 without a filter, circuits and groundings (issue 11's second target row): too long to
 * run whole on this machine, so a seeded sample of its 4096 equal-candidate slices is run in this
 * process and the whole is projected (mean slice time x 4096, with a 95% interval; slices differ a
 * lot, most keep nothing). The picks are the first of engine.bench.ts's k = 6 circuit picks.
 * Run: node dist/bench/k6groundings.bench.js [--picks N] (default 40, about 80 s). One JSON line.
 *
 * The uniform sample under-projects: the last slices of the space (every first-layer node on) hold
 * a fifth of the kept circuits in units whose sums are thousands of terms long, and a random pick
 * rarely lands there. `--slices A,B,...` times those slices instead (no projection): one line each
 * with its kept circuits and the microseconds per circuit, to scale the tail by.
 *
 * `--heaviest N` times the N slices of the plan that `analyze` makes (slices of equal estimated
 * work, heavy units in parts: shared/engine/sliceWork.ts) with the most estimated work: the slowest
 * of them bounds a run on any number of workers. One line each, then the slowest.
 *
 * `--plan N` times N seeded picks among that plan's slices and projects the whole from them: the
 * plan's slices hold about equal estimated work, so a uniform pick among them weighs the heavy
 * units as the run does, which the equal-candidate sample above does not. The projection for w
 * workers is the one-core total over w, or the slowest picked slice if longer (a lower bound:
 * the whole run's own list scheduling, `analyze`'s last line, also waits on its last slices).
 *
 * `--plan-by-kept N` projects the same plan better when its slices differ as much as a width-6
 * network's do (0 to 86 s for equal estimates; 40 uniform picks said a third of a whole run): first
 * every slice's circuit search alone (5-9% of the whole), which gives each slice's kept
 * circuits; a slice that keeps none costs its search time; then N picks, with replacement, each
 * slice with probability proportional to its kept circuits, timed with groundings, and the
 * Hansen-Hurwitz estimate of the rest (exact if every slice took the same time per kept circuit:
 * the picks took 0.26 to 2.3 us on the growth network, 0.00 to 0.44 us on xor-k6-s1, so its
 * interval is wide there; docs/performance.md).
 *
 * `--case FILE` measures another k = 6 case file (a study's networks/NNNN.json, say) instead of
 * examples/xor-k6-s1.json: trained networks differ in where their work lies.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCase } from '../shared/case/caseFile.js';
import { circuitSliceRanges, summarizeCircuitSlice } from '../shared/engine/circuitSlices.js';
import { circuitSpace } from '../shared/engine/circuitSpace.js';
import { unitWork, workSliceRanges } from '../shared/engine/sliceWork.js';
import { groundingPatterns } from '../shared/engine/truthTables.js';
import { compileAnalysisOptions } from '../shared/engine/options.js';
import { meanInterval, ppsPicks, ppsTotal, slicePicker } from './stats.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SLICES = 4096;
const at = process.argv.indexOf('--picks');
// 8 picks met two heavy slices and projected half of what 40 do: slices differ a lot in work.
const picks = at > 0 ? Number(process.argv[at + 1]) : 40;

const caseAt = process.argv.indexOf('--case');
const caseFile = caseAt > 0 ? resolve(String(process.argv[caseAt + 1])) : resolve(root, 'examples/xor-k6-s1.json');
const label = caseAt > 0 ? basename(caseFile) : 'xor-k6';
const { input, config } = parseCase(JSON.parse(readFileSync(caseFile, 'utf8')));
const options = compileAnalysisOptions({ ...config, minSparsity: 0, stages: ['circuits', 'groundings'] }, input.model);
const ranges = circuitSliceRanges(input.model.layerSizes, 0, SLICES);
const next = slicePicker(SLICES);
const listed = process.argv.indexOf('--slices');
if (listed > 0) {
  for (const n of String(process.argv[listed + 1]).split(',').map(Number)) {
    const t0 = performance.now();
    const s = summarizeCircuitSlice(input, 0, options, ranges[n], 0);
    const sec = (performance.now() - t0) / 1000;
    const range = ranges[n] as { start: number; end: number };
    console.log(JSON.stringify({ case: `${label} unfiltered, circuits + groundings, one slice`, slice: n, units: range.end - range.start, kept: s.kept, distinct_counts: s.groundings ? s.groundings.num.length + s.groundings.big.length : 0, s: Math.round(sec * 100) / 100, us_per_circuit: s.kept > 0 ? Math.round((sec / s.kept) * 1e8) / 100 : null, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  }
  process.exit(0);
}
/** The slices `analyze` makes of this case: about equal estimated work, heavy units in parts (sliceWork.ts). */
function analyzePlan(): ReturnType<typeof workSliceRanges> {
  const space = circuitSpace(input.model.layerSizes, 0);
  return workSliceRanges(space, unitWork(space, input.model, groundingPatterns(input.grounding)), SLICES);
}
/**
 * A projected total of one core's seconds (and the half-width of its 95% interval) as fields: on w
 * workers the total over w, or the slowest slice timed if longer (a lower bound: the whole run's
 * own list scheduling, `analyze`'s last line, also waits on its last slices).
 */
function projection(oneCore: number, half: number, slowest: number): Record<string, unknown> {
  const on = (w: number): number => Math.round(Math.max(oneCore / w, slowest));
  return {
    projected_s_1_core: Math.round(oneCore),
    projected_s_1_core_ci95: [Math.round(Math.max(0, oneCore - half)), Math.round(oneCore + half)],
    projected_s_2_workers: on(2),
    projected_s_16_workers: on(16),
    projected_s_64_workers: on(64),
    target_s_2_workers: 1200,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
const heaviest = process.argv.indexOf('--heaviest');
if (heaviest > 0) {
  const plan = analyzePlan();
  const top = plan.map((r, i) => ({ r, i, e: r.work })).sort((a, b) => b.e - a.e).slice(0, Number(process.argv[heaviest + 1]));
  let slowest = 0;
  for (const { r, i, e } of top) {
    const t0 = performance.now();
    const s = summarizeCircuitSlice(input, 0, options, r, 0);
    const sec = (performance.now() - t0) / 1000;
    slowest = Math.max(slowest, sec);
    console.log(JSON.stringify({ case: `${label} unfiltered, circuits + groundings, a slice of the plan`, slice: i, of: plan.length, units: [r.start, r.end], ...(r.firstRows && { firstRows: r.firstRows }), estimated_shares: Math.round(e * 100) / 100, kept: s.kept, s: Math.round(sec * 100) / 100 }));
  }
  console.log(JSON.stringify({ case: `${label} unfiltered, circuits + groundings, the plan's heaviest estimated slices`, slices: plan.length, timed: top.length, slowest_s: Math.round(slowest * 100) / 100, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  process.exit(0);
}
const keptPicks = process.argv.indexOf('--plan-by-kept');
if (keptPicks > 0) {
  const plan = analyzePlan();
  // First every slice's circuits alone (5-9% of the whole on the two k = 6 networks measured):
  // its kept count, and its time, which is all a slice that keeps nothing costs.
  const circuitsOnly = compileAnalysisOptions({ ...config, minSparsity: 0, stages: ['circuits'] }, input.model);
  const sizes: number[] = [];
  let searchS = 0;
  // The slices that keep nothing cost what their search costs (each with its own setup).
  let emptyS = 0;
  for (const r of plan) {
    const t1 = performance.now();
    const k = summarizeCircuitSlice(input, 0, circuitsOnly, r, 0).kept;
    const sec = (performance.now() - t1) / 1000;
    sizes.push(k);
    searchS += sec;
    if (k === 0) emptyS += sec;
  }
  const totalKept = sizes.reduce((a, b) => a + b, 0);
  const n = Number(process.argv[keptPicks + 1]);
  const picks = totalKept > 0 ? ppsPicks(sizes, n) : [];
  // Picked with replacement: a slice picked twice is timed once.
  const timed = new Map<number, number>();
  for (const i of picks) {
    if (timed.has(i)) continue;
    const t1 = performance.now();
    summarizeCircuitSlice(input, 0, options, plan[i], 0);
    timed.set(i, (performance.now() - t1) / 1000);
  }
  const { total, half } = picks.length > 0 ? ppsTotal(picks.map((i) => ({ y: timed.get(i) as number, p: (sizes[i] as number) / totalKept }))) : { total: 0, half: 0 };
  console.log(
    JSON.stringify({
      case: `${label} unfiltered, circuits + groundings (slices of analyze's plan picked in proportion to their kept circuits)`,
      slices: plan.length,
      slices_keeping_none: sizes.filter((k) => k === 0).length,
      kept: totalKept,
      search_pass_s: Math.round(searchS),
      search_s_of_slices_keeping_none: Math.round(emptyS),
      picks: picks.length,
      timed: timed.size,
      us_per_circuit: [...timed].map(([i, t]) => Math.round((t / (sizes[i] as number)) * 1e8) / 100),
      ...projection(total + emptyS, half, Math.max(0, ...timed.values())),
    }),
  );
  process.exit(0);
}
const planPicks = process.argv.indexOf('--plan');
if (planPicks > 0) {
  const plan = analyzePlan();
  const pick = slicePicker(plan.length);
  const n = Number(process.argv[planPicks + 1]);
  const times: number[] = [];
  const seen = new Set<number>();
  while (times.length < n && seen.size < plan.length) {
    const i = pick();
    if (seen.has(i)) continue;
    seen.add(i);
    const t0 = performance.now();
    summarizeCircuitSlice(input, 0, options, plan[i], 0);
    times.push((performance.now() - t0) / 1000);
  }
  const { mean, half } = meanInterval(times);
  console.log(
    JSON.stringify({
      case: `${label} unfiltered, circuits + groundings (sampled slices of analyze's plan)`,
      slices: plan.length,
      sampled: times.length,
      s_per_slice: times.map((t) => Math.round(t * 100) / 100),
      ...projection(mean * plan.length, half * plan.length, Math.max(...times)),
    }),
  );
  process.exit(0);
}
const times: number[] = [];
let kept = 0;
for (let i = 0; i < picks; i++) {
  const t0 = performance.now();
  const s = summarizeCircuitSlice(input, 0, options, ranges[next()], 0);
  times.push((performance.now() - t0) / 1000);
  kept += s.kept;
}
const sample = meanInterval(times);
const half = sample.half * SLICES;
const oneCore = sample.mean * SLICES;
console.log(
  JSON.stringify({
    case: `${label} unfiltered, circuits + groundings (sampled slices)`,
    slices: SLICES,
    sampled: picks,
    sampled_kept: kept,
    s_per_slice: times.map((t) => Math.round(t * 100) / 100),
    projected_s_1_core: Math.round(oneCore),
    projected_s_1_core_ci95: [Math.round(Math.max(0, oneCore - half)), Math.round(oneCore + half)],
    projected_s_2_cores: Math.round(oneCore / 2),
    projected_s_16_cores: Math.round(oneCore / 16),
    target_s_2_workers: 1200,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
