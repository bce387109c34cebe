/**
 * Every JetStream name of a run, derived from one prefix (bullmq's `QueueKeys`), so the
 * coordinator, the workers and the tests can never disagree about a stream or consumer name.
 */
import { ConfigError } from './errors.js';

/** Stream, consumer and bucket names allow only these; subjects add `.` which we add ourselves. */
const PREFIX_PATTERN = /^[A-Za-z0-9_-]{1,48}$/;

export interface RunSubjects {
  readonly prefix: string;
  /** Work-queue stream holding one message per shard. */
  readonly workStream: string;
  readonly workSubject: string;
  /** Durable pull consumer shared by every worker. */
  readonly consumer: string;
  /** Limits stream holding results, plus the dead-letter advisories of `consumer`. */
  readonly resultStream: string;
  readonly resultSubject: string;
  /** Durable pull consumer the coordinator collects results with. */
  readonly resultConsumer: string;
  /** Server advisory emitted when a shard exceeds `max_deliver`; captured by `resultStream`. */
  readonly deadLetterSubject: string;
  /** KV bucket for the run's plan and progress. */
  readonly kvBucket: string;
}

export function subjects(prefix: string): RunSubjects {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new ConfigError(
      `run prefix: expected 1-48 characters from A-Z a-z 0-9 _ -, got ${JSON.stringify(prefix)}`,
    );
  }
  const workStream = `${prefix}_WORK`;
  const consumer = `${prefix}_workers`;
  return {
    prefix,
    workStream,
    workSubject: `${prefix}.work`,
    consumer,
    resultStream: `${prefix}_RESULTS`,
    resultSubject: `${prefix}.results`,
    resultConsumer: `${prefix}_collector`,
    deadLetterSubject: `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${workStream}.${consumer}`,
    kvBucket: `${prefix}_run`,
  };
}

/** Deterministic shard id: the JetStream msgID on publish and the key de-duplicated on collect. */
export function shardId(planId: string, index: number): string {
  return `${planId}:${index}`;
}

/** The msgID of a shard's result, so a re-run shard cannot add a second result. */
export function resultMsgId(id: string): string {
  return `result:${id}`;
}

/** Header naming the shard of a result, so a copy under another msgID is still de-duplicated by shard. */
export const RESULT_SHARD_HEADER = 'Identifiability-Shard';
