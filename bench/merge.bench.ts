/**
 * The coordinator's merge of slice distributions (shared/engine/distributionMerger.ts) at the
 * sizes of a k = 6 network: 48 parts of 400 000 distinct float64-exact counts m * 2^e (m below
 * 2^22, e in 60..67, so parts share some), about 11 million distinct in all. Reports the time spent
 * in `add` and `result`, and the largest memory held between arrivals (heap and array buffers after
 * a full collection), which is what a long run keeps. Then the end of `analyze`: the summary line
 * and the `--json` file of that distribution (written in pieces), timed; the peak RSS covers both.
 * Run: node --expose-gc dist/bench/merge.bench.js [parts] [distinct per part]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAnalysisJson } from '../cli/analysisFile.js';
import { outputSummary } from '../cli/summary.js';
import type { OutputResult } from '../shared/wire/messages.js';
import { DistributionMerger } from '../shared/engine/distributionMerger.js';
import { distinctCounts } from '../shared/engine/packedDistribution.js';
import type { GroundingDistribution } from '../shared/engine/groundingDistribution.js';
import { Prng } from '../shared/train/prng.js';
import { peakRssMiB } from './stats.js';

const PARTS = Number(process.argv[2] ?? 48);
const PER = Number(process.argv[3] ?? 400_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

const rng = new Prng(7);
function part(): GroundingDistribution {
  const seen = new Set<number>();
  while (seen.size < PER) seen.add(rng.int(2 ** 22) * 2 ** (60 + rng.int(8)));
  const sorted = [...seen].sort((a, b) => a - b);
  const values = sorted.map((v) => BigInt(v));
  const circuits = sorted.map(() => 1 + rng.int(1000));
  const total = values.reduce((s, v, i) => s + v * BigInt(circuits[i] as number), 0n);
  return { values, circuits, total, uncounted: 0 };
}

const held = (): number => {
  gc();
  const u = process.memoryUsage();
  return (u.heapUsed + u.arrayBuffers) / 2 ** 20;
};
const base = held();
const merger = new DistributionMerger();
let ms = 0;
let peak = 0;
for (let i = 0; i < PARTS; i++) {
  const d = part();
  const t0 = performance.now();
  merger.addDistribution(d);
  ms += performance.now() - t0;
  peak = Math.max(peak, held() - base);
}
const t0 = performance.now();
const result = merger.result();
ms += performance.now() - t0;
const t1 = performance.now();
let kept = 0;
for (const c of result.numCircuits) kept += c;
const output: OutputResult = { gate: 'XOR', candidates: kept, kept, groundings: result, circuits: null, formulas_checked: 0, formulas: [] };
outputSummary(output, 0, ['circuits', 'groundings'], new Map());
const dir = mkdtempSync(join(tmpdir(), 'merge-bench-'));
writeAnalysisJson(join(dir, 'analysis.json'), [output]);
const fileMiB = statSync(join(dir, 'analysis.json')).size / 2 ** 20;
rmSync(dir, { recursive: true, force: true });
const endMs = performance.now() - t1;
console.log(
  JSON.stringify({
    case: `merge ${PARTS} slice distributions of ${PER} distinct counts`,
    distinct: distinctCounts(result),
    merge_s: Math.round(ms / 10) / 100,
    held_between_arrivals_mib: Math.round(peak),
    end_s: Math.round(endMs / 10) / 100,
    json_mib: Math.round(fileMiB),
    peak_rss_mib: peakRssMiB(),
  }),
);
