/**
 * Every Prometheus metric a worker exports, built on a registry the caller owns.
 *
 * prom-client registries are per thread, so these live in the pool's main thread and are updated
 * from task results (Piscina threads never touch them). Pool gauges are sampled by the consumer loop.
 * Shared names (`shard_duration_seconds`, `candidates_evaluated_total`, ...) also exist on the
 * coordinator; the scrape `job` label (`coordinator` / `worker`) tells them apart.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { EPOCH_BUCKET_LABELS, SHARD_DURATION_BUCKETS, epochBucket } from '../shared/wire/metricBuckets.js';
import type { CheckpointTally } from '../shared/evaluate/checkpoints.js';

/** How a shard left the worker (label `outcome`). */
export const SHARD_OUTCOMES = ['ok', 'failed', 'rejected'] as const;
export type ShardOutcome = (typeof SHARD_OUTCOMES)[number];

/** Shard evaluation time on a worker: the coordinator's buckets, so the two histograms compare. */
export { SHARD_DURATION_BUCKETS };

export const metricNames = [
  'identifiability_shards_processed_total',
  'identifiability_shards_redelivered_total',
  'identifiability_candidates_evaluated_total',
  'identifiability_shard_duration_seconds',
  'identifiability_pool_utilization',
  'identifiability_pool_queue_size',
  'identifiability_messages_rejected_total',
  'identifiability_checkpoint_circuits_total',
  'identifiability_checkpoint_outputs_total',
  'identifiability_checkpoint_circuits_born_total',
  'identifiability_checkpoint_circuits_died_total',
] as const;
export type WorkerMetricName = (typeof metricNames)[number];

export interface WorkerMetrics {
  readonly shardsProcessed: Counter<'outcome'>;
  /** Shard messages that arrived with JetStream's redelivered flag set. */
  readonly shardsRedelivered: Counter;
  readonly candidatesEvaluated: Counter;
  readonly shardDuration: Histogram;
  /** Busy fraction of the Piscina pool, 0..1. */
  readonly poolUtilization: Gauge;
  /** Tasks waiting in the Piscina queue. */
  readonly poolQueueSize: Gauge;
  /** Label `kind`: why a shard message was rejected before evaluation (e.g. `malformed`). */
  readonly messagesRejected: Counter<'kind'>;
  /** --checkpoints: kept circuits summed over the network-outputs analysed at checkpoints, by epoch bucket. */
  readonly checkpointCircuits: Counter<'epoch_le'>;
  /** --checkpoints: network-outputs analysed at checkpoints, by epoch bucket (divide circuits by it for the mean). */
  readonly checkpointOutputs: Counter<'epoch_le'>;
  /** --checkpoints: circuits kept at a checkpoint and not at the previous one (born), and the reverse (died). */
  readonly checkpointBorn: Counter;
  readonly checkpointDied: Counter;
}

/** Counts one finished shard's checkpoints (worker/task.ts tallies them in the pool thread). */
export function recordCheckpoints(metrics: WorkerMetrics, tallies: readonly CheckpointTally[]): void {
  for (const k of tallies) {
    const labels = { epoch_le: epochBucket(k.epoch) };
    metrics.checkpointCircuits.inc(labels, k.circuits);
    metrics.checkpointOutputs.inc(labels, k.outputs);
    metrics.checkpointBorn.inc(k.born);
    metrics.checkpointDied.inc(k.died);
  }
}

/** Builds every worker metric on `registry`. Throws if one is already registered there. */
export function createWorkerMetrics(registry: Registry): WorkerMetrics {
  const registers = [registry];
  const metrics: WorkerMetrics = {
    shardsProcessed: new Counter({
      name: 'identifiability_shards_processed_total',
      help: 'Shards this worker finished, by outcome (ok, failed, rejected).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    shardsRedelivered: new Counter({
      name: 'identifiability_shards_redelivered_total',
      help: 'Shard messages received with the redelivered flag.',
      registers,
    }),
    candidatesEvaluated: new Counter({
      name: 'identifiability_candidates_evaluated_total',
      help: 'Candidates evaluated by this worker.',
      registers,
    }),
    shardDuration: new Histogram({
      name: 'identifiability_shard_duration_seconds',
      help: 'Seconds to evaluate one shard on this worker (decode to encoded result).',
      buckets: [...SHARD_DURATION_BUCKETS],
      registers,
    }),
    poolUtilization: new Gauge({
      name: 'identifiability_pool_utilization',
      help: 'Busy fraction of the worker thread pool, 0..1.',
      registers,
    }),
    poolQueueSize: new Gauge({
      name: 'identifiability_pool_queue_size',
      help: 'Tasks queued in the worker thread pool.',
      registers,
    }),
    checkpointCircuits: new Counter({
      name: 'identifiability_checkpoint_circuits_total',
      help: 'Kept circuits summed over network-outputs analysed at training checkpoints (--checkpoints), by epoch bucket.',
      labelNames: ['epoch_le'] as const,
      registers,
    }),
    checkpointOutputs: new Counter({
      name: 'identifiability_checkpoint_outputs_total',
      help: 'Network-outputs analysed at training checkpoints (--checkpoints), by epoch bucket.',
      labelNames: ['epoch_le'] as const,
      registers,
    }),
    checkpointBorn: new Counter({
      name: 'identifiability_checkpoint_circuits_born_total',
      help: 'Circuits kept at a training checkpoint but not at the previous one.',
      registers,
    }),
    checkpointDied: new Counter({
      name: 'identifiability_checkpoint_circuits_died_total',
      help: 'Circuits kept at a training checkpoint but no longer at the next one.',
      registers,
    }),
    messagesRejected: new Counter({
      name: 'identifiability_messages_rejected_total',
      help: 'Shard messages this worker could not decode or validate, by kind.',
      labelNames: ['kind'] as const,
      registers,
    }),
  };
  // Every outcome and epoch bucket is exported from the start (at 0), so rate() and alerts see a series.
  for (const epoch_le of EPOCH_BUCKET_LABELS) {
    metrics.checkpointCircuits.inc({ epoch_le }, 0);
    metrics.checkpointOutputs.inc({ epoch_le }, 0);
  }
  for (const outcome of SHARD_OUTCOMES) metrics.shardsProcessed.inc({ outcome }, 0);
  metrics.messagesRejected.inc({ kind: 'shard' }, 0);
  return metrics;
}
