/**
 * Histogram buckets that the coordinator's and the workers' metrics share, so a dashboard can put
 * both sides' shard durations on one axis. Here, beside the wire types, because both sides import
 * them and neither may import the other.
 */

/** Shard durations (publish to result on the coordinator, pull to ack on a worker), 5 ms to 5 min. */
export const SHARD_DURATION_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
];

/**
 * Epoch buckets of the explanations-through-training metrics (`--checkpoints`): a checkpoint at
 * epoch e counts under the smallest bound >= e (label `epoch_le`), so the label set stays small
 * whatever N is.
 */
export const CHECKPOINT_EPOCH_BUCKETS: readonly number[] = [5, 10, 20, 50, 100, 200, 500, 1000];

export function epochBucket(epoch: number): string {
  const bound = CHECKPOINT_EPOCH_BUCKETS.find((b) => epoch <= b);
  return bound === undefined ? '+Inf' : String(bound);
}

export const EPOCH_BUCKET_LABELS: readonly string[] = [...CHECKPOINT_EPOCH_BUCKETS.map(String), '+Inf'];
