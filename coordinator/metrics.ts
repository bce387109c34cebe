/**
 * Every Prometheus metric the coordinator exports, built on a registry the caller owns
 * (tests pass a fresh `new Registry()`, the CLI passes the one its metrics server serves).
 *
 * Metrics live in the coordinator's main thread only: counters are updated from collected
 * shard results, gauges (pending shards, connected workers, progress, ETA) are set by `collect()`.
 * `metricNames` lists every name defined here; the dashboard test checks the Grafana panels
 * against it.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { SHARD_DURATION_BUCKETS } from '../shared/wire/metricBuckets.js';

export { SHARD_DURATION_BUCKETS };

export const METRIC_PREFIX = 'identifiability_';

/** Pipeline stages timed by `identifiability_stage_duration_seconds` (label `stage`). */
export const STAGES = ['train', 'circuits', 'groundings', 'mappings'] as const;
export type Stage = (typeof STAGES)[number];

/** Stage durations: one network's training or one enumeration stage, 10 ms (a k = 3 network
 *  trains in about 40 ms) to 2 h. */
export const STAGE_DURATION_BUCKETS: readonly number[] = [
  0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200,
];


export const metricNames = [
  'identifiability_networks_planned_total',
  'identifiability_networks_trained_total',
  'identifiability_networks_converged_total',
  'identifiability_networks_analysed_total',
  'identifiability_shards_published_total',
  'identifiability_shards_done_total',
  'identifiability_shards_redelivered_total',
  'identifiability_shards_failed_total',
  'identifiability_messages_rejected_total',
  'identifiability_candidates_evaluated_total',
  'identifiability_slices_planned_total',
  'identifiability_slices_done_total',
  'identifiability_shards_pending',
  'identifiability_workers_connected',
  'identifiability_run_progress_ratio',
  'identifiability_run_eta_seconds',
  'identifiability_run_eta_untimed_networks',
  'identifiability_stage_duration_seconds',
  'identifiability_shard_duration_seconds',
] as const;
export type CoordinatorMetricName = (typeof metricNames)[number];

export interface CoordinatorMetrics {
  readonly networksPlanned: Counter;
  readonly networksTrained: Counter;
  readonly networksConverged: Counter;
  readonly networksAnalysed: Counter;
  readonly shardsPublished: Counter;
  readonly shardsDone: Counter;
  readonly shardsRedelivered: Counter;
  readonly shardsFailed: Counter;
  /** Label `kind`: why a message was rejected (e.g. `malformed`, `unknown-plan`, `duplicate`). */
  readonly messagesRejected: Counter<'kind'>;
  readonly candidatesEvaluated: Counter;
  readonly slicesPlanned: Counter;
  readonly slicesDone: Counter;
  readonly shardsPending: Gauge;
  readonly workersConnected: Gauge;
  /** Fraction of planned shards done, 0..1. */
  readonly runProgress: Gauge;
  /** Estimated seconds to completion; 0 when done or unknown. */
  readonly runEta: Gauge;
  readonly runEtaUntimed: Gauge;
  readonly stageDuration: Histogram<'stage'>;
  readonly shardDuration: Histogram;
}

/** Builds every coordinator metric on `registry`. Throws if one is already registered there. */
export function createCoordinatorMetrics(registry: Registry): CoordinatorMetrics {
  const registers = [registry];
  const counter = (name: CoordinatorMetricName, help: string): Counter =>
    new Counter({ name, help, registers });
  const gauge = (name: CoordinatorMetricName, help: string): Gauge => new Gauge({ name, help, registers });

  const metrics: CoordinatorMetrics = {
    networksPlanned: counter('identifiability_networks_planned_total', 'Networks in the run plan.'),
    networksTrained: counter('identifiability_networks_trained_total', 'Networks whose training finished.'),
    networksConverged: counter(
      'identifiability_networks_converged_total',
      'Trained networks that reached the loss target.',
    ),
    networksAnalysed: counter(
      'identifiability_networks_analysed_total',
      'Converged networks whose circuits, groundings and mappings are all aggregated.',
    ),
    shardsPublished: counter('identifiability_shards_published_total', 'Shards published to the work stream.'),
    slicesPlanned: counter('identifiability_slices_planned_total', 'Slice shards published for large networks (circuit-space ranges and mapping searches).'),
    slicesDone: counter('identifiability_slices_done_total', 'Slice results of large networks stored (first delivery only).'),
    shardsDone: counter('identifiability_shards_done_total', 'Shard results aggregated (first delivery only).'),
    shardsRedelivered: counter(
      'identifiability_shards_redelivered_total',
      'Shard results produced by a redelivery (the first holder of the shard died or stalled).',
    ),
    shardsFailed: counter('identifiability_shards_failed_total', 'Shards reported as failed by a worker.'),
    messagesRejected: new Counter({
      name: 'identifiability_messages_rejected_total',
      help: 'Result messages the coordinator could not decode or did not expect, by kind.',
      labelNames: ['kind'] as const,
      registers,
    }),
    candidatesEvaluated: counter(
      'identifiability_candidates_evaluated_total',
      'Candidates (circuits, groundings, mappings) evaluated, summed from shard results.',
    ),
    shardsPending: gauge('identifiability_shards_pending', 'Shards published and not yet done or failed.'),
    workersConnected: gauge('identifiability_workers_connected', 'Workers that sent a result in the last 5 minutes.'),
    runProgress: gauge('identifiability_run_progress_ratio', 'Fraction of the run done, 0..1.'),
    runEta: gauge('identifiability_run_eta_seconds', 'Estimated seconds until the run completes (a floor while run_eta_untimed_networks is above 0).'),
    runEtaUntimed: gauge('identifiability_run_eta_untimed_networks', 'Large networks with slices pending and no pace yet (no slice of their shape in): the ETA leaves them out.'),
    stageDuration: new Histogram({
      name: 'identifiability_stage_duration_seconds',
      help: 'Wall time of one pipeline stage for one network, by stage.',
      labelNames: ['stage'] as const,
      buckets: [...STAGE_DURATION_BUCKETS],
      registers,
    }),
    shardDuration: new Histogram({
      name: 'identifiability_shard_duration_seconds',
      help: 'Seconds from publishing a shard to aggregating its result.',
      buckets: [...SHARD_DURATION_BUCKETS],
      registers,
    }),
  };
  // Export every stage series from the start so panels and alerts see zeros rather than no data.
  for (const stage of STAGES) metrics.stageDuration.zero({ stage });
  // The collector's one rejection kind exists from the start, so rate() has a series before any.
  metrics.messagesRejected.inc({ kind: 'result' }, 0);
  return metrics;
}
