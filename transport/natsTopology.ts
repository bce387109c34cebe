/**
 * Creates the JetStream objects of one run if they are missing. Both the coordinator and the
 * workers call it, so whichever starts first finds the streams ready; adding an identical stream
 * or consumer twice is a no-op on the server, which makes the race harmless. Existing objects are
 * left alone: the first process's policy wins, so a worker started with other defaults cannot
 * rewrite the run's ack wait or max deliveries. Read the policy back with `serverPolicy`.
 */
import { AckPolicy, DiscardPolicy, JetStreamApiCodes, JetStreamApiError, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import type { ConsumerConfig, JetStreamManager, StreamConfig } from '@nats-io/jetstream';
import type { RunSubjects } from '../shared/wire/subjects.js';
import type { QueuePolicy } from './transport.js';

export type Storage = 'file' | 'memory';

/**
 * A result comes back to the collector if it is not acked within this. Short, because besides a
 * dead coordinator it also covers deliveries lost to a pull request that died with a server restart.
 */
const RESULT_ACK_WAIT_MS = 5_000;

const nanos = (ms: number): number => ms * 1_000_000;

export async function ensureTopology(jsm: JetStreamManager, n: RunSubjects, p: QueuePolicy, storage: Storage): Promise<void> {
  const stored = storage === 'file' ? StorageType.File : StorageType.Memory;
  const dedup = nanos(p.duplicateWindowMs);
  await ensureStream(jsm, {
    name: n.workStream,
    subjects: [n.workSubject],
    // Work queue: an acked shard is deleted; a consumer is the only reader.
    retention: RetentionPolicy.Workqueue,
    storage: stored,
    discard: DiscardPolicy.Old,
    duplicate_window: dedup,
  });
  await ensureStream(jsm, {
    name: n.resultStream,
    // The advisory subject turns this stream into the dead-letter record of the work consumer.
    subjects: [n.resultSubject, n.deadLetterSubject],
    retention: RetentionPolicy.Limits,
    storage: stored,
    duplicate_window: dedup,
  });
  await ensureConsumer(jsm, n.workStream, {
    durable_name: n.consumer,
    ack_policy: AckPolicy.Explicit,
    ack_wait: nanos(p.ackWaitMs),
    max_deliver: p.maxDeliver,
  });
  await ensureConsumer(jsm, n.resultStream, collectorConfig(n));
}

function collectorConfig(n: RunSubjects): Partial<ConsumerConfig> & { durable_name: string } {
  return { durable_name: n.resultConsumer, ack_policy: AckPolicy.Explicit, ack_wait: nanos(RESULT_ACK_WAIT_MS) };
}

/**
 * Deletes the run's work and result streams and creates them anew, empty. Purging would not do:
 * nats-server (2.9 at least) keeps a purged stream's message ids for the duplicate window, so a
 * plan that came back within it would have its shards dropped as duplicates and wait forever.
 * Workers' pulls fail meanwhile and retry (natsTransport.ts `#fetchLoop`).
 */
export async function recreateTopology(jsm: JetStreamManager, n: RunSubjects, p: QueuePolicy, storage: Storage): Promise<void> {
  for (const name of [n.workStream, n.resultStream]) {
    await jsm.streams.delete(name).catch((err: unknown) => (isApiError(err, JetStreamApiCodes.StreamNotFound) ? false : Promise.reject(err)));
  }
  await ensureTopology(jsm, n, p, storage);
}

/**
 * Recreates the collector consumer so it replays the whole results stream. A coordinator that was
 * killed holding unacked results would otherwise leave them invisible for RESULT_ACK_WAIT_MS, and
 * the restarted one cannot ask for them again (the shards were acked, republishing is de-duplicated).
 * Replayed results already in the run store are dropped there as duplicates.
 */
export async function resetCollector(jsm: JetStreamManager, n: RunSubjects): Promise<void> {
  await jsm.consumers.delete(n.resultStream, n.resultConsumer).catch((err: unknown) =>
    isApiError(err, JetStreamApiCodes.ConsumerNotFound) ? false : Promise.reject(err),
  );
  await jsm.consumers.add(n.resultStream, collectorConfig(n));
}

/** The retry policy the server actually applies to the run's work consumer. */
export async function serverPolicy(jsm: JetStreamManager, n: RunSubjects): Promise<QueuePolicy> {
  const [consumer, stream] = await Promise.all([jsm.consumers.info(n.workStream, n.consumer), jsm.streams.info(n.workStream)]);
  return Object.freeze({
    ackWaitMs: Math.round((consumer.config.ack_wait ?? 0) / 1_000_000),
    maxDeliver: consumer.config.max_deliver ?? -1,
    duplicateWindowMs: Math.round((stream.config.duplicate_window ?? 0) / 1_000_000),
  });
}

async function ensureStream(jsm: JetStreamManager, cfg: Partial<StreamConfig> & { name: string }): Promise<void> {
  const exists = await jsm.streams.info(cfg.name).then(
    () => true,
    (err: unknown) => (isApiError(err, JetStreamApiCodes.StreamNotFound) ? false : Promise.reject(err)),
  );
  if (!exists) await jsm.streams.add(cfg);
}

async function ensureConsumer(jsm: JetStreamManager, stream: string, cfg: Partial<ConsumerConfig> & { durable_name: string }): Promise<void> {
  const exists = await jsm.consumers.info(stream, cfg.durable_name).then(
    () => true,
    (err: unknown) => (isApiError(err, JetStreamApiCodes.ConsumerNotFound) ? false : Promise.reject(err)),
  );
  if (!exists) await jsm.consumers.add(stream, cfg);
}

function isApiError(err: unknown, code: number): boolean {
  return err instanceof JetStreamApiError && err.code === code;
}
