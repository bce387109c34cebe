/**
 * A real distributed run watched by a real Prometheus, with the faults an operator's dashboard
 * must show: a worker killed -9 while it holds a shard (the shard is redelivered after the ack
 * wait), a poison message on the work subject, then two workers that finish the run, and the
 * coordinator keeping /metrics up after its outputs are written. Prometheus starts first and
 * scrapes all four processes from their first second.
 *
 *   const run = await observedRun(t, ['--preset', 'basic', '--sizes', '5', '--experiments', '10']);
 *   await run.finished;
 *   await run.prom.query('identifiability_run_progress_ratio');
 */
import type { ExecutionContext } from 'ava';
import { join } from 'node:path';
import { natsTransport } from '../../transport/natsTransport.js';
import { cluster } from './distributed.js';
import { storedShards, until, type CliChild } from './processes.js';
import { freePort } from '../../cli/freePort.js';
import { startPrometheus, type PrometheusServer } from './prometheus.js';

export interface ObservedRunOptions {
  /** Prometheus scrape interval. @default '1s' */
  readonly scrapeInterval?: string;
  /** How long the coordinator keeps /metrics up after the run. @default 120_000 */
  readonly lingerMs?: number;
  /** Ack wait of the work queue: how long the killed worker's shard waits. @default 2000 */
  readonly ackWaitMs?: number;
}

export interface ObservedRun {
  readonly prom: PrometheusServer;
  readonly out: string;
  readonly coordinator: CliChild;
  /** The two workers that finish the run (the killed one is not listed). */
  readonly workers: readonly CliChild[];
  /** host:port of each scrape target, by role. */
  readonly targets: { readonly coordinator: string; readonly workers: readonly string[]; readonly killed: string };
  /** Resolves once the coordinator has written its outputs and Prometheus has scraped every live
   *  process after that, so it holds the final values; /metrics stays up for `lingerMs`. */
  readonly finished: Promise<void>;
}

/** A worker counts a shard just after the coordinator may have stored its result. */
const SETTLE_MS = 500;

async function scrapedAfter(prom: PrometheusServer, ms: number): Promise<void> {
  const scraped = async (): Promise<boolean> => {
    const live = (await prom.targets()).filter((x) => x.health === 'up');
    return live.length > 0 && live.every((x) => x.lastScrape > ms);
  };
  await until(scraped, 30_000, 'Prometheus to scrape every live target after the run', 100);
}

const POISON = new Uint8Array([0xc1, 0xff, 0x00, 0x13]); // 0xc1 is never valid msgpack

export async function observedRun(
  t: Pick<ExecutionContext, 'teardown'>,
  study: readonly string[],
  options: ObservedRunOptions = {},
): Promise<ObservedRun> {
  const ackWaitMs = options.ackWaitMs ?? 2000;
  const c = await cluster(t, ['--ack-wait-ms', String(ackWaitMs)]);
  const [coordinatorPort, killedPort, ...workerPorts] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const host = (port: number | undefined): string => `127.0.0.1:${port ?? 0}`;
  const targets = { coordinator: host(coordinatorPort), killed: host(killedPort), workers: workerPorts.map(host) };
  const prom = await startPrometheus(
    [
      { job: 'coordinator', targets: [targets.coordinator] },
      { job: 'worker', targets: [targets.killed, ...targets.workers] },
    ],
    { scrapeInterval: options.scrapeInterval ?? '1s' },
  );
  t.teardown(() => prom.stop());
  // Prometheus applies discovered targets a few seconds after it is ready; a short run started
  // before that would be scraped only once it was over.
  await until(async () => (await prom.targets()).length === 4, 20_000, 'Prometheus to pick up its 4 scrape targets', 100);

  const out = join(c.dir, 'out');
  const metricsPort = (port: number | undefined): string[] => ['--metrics-port', String(port)];
  const coordinator = c.coordinator(study, out, [...metricsPort(coordinatorPort), '--linger-ms', String(options.lingerMs ?? 120_000)]);
  // Alone, a one-thread worker pulls its next shard as soon as it acks one, so once a result is
  // stored it holds a shard: killing it then forces a redelivery.
  const killed = c.worker(metricsPort(killedPort));
  await until(() => storedShards(out) >= 1, 60_000, 'a first stored shard');
  killed.proc.kill('SIGKILL');
  await killed.exited;
  // Published now, the poison is queued ahead of the rest of the run, for a live worker.
  const poisoner = await natsTransport({ prefix: c.prefix, connection: { servers: c.server.url }, ackWaitMs });
  await poisoner.publishWork('poison-garbage', POISON);
  await poisoner.close();
  const workers = workerPorts.map((port) => c.worker(metricsPort(port)));
  const finished = Promise.race([
    coordinator.waitFor(/^done in /m, 300_000).then(() => scrapedAfter(prom, Date.now() + SETTLE_MS)),
    coordinator.exited.then((code) => {
      throw new Error(`coordinator exited (${code}) before the run was done:\n${coordinator.output()}`);
    }),
  ]);
  finished.catch(() => undefined); // a caller that never awaits it must not see an unhandled rejection
  return { prom, out, coordinator, workers, targets, finished };
}
