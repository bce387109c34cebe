/**
 * Runs a real distributed study under a real Prometheus (test/helpers/observedRun.ts: a worker
 * killed mid-shard, a poison message, two workers finishing), then draws every panel of
 * deploy/grafana/dashboard.json from that Prometheus (dashboardRender.ts) and screenshots it:
 *   npx tsc -p . && node dist/test/deploy/dashboardScreenshot.js docs/dashboard-run.png
 */
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { screenshot } from '../coordinator/chromium.js';
import { observedRun } from '../helpers/observedRun.js';
import { dashboardHeight, dashboardHtml, panelData, type DashboardPanel } from './dashboardRender.js';

const EXPERIMENTS = 120;
const STUDY = ['--preset', 'basic', '--sizes', '4,5', '--experiments', String(EXPERIMENTS), '--seed', '3', '--checkpoints', '10'];
const WIDTH = 1600;

async function main(out: string): Promise<void> {
  const { panels } = JSON.parse(readFileSync('deploy/grafana/dashboard.json', 'utf8')) as { panels: DashboardPanel[] };
  const teardowns: (() => unknown)[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'dashboard-shot-'));
  try {
    const start = Math.floor(Date.now() / 1000) - 2;
    const run = await observedRun({ teardown: (fn) => teardowns.push(fn) }, STUDY);
    await run.finished;
    await sleep(5000); // a few idle seconds after the run, as an operator would see them
    const end = Math.ceil(Date.now() / 1000);
    const data = await panelData(panels, run.prom, { start, end, step: 1, rateInterval: '10s' });
    const done = run.coordinator.output().match(/^done in .*$/m)?.[0] ?? '';
    const subtitle = `Panels of deploy/grafana/dashboard.json evaluated by a real Prometheus (1 s scrapes, $__rate_interval = 10s) over a real run: ` +
      `nats-server, one worker killed -9 mid-shard, a poison message, two workers finishing; basic preset, widths 4 and 5, ${EXPERIMENTS} experiments each, checkpoints every 10 epochs (${done}). Drawn with Chart.js: Grafana is not available here.`;
    const html = join(dir, 'dashboard.html');
    await writeFile(html, dashboardHtml(data, 'identifiability: run dashboard', subtitle));
    const png = join(dir, 'shot.png');
    await screenshot(html, png, WIDTH, dashboardHeight(panels));
    await copyFile(png, resolve(out));
    process.stdout.write(`wrote ${out}: ${done}\n`);
  } finally {
    for (const fn of teardowns.reverse()) await fn();
    await rm(dir, { recursive: true, force: true });
  }
}

await main(process.argv[2] ?? 'docs/dashboard-run.png');
