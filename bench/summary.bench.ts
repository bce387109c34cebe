/**
 * The slice side's grounding summary (shared/engine/groundingSummary.ts `addNumbers`) at the sizes
 * of a heavy k = 6 slice: rows of 53 cells (a one-free-node row's classes) drawn from 4 million
 * distinct counts m * 2^e, the common ones more often, 800 000 rows. The table then holds about 3.7
 * million counts, far past the caches, so the time is mostly memory latency per probe. The cells
 * are drawn before the clock starts. Then the table is split into its ascending distinct counts
 * and their circuits, as a slice does at its end (`split`). Run: node dist/bench/summary.bench.js [rows]. One JSON line.
 */
import { GroundingSummary } from '../shared/engine/groundingSummary.js';
import { Prng } from '../shared/train/prng.js';
import { peakRssMiB } from './stats.js';

const ROWS = Number(process.argv[2] ?? 800_000);
const CELLS = 53;
const DISTINCT = 4_000_000;

const rng = new Prng(11);
const distinct = new Float64Array(DISTINCT);
for (let i = 0; i < DISTINCT; i++) distinct[i] = rng.int(2 ** 30) * 2 ** rng.int(8);
const cells = new Float64Array(ROWS * CELLS);
for (let k = 0; k < cells.length; k++) cells[k] = distinct[Math.floor(rng.uniform() * rng.uniform() * DISTINCT)] as number;
const circuits = new Float64Array(CELLS).fill(3);

const summary = new GroundingSummary();
const t0 = performance.now();
for (let r = 0; r < ROWS; r++) summary.addNumbers(cells.subarray(r * CELLS, (r + 1) * CELLS), circuits, CELLS, 1, 1 + (r & 3));
const s = (performance.now() - t0) / 1000;
// What a slice does with it at its end: the distinct counts in ascending order with their circuits.
const t1 = performance.now();
const { num } = summary.split();
const split = (performance.now() - t1) / 1000;
console.log(
  JSON.stringify({
    case: 'grounding summary, addNumbers of one-free-node rows',
    rows: ROWS,
    cells: ROWS * CELLS,
    distinct_counts: summary.size,
    s: Math.round(s * 100) / 100,
    ns_per_cell: Math.round((s / (ROWS * CELLS)) * 1e9),
    split_s: Math.round(split * 1000) / 1000,
    ns_per_distinct_split: Math.round((split / num.length) * 1e9),
    peak_rss_mb: peakRssMiB(),
  }),
);
