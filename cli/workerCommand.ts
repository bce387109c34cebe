/**
 * `identifiability worker --nats URL`: pull shards from the shared durable consumer, evaluate them
 * in a local Piscina pool, publish results. SIGTERM/SIGINT drain: no new shard is pulled, the
 * in-flight ones finish and are acked, then the process exits.
 */
import { hostname } from 'node:os';
import { Registry } from 'prom-client';
import { startMetricsServer } from '../coordinator/metricsServer.js';
import { consume, type WorkerEvent } from '../worker/consume.js';
import { createWorkerMetrics, recordCheckpoints } from '../worker/metrics.js';
import { createPool, defaultThreads } from '../worker/pool.js';
import { UsageError } from './errors.js';
import { connectNats, type NatsFlags } from './natsFlags.js';
import type { Transport } from '../transport/transport.js';

export interface WorkerFlags extends NatsFlags {
  readonly threads?: number;
  readonly metricsPort?: number;
  readonly exitWhenDone?: boolean;
  readonly quiet?: boolean;
}

const IDLE_POLL_MS = 2000;

export async function workerCommand(flags: WorkerFlags, print: (line: string) => void): Promise<void> {
  const name = `${hostname()}-${process.pid}`;
  const transport = await connectNats(flags, `identifiability-worker-${name}`);
  if (!transport) throw new UsageError('worker: --nats <url> (or NATS_URL) is required');
  const registry = new Registry();
  const metrics = createWorkerMetrics(registry);
  const server = flags.metricsPort !== undefined ? await startMetricsServer(registry, flags.metricsPort, '0.0.0.0', { collectDefaultMetrics: true }) : null;
  const pool = createPool(flags.threads ?? defaultThreads());
  const stop = new AbortController();
  const onSignal = (): void => {
    if (!flags.quiet) print('worker: draining (finishing in-flight shards)');
    stop.abort();
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  const gauges = setInterval(() => {
    metrics.poolUtilization.set(pool.utilization());
    metrics.poolQueueSize.set(pool.queueSize());
  }, 1000);
  const onEvent = (e: WorkerEvent): void => {
    if (e.kind === 'done') {
      metrics.shardsProcessed.inc({ outcome: 'ok' });
      metrics.shardDuration.observe(e.ms / 1000);
      metrics.candidatesEvaluated.inc(e.candidates);
      if (e.checkpoints) recordCheckpoints(metrics, e.checkpoints);
      if (e.redelivered) {
        metrics.shardsRedelivered.inc();
        // Rare and worth a line: another worker died or stalled holding this shard.
        if (!flags.quiet) print(`worker: shard ${e.shardId} done after a redelivery`);
      }
    } else if (e.kind === 'rejected') {
      metrics.shardsProcessed.inc({ outcome: 'rejected' });
      metrics.messagesRejected.inc({ kind: 'shard' });
      print(`worker: rejected shard ${e.shardId}: ${e.error.message}`);
    } else {
      metrics.shardsProcessed.inc({ outcome: 'failed' });
      print(`worker: shard ${e.shardId} failed${e.final ? ' for the last time' : ', will retry'}: ${e.error.message}`);
    }
  };
  const idle = flags.exitWhenDone ? watchForDone(transport, stop) : null;
  if (!flags.quiet) print(`worker ${name}: ${pool.threads} threads, prefix ${flags.prefix}${server ? `, metrics on :${server.port}` : ''}`);
  try {
    await consume(transport, pool, { worker: name, signal: stop.signal, onEvent });
  } finally {
    if (idle) clearInterval(idle);
    clearInterval(gauges);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await pool.close();
    await transport.close();
    await server?.close();
  }
  if (!flags.quiet) print('worker: stopped');
}

/** With --exit-when-done: stop once the coordinator marked its plan complete and nothing is pending. */
function watchForDone(transport: Transport, stop: AbortController): NodeJS.Timeout {
  return setInterval(() => {
    void (async () => {
      const state = await transport.kvGet('run.state').catch(() => null);
      if (state && new TextDecoder().decode(state) === 'done' && (await transport.pendingWork()) === 0) stop.abort();
    })();
  }, IDLE_POLL_MS);
}
