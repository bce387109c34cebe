/**
 * A real `prometheus` for tests: started on a free loopback port with a generated config that
 * scrapes the given targets, queried through its HTTP API, stopped and cleaned up by `stop()`.
 *
 *   const prom = await startPrometheus([{ job: 'coordinator', targets: ['127.0.0.1:9464'] }]);
 *   t.teardown(() => prom.stop());
 *   const series = await prom.waitFor('up{job="coordinator"} == 1');
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { freePort } from '../../cli/freePort.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ScrapeJob {
  readonly job: string;
  /** host:port pairs serving /metrics. */
  readonly targets: readonly string[];
}

export interface PrometheusOptions {
  /** @default '1s' */
  readonly scrapeInterval?: string;
  /** Absolute paths of rule files to load. @default [] */
  readonly ruleFiles?: readonly string[];
  /** How long to wait for /-/ready. @default 30_000 */
  readonly startTimeoutMs?: number;
}

/** One active scrape target. */
export interface Target {
  readonly job: string;
  readonly instance: string;
  readonly health: string;
  readonly lastError: string;
  /** Epoch ms of the last scrape (0 before the first). */
  readonly lastScrape: number;
}

/** One series of a range query's matrix result: [epoch seconds, value] pairs. */
export interface RangeSeries {
  readonly metric: Record<string, string>;
  readonly values: readonly (readonly [number, number])[];
}

/** One element of an instant query's vector result. */
export interface Sample {
  readonly metric: Record<string, string>;
  readonly value: number;
}

export interface PrometheusServer {
  readonly url: string;
  readonly port: number;
  /** Instant query; throws with Prometheus' error text on a bad expression. */
  query(expr: string): Promise<Sample[]>;
  /** Range query from `start` to `end` (epoch seconds) every `step` seconds. */
  queryRange(expr: string, start: number, end: number, step: number): Promise<RangeSeries[]>;
  /** Polls `query(expr)` until `accept` holds (default: some sample that is not NaN). */
  waitFor(expr: string, accept?: (samples: Sample[]) => boolean, timeoutMs?: number): Promise<Sample[]>;
  /** Active targets as /api/v1/targets reports them. */
  targets(): Promise<Target[]>;
  stop(): Promise<void>;
}

const someValue = (samples: Sample[]): boolean => samples.some((s) => !Number.isNaN(s.value));

export async function startPrometheus(jobs: readonly ScrapeJob[], options: PrometheusOptions = {}): Promise<PrometheusServer> {
  const interval = options.scrapeInterval ?? '1s';
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-test-'));
  // JSON is YAML, so the config needs no YAML writer.
  const config = {
    global: { scrape_interval: interval, evaluation_interval: interval, scrape_timeout: interval },
    rule_files: options.ruleFiles ?? [],
    scrape_configs: jobs.map((j) => ({ job_name: j.job, static_configs: [{ targets: j.targets }] })),
  };
  writeFileSync(join(dir, 'prometheus.yml'), JSON.stringify(config, null, 2));

  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (err) => {
      stderr += String(err);
      resolve(-1);
    });
  });
  let running = true;
  void exited.then(() => (running = false));

  const stop = async (): Promise<void> => {
    if (running) {
      child.kill('SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(10_000, false)]);
      if (!done) child.kill('SIGKILL');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (!running) {
      await stop();
      throw new Error(`prometheus exited before it was ready (is it installed? deploy/setup.sh):\n${stderr}`);
    }
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus not ready after ${options.startTimeoutMs ?? 30_000} ms:\n${stderr}`);
    }
    await sleep(100);
  }

  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}${path}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error ?? res.status}`);
    return body.data;
  };

  const query = async (expr: string): Promise<Sample[]> => {
    const data = await api<{ resultType: string; result: { metric: Record<string, string>; value: [number, string] }[] }>(
      `/api/v1/query?query=${encodeURIComponent(expr)}`,
    );
    if (data.resultType !== 'vector') throw new Error(`expected a vector from ${expr}, got ${data.resultType}`);
    return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
  };

  const queryRange = async (expr: string, start: number, end: number, step: number): Promise<RangeSeries[]> => {
    const params = new URLSearchParams({ query: expr, start: String(start), end: String(end), step: String(step) });
    const data = await api<{ resultType: string; result: { metric: Record<string, string>; values: [number, string][] }[] }>(
      `/api/v1/query_range?${params.toString()}`,
    );
    if (data.resultType !== 'matrix') throw new Error(`expected a matrix from ${expr}, got ${data.resultType}`);
    return data.result.map((r) => ({ metric: r.metric, values: r.values.map(([t, v]) => [t, Number(v)] as const) }));
  };

  return {
    url,
    port,
    query,
    queryRange,
    async waitFor(expr, accept = someValue, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      let last: Sample[] = [];
      while (Date.now() < until) {
        last = await query(expr);
        if (accept(last)) return last;
        await sleep(250);
      }
      throw new Error(`no acceptable result for ${expr} within ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
    },
    async targets() {
      const data = await api<{
        activeTargets: { labels: Record<string, string>; health: string; lastError: string; lastScrape: string }[];
      }>('/api/v1/targets?state=active');
      return data.activeTargets.map((t) => ({
        job: t.labels['job'] ?? '',
        instance: t.labels['instance'] ?? '',
        health: t.health,
        lastError: t.lastError,
        lastScrape: Math.max(0, Date.parse(t.lastScrape) || 0),
      }));
    },
    stop,
  };
}
