/**
 * Which slice results a run's results stream holds, for a restarted coordinator that publishes
 * only the shards without one (coordinator/shardSet.ts).
 */
import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { RunSubjects } from '../shared/wire/subjects.js';
import { resultShardId, wrap } from './natsErrors.js';
import { parsePart, Reassembler, RESULT_PART_HEADER } from './resultChunks.js';

/** The pass gives up after this long without a message. */
const QUIET_MS = 5_000;

/**
 * One pass over the results stream with a headers-only ordered consumer: a k = 6 run's 2 023
 * results are 379 MB and more, their headers a few hundred kB (bench/resume.bench.ts: 0.18 s for
 * 2 023 results, 0.83 s for 16 384). A result in parts counts once every part of one publish (one
 * nonce) is there. Stops when the stream is read to its end, or after QUIET_MS without a message
 * (what it missed is published again, which costs work, not exactness).
 */
export async function readStoredResults(js: JetStreamClient, names: RunSubjects): Promise<Set<string>> {
  const ids = new Set<string>();
  const wrapped = (err: unknown): Promise<never> => Promise.reject(wrap(err, 'reading the stored results'));
  // No subject filter (nats-server 2.9 has none for ordered consumers): dead letters are skipped below.
  const consumer = await js.consumers.get(names.resultStream, { headers_only: true }).catch(wrapped);
  const info = await consumer.info().catch(wrapped);
  if (info.num_pending === 0) return ids;
  // The results collector's grouping of parts; headers-only messages carry no bytes, and nothing is acked.
  const parts = new Reassembler<JsMsg>(() => {});
  const msgs = await consumer.consume({ max_messages: 1000 }).catch(wrapped);
  let last = Date.now();
  const quiet = setInterval(() => {
    if (Date.now() - last > QUIET_MS) void msgs.close();
  }, 250);
  try {
    for await (const m of msgs) {
      last = Date.now();
      if (m.subject !== names.deadLetterSubject) {
        const shardId = resultShardId(m);
        const part = parsePart(m.headers?.get(RESULT_PART_HEADER) ?? '');
        if (part === null || parts.add(shardId, part, m.data, m) !== null) ids.add(shardId);
      }
      if (m.info.pending === 0) break;
    }
  } finally {
    clearInterval(quiet);
    await msgs.close();
  }
  return ids;
}
