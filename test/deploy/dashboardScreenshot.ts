/**
 * Runs a real distributed study under a real Prometheus (test/helpers/observedRun.ts: a worker
 * killed mid-shard, a poison message, two workers finishing) and screenshots Prometheus' graphs of
 * the dashboard's main queries for the README:
 *   npx tsc -p . && node dist/test/deploy/dashboardScreenshot.js docs/prometheus-run.png
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { screenshotUrl } from '../coordinator/chromium.js';
import { observedRun } from '../helpers/observedRun.js';

const study = ['--preset', 'basic', '--sizes', '4,5', '--experiments', '40', '--seed', '3'];
const RATE = '15s';
const PANELS = [
  'identifiability_run_progress_ratio{job="coordinator"}',
  'identifiability_shards_pending{job="coordinator"}',
  `sum by (instance) (rate(identifiability_candidates_evaluated_total{job="worker"}[${RATE}]))`,
  `sum by (instance) (rate(identifiability_shards_processed_total{job="worker"}[${RATE}]))`,
  `histogram_quantile(0.95, sum by (le, stage) (rate(identifiability_stage_duration_seconds_bucket{job="coordinator"}[${RATE}])))`,
  'identifiability_pool_utilization{job="worker"}',
  `sum by (job) (identifiability_shards_redelivered_total) or sum by (job, kind) (identifiability_messages_rejected_total{job="worker"})`,
];

function graphUrl(base: string, range: string): string {
  const params = new URLSearchParams();
  for (const [i, expr] of PANELS.entries()) {
    params.set(`g${i}.expr`, expr);
    params.set(`g${i}.tab`, '0');
    params.set(`g${i}.stacked`, '0');
    params.set(`g${i}.range_input`, range);
  }
  return `${base}/graph?${params.toString()}`;
}

async function main(out: string): Promise<void> {
  const teardowns: (() => unknown)[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'prometheus-shot-'));
  try {
    const run = await observedRun({ teardown: (fn) => teardowns.push(fn) }, study);
    const started = Date.now();
    await run.finished;
    const seconds = Math.ceil((Date.now() - started) / 1000) + 20;
    const png = join(dir, 'shot.png');
    await screenshotUrl(graphUrl(run.prom.url, `${seconds}s`), png, 1400, 3600);
    await copyFile(png, resolve(out));
    process.stdout.write(`wrote ${out} (${run.coordinator.output().match(/^done in .*$/m)?.[0] ?? ''})\n`);
  } finally {
    for (const fn of teardowns.reverse()) await fn();
    await rm(dir, { recursive: true, force: true });
  }
}

await main(process.argv[2] ?? 'docs/prometheus-run.png');
