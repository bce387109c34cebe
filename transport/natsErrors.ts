/**
 * What the NATS transport's modules share about JetStream messages and errors: the shard a result
 * message names, and NATS errors as TransportErrors that say what was being done.
 */
import type { JsMsg } from '@nats-io/jetstream';
import { TransportError } from '../shared/wire/errors.js';
import { RESULT_SHARD_HEADER } from '../shared/wire/subjects.js';

export const MSG_ID = 'Nats-Msg-Id';

/** The shard a result message belongs to: its header, else its msgID (results of older versions). */
export function resultShardId(m: JsMsg): string {
  const id = m.headers?.get(MSG_ID) ?? '';
  const named = m.headers?.get(RESULT_SHARD_HEADER) ?? '';
  return named !== '' ? named : id.startsWith('result:') ? id.slice('result:'.length) : id;
}

/** A retryable TransportError naming what was being done, unless `err` is one already. */
export function wrap(err: unknown, what: string): TransportError {
  if (err instanceof TransportError) return err;
  return new TransportError(`NATS error while ${what}: ${String((err as Error)?.message ?? err)}`, 'TRANSPORT', true, { cause: err });
}
