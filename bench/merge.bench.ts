/**
 * The coordinator's merge of slice distributions (shared/engine/distributionMerger.ts) at the
 * sizes of a k = 6 network: 48 parts of 400 000 distinct float64-exact counts m * 2^e (m below
 * 2^22, e in 60..67, so parts share some), about 11 million distinct in all. Reports the time spent
 * in `add` and `result`, and the largest memory held between arrivals (heap and array buffers after
 * a full collection), which is what a long run keeps.
 * Run: node --expose-gc dist/bench/merge.bench.js [parts] [distinct per part]
 */
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
console.log(
  JSON.stringify({
    case: `merge ${PARTS} slice distributions of ${PER} distinct counts`,
    distinct: distinctCounts(result),
    merge_s: Math.round(ms / 10) / 100,
    held_between_arrivals_mib: Math.round(peak),
    peak_rss_mib: peakRssMiB(),
  }),
);
