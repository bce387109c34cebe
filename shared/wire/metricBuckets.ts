/**
 * Histogram buckets that the coordinator's and the workers' metrics share, so a dashboard can put
 * both sides' shard durations on one axis. Here, beside the wire types, because both sides import
 * them and neither may import the other.
 */

/** Shard durations (publish to result on the coordinator, pull to ack on a worker), 5 ms to 5 min. */
export const SHARD_DURATION_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
];
