/**
 * JetStream Transport. Shards live in a work-queue stream read by one durable pull consumer that
 * all workers share; results go to a limits stream that also captures the server's
 * MAX_DELIVERIES advisory for that consumer, so dead shards reach the coordinator through the same
 * durable collector as results, even if it was down when they died.
 */
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { Consumer, JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { RESULT_SHARD_HEADER, resultMsgId, subjects, type RunSubjects } from '../shared/wire/subjects.js';
import { ensureTopology, recreateTopology, resetCollector, serverPolicy, type Storage } from './natsTopology.js';
import { parsePart, partSize, Reassembler, RESULT_PART_HEADER, splitResult } from './resultChunks.js';
import { GZIP_READ_HEADER, GZIP_READ_VALUE, packResult, unpackResult } from './resultGzip.js';
import { MSG_ID, resultShardId, wrap } from './natsErrors.js';
import { readStoredResults } from './natsStoredResults.js';
import { connectNats, type NatsConnectOptions } from './natsOptions.js';
import { sleep, untilAborted } from './abortable.js';
import { checkKvKey, DeliverySlot, inFlightLimit, queuePolicy } from './transport.js';
import type { Collected, Delivery, PublishResultOptions, PullOptions, QueuePolicy, Transport } from './transport.js';

export interface NatsTransportOptions extends Partial<QueuePolicy> {
  /** Run prefix every stream, consumer and bucket name is derived from (see `subjects`). */
  readonly prefix: string;
  readonly connection: NatsConnectOptions;
  /** @default 'file' so shards survive a server restart */
  readonly storage?: Storage;
}

/** Long enough to keep pull requests few, short enough that a stale pull is renewed soon. */
const FETCH_EXPIRES_MS = 5_000;
const RESULT_BATCH = 64;
const RETRY_BACKOFF_MS = [100, 250, 500, 1_000, 2_000] as const;
const backoff = (failures: number): number => RETRY_BACKOFF_MS[Math.min(failures, RETRY_BACKOFF_MS.length - 1)] ?? 2_000;

/** Connects, creates or updates the run's streams, consumers and KV bucket, and returns the transport. */
export async function natsTransport(opts: NatsTransportOptions): Promise<Transport> {
  const names = subjects(opts.prefix);
  const policy = queuePolicy(opts);
  const nc = await connectNats(opts.connection);
  try {
    const jsm = await jetstreamManager(nc);
    const storage = opts.storage ?? 'file';
    await ensureTopology(jsm, names, policy, storage);
    const js = jetstream(nc);
    const kv = await new Kvm(js).create(names.kvBucket, { history: 1, storage });
    return new NatsTransport(nc, js, jsm, kv, names, await serverPolicy(jsm, names), storage);
  } catch (err) {
    await nc.close();
    throw wrap(err, `setting up JetStream for run "${opts.prefix}"`);
  }
}

class NatsTransport implements Transport {
  /** Aborted by close(): ends every pull and result loop of this transport. */
  readonly #closing = new AbortController();
  /** Set by the first results(): the collector replays the stream once per process (see resetCollector). */
  #collectorReset = false;

  constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    readonly kv: KV,
    readonly names: RunSubjects,
    /** As the server applies it, which may be another process's policy (see `ensureTopology`). */
    readonly policy: QueuePolicy,
    readonly storage: Storage,
  ) {}

  /** Marked as read by a coordinator that takes gzipped results (this one: unpackResult). */
  async publishWork(shardId: string, bytes: Uint8Array): Promise<void> {
    const h = headers();
    h.set(GZIP_READ_HEADER, GZIP_READ_VALUE);
    await this.#publish(this.names.workSubject, bytes, shardId, `publishing shard ${shardId}`, h);
  }

  /**
   * Gzipped when large and `compress` (resultGzip.ts); then one message when it fits the server's
   * max_payload, else numbered parts (see resultChunks).
   */
  async publishResult(shardId: string, result: Uint8Array, opts: PublishResultOptions = {}): Promise<void> {
    const what = `publishing the result of ${shardId}`;
    const bytes = opts.compress === true ? await packResult(result) : result;
    const size = partSize(this.nc.info?.max_payload);
    if (bytes.byteLength <= size) {
      await this.#publish(this.names.resultSubject, bytes, resultMsgId(shardId), what, resultHeaders(shardId));
      return;
    }
    for (const part of splitResult(bytes, size)) {
      const h = resultHeaders(shardId);
      h.set(RESULT_PART_HEADER, part.header);
      await this.#publish(this.names.resultSubject, part.bytes, `${resultMsgId(shardId)}:${part.header}`, what, h);
    }
  }

  /** The msgID makes a republish inside the duplicate window a no-op on the server. */
  async #publish(subject: string, bytes: Uint8Array, msgID: string, what: string, h?: ReturnType<typeof headers>): Promise<void> {
    try {
      await this.js.publish(subject, bytes, { msgID, ...(h && { headers: h }) });
    } catch (err) {
      throw wrap(err, what);
    }
  }

  async *pullWork(opts: PullOptions = {}): AsyncGenerator<Delivery> {
    const max = inFlightLimit(opts);
    const signal = this.#stopOn(opts.signal);
    let inFlight = 0;
    let freed: (() => void) | undefined;
    const release = (): void => {
      inFlight--;
      freed?.();
    };
    const consumer = { stream: this.names.workStream, name: this.names.consumer };
    // Fetch only as many as there are free slots, so no shard waits in a buffer while its ack clock runs.
    for await (const m of this.#fetchLoop(consumer, () => max - inFlight, signal)) {
      inFlight++;
      yield this.#delivery(m, release);
      while (inFlight >= max && !signal.aborted) {
        await untilAborted(new Promise<void>((resolve) => (freed = resolve)), signal);
        freed = undefined;
      }
    }
  }

  async *results(opts: { readonly signal?: AbortSignal } = {}): AsyncGenerator<Collected> {
    if (!this.#collectorReset) {
      await resetCollector(this.jsm, this.names).catch((err: unknown) => Promise.reject(wrap(err, 'resetting the result collector')));
      this.#collectorReset = true;
    }
    const consumer = { stream: this.names.resultStream, name: this.names.resultConsumer };
    const parts = new Reassembler<JsMsg>((m) => m.ack());
    for await (const m of this.#fetchLoop(consumer, () => RESULT_BATCH, this.#stopOn(opts.signal))) {
      const c = m.subject === this.names.deadLetterSubject ? await this.#dead(m) : this.#result(m, parts);
      if (c === null) continue;
      if (c.kind === 'dead') {
        yield c;
        continue;
      }
      const bytes = await unpackResult(c.bytes);
      yield bytes === c.bytes ? c : { ...c, bytes, gzipped: c.bytes };
    }
  }

  async kvGet(key: string): Promise<Uint8Array | null> {
    const e = await this.kv.get(checkKvKey(key)).catch((err: unknown) => Promise.reject(wrap(err, `reading kv ${key}`)));
    return e === null || e.operation !== 'PUT' ? null : e.value;
  }

  async kvPut(key: string, bytes: Uint8Array): Promise<void> {
    await this.kv.put(checkKvKey(key), bytes).catch((err: unknown) => Promise.reject(wrap(err, `writing kv ${key}`)));
  }

  /** Not yet delivered plus delivered but unsettled; dead and terminated shards are excluded. */
  async pendingWork(): Promise<number> {
    const info = await this.jsm.consumers
      .info(this.names.workStream, this.names.consumer)
      .catch((err: unknown) => Promise.reject(wrap(err, 'reading the work queue depth')));
    return info.num_pending + info.num_ack_pending;
  }

  /** Which results the stream holds (natsStoredResults.ts). */
  async storedResults(): Promise<Set<string>> {
    return readStoredResults(this.js, this.names);
  }

  /** The streams are made anew with the policy in force, so their consumers stay as they were. */
  async reset(): Promise<void> {
    await recreateTopology(this.jsm, this.names, this.policy, this.storage).catch((err: unknown) => Promise.reject(wrap(err, 'emptying the run\'s streams')));
  }

  async close(): Promise<void> {
    if (this.#closing.signal.aborted) return;
    this.#closing.abort();
    await this.nc.drain().catch(() => this.nc.close());
  }

  #stopOn(signal: AbortSignal | undefined): AbortSignal {
    return signal === undefined ? this.#closing.signal : AbortSignal.any([signal, this.#closing.signal]);
  }

  /**
   * Pulls batches until closed or aborted. Looking the consumer up or fetching can fail while the
   * server restarts; that is retried with backoff, since the connection reconnects forever.
   */
  async *#fetchLoop(at: { stream: string; name: string }, room: () => number, signal: AbortSignal): AsyncGenerator<JsMsg> {
    let failures = 0;
    let consumer: Consumer | null = null;
    while (!signal.aborted) {
      consumer ??= await this.js.consumers.get(at.stream, at.name).catch(() => null);
      const batch = await consumer?.fetch({ max_messages: Math.max(1, room()), expires: FETCH_EXPIRES_MS }).catch(() => null);
      if (batch == null) {
        consumer = null;
        await sleep(backoff(failures++), signal);
        continue;
      }
      const stop = (): void => batch.stop();
      signal.addEventListener('abort', stop, { once: true });
      try {
        for await (const m of batch) {
          failures = 0;
          yield m;
        }
      } catch {
        await sleep(backoff(failures++), signal);
      } finally {
        signal.removeEventListener('abort', stop);
        batch.stop();
      }
    }
  }

  #delivery(m: JsMsg, release: () => void): Delivery {
    const slot = new DeliverySlot(release);
    return {
      shardId: m.headers?.get(MSG_ID) ?? `unknown@${m.seq}`,
      bytes: m.data,
      deliveryCount: m.info.deliveryCount,
      lastAttempt: m.info.deliveryCount >= this.policy.maxDeliver,
      compressResult: m.headers?.get(GZIP_READ_HEADER) === GZIP_READ_VALUE,
      ack: async () => {
        if (slot.settled) return;
        slot.settle(() => {});
        // A confirmed ack: once this resolves the shard cannot come back.
        await m.ackAck().catch((err: unknown) => Promise.reject(wrap(err, 'acknowledging a shard')));
      },
      nak: (delayMs?: number) => slot.settle(() => m.nak(delayMs)),
      working: () => {
        if (!slot.settled) m.working();
      },
      // No reason on the wire: nats-server 2.9 ignores a "+TERM <reason>" ack and redelivers.
      term: () => slot.settle(() => m.term()),
      free: slot.free,
    };
  }

  /** A whole result, or null while the parts of a large one are still arriving. */
  #result(m: JsMsg, parts: Reassembler<JsMsg>): Collected | null {
    const shardId = resultShardId(m);
    const part = parsePart(m.headers?.get(RESULT_PART_HEADER) ?? '');
    if (part === null) return { kind: 'result', shardId, bytes: m.data, ack: () => ackConfirmed(m) };
    const whole = parts.add(shardId, part, m.data, m);
    if (whole === null) return null;
    return { kind: 'result', shardId, bytes: whole.bytes, ack: async () => void (await Promise.all(whole.msgs.map(ackConfirmed))) };
  }

  /**
   * A MAX_DELIVERIES advisory names the work stream sequence; the shard id is the msgID of that
   * message. The message stays in the work-queue stream after the advisory, so acking the dead
   * notice deletes it there first.
   */
  async #dead(m: JsMsg): Promise<Collected | null> {
    const advisory = m.json<{ stream_seq?: number; deliveries?: number }>();
    const seq = advisory.stream_seq ?? 0;
    const stored = await this.jsm.streams.getMessage(this.names.workStream, { seq }).catch(() => null);
    const shardId = stored?.header.get(MSG_ID) ?? '';
    if (shardId === '') {
      // Already deleted by an earlier collector that crashed before acking the advisory.
      m.ack();
      return null;
    }
    return {
      kind: 'dead',
      shardId,
      deliveries: advisory.deliveries ?? this.policy.maxDeliver,
      ack: async () => {
        await this.jsm.streams.deleteMessage(this.names.workStream, seq, false).catch(() => false);
        await ackConfirmed(m);
      },
    };
  }
}

function resultHeaders(shardId: string): ReturnType<typeof headers> {
  const h = headers();
  h.set(RESULT_SHARD_HEADER, shardId);
  return h;
}

async function ackConfirmed(m: JsMsg): Promise<void> {
  await m.ackAck().catch((err: unknown) => Promise.reject(wrap(err, 'acknowledging a result')));
}
