/**
 * The basic study end to end (100 XOR networks, k = 3: train, then every count), embedded, as
 * `npm start` runs it but without the CLI: the time the one-minute target is about.
 * Prints one JSON line per case. Run: npm run bench
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePlan } from '../coordinator/plan.js';
import { findPreset } from '../coordinator/presets.js';
import { openRunStore } from '../coordinator/runStore.js';
import { runStudy } from '../coordinator/runStudy.js';
import { compileStudyOptions } from '../coordinator/studyOptions.js';
import { memoryTransport } from '../transport/memoryTransport.js';
import { createPool, defaultThreads } from '../worker/pool.js';
import { withLocalWorker } from '../cli/localWorker.js';
import { peakRssMiB, timing } from './stats.js';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

async function once(): Promise<{ ms: number; converged: number; networks: number; stageMs: Record<string, number> }> {
  const plan = makePlan('basic', compileStudyOptions(findPreset('basic')!.options));
  const dir = await mkdtemp(join(tmpdir(), 'bench-study-'));
  const store = await openRunStore(dir, plan);
  const pool = createPool(defaultThreads());
  const transport = memoryTransport({ ackWaitMs: 600_000 });
  const t0 = performance.now();
  const summary = await withLocalWorker(transport, pool, () => runStudy({ plan, store, transport }));
  const ms = performance.now() - t0;
  const stageMs: Record<string, number> = {};
  for (const m of store.finished.values()) {
    if (m.type !== 'shard-result') continue;
    for (const [k, v] of Object.entries(m.stageMs)) stageMs[k] = Math.round(((stageMs[k] ?? 0) + v) * 10) / 10;
  }
  await pool.close();
  await transport.close();
  await rm(dir, { recursive: true, force: true });
  return { ms, converged: summary.converged, networks: summary.networks, stageMs };
}

const runs = [];
for (let i = 0; i < REPEATS; i++) runs.push(await once());
const last = runs[runs.length - 1]!;
console.log(
  JSON.stringify({
    case: 'study-basic',
    networks: last.networks,
    converged: last.converged,
    threads: defaultThreads(),
    ...timing(runs.map((r) => r.ms)),
    networks_per_s: Math.round((last.networks / (Math.min(...runs.map((r) => r.ms)) / 1000)) * 10) / 10,
    stage_ms_summed_over_threads: last.stageMs,
    peak_rss_mib: peakRssMiB(),
    target_ms: 60_000,
  }),
);
