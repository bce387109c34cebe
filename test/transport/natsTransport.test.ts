import { randomBytes, randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import test from 'ava';
import { gunzipSync } from 'node:zlib';
import { isGzip } from '../../transport/resultGzip.js';
import { natsTransport } from '../../transport/natsTransport.js';
import { TransportError } from '../../shared/wire/errors.js';
import { subjects } from '../../shared/wire/subjects.js';
import { startNatsServer, type NatsServer } from '../helpers/natsServer.js';
import { take, transportConformance } from './conformance.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
/** A fresh run prefix per test, so tests sharing one server never see each other's streams. */
const prefix = (): string => `t${randomUUID().replaceAll('-', '')}`;

let shared: NatsServer | undefined;
test.before(async () => {
  shared = await startNatsServer();
});
test.after.always(async () => {
  await shared?.cleanup();
});

transportConformance(test, 'nats', async (policy) =>
  natsTransport({ prefix: prefix(), connection: { servers: shared?.url ?? '' }, ...policy }),
);

test('nats: shards published before a server restart are delivered after it (file storage)', async (t) => {
  const server = await startNatsServer();
  t.teardown(() => server.cleanup());
  const tr = await natsTransport({ prefix: prefix(), connection: { servers: server.url, reconnectWaitMs: 100 } });
  t.teardown(() => tr.close());
  for (let i = 0; i < 3; i++) await tr.publishWork(`p:${i}`, enc(`shard ${i}`));
  await tr.kvPut('plan', enc('the plan'));

  // One puller lives through the restart: its fetch loop must recover without help.
  const pull = tr.pullWork();
  const before = await take(pull, 1, 5_000, { each: (d) => d.ack(), keepOpen: true });
  await server.restart();
  const after = await take(pull, 2, 20_000, { each: (d) => d.ack() });
  t.deepEqual([...before, ...after].map((d) => dec(d.bytes)).sort(), ['shard 0', 'shard 1', 'shard 2']);
  t.is(dec((await tr.kvGet('plan')) ?? enc('missing')), 'the plan');
  t.is(await tr.pendingWork(), 0);
});

test('nats: user/password auth connects, a wrong password fails clearly without retrying', async (t) => {
  const server = await startNatsServer({ user: 'ident', pass: 's3cret-pw' });
  t.teardown(() => server.cleanup());
  const ok = await natsTransport({ prefix: prefix(), connection: { servers: server.url, user: 'ident', pass: 's3cret-pw' } });
  t.teardown(() => ok.close());
  await ok.kvPut('k', enc('v'));

  const err = await t.throwsAsync(
    () => natsTransport({ prefix: prefix(), connection: { servers: server.url, user: 'ident', pass: 'wrong-pw' } }),
    { instanceOf: TransportError, message: /^NATS refused the credentials for nats:\/\/127\.0\.0\.1:\d+ \(user "ident"\)/ },
  );
  t.false(err?.retryable);
  t.false(err?.message.includes('wrong-pw'), 'the password never appears in the message');
});

test('nats: no server listening is a retryable connection error', async (t) => {
  const server = await startNatsServer();
  const url = server.url;
  await server.cleanup();
  const err = await t.throwsAsync(
    () => natsTransport({ prefix: prefix(), connection: { servers: url, connectTimeoutMs: 1_000 } }),
    { instanceOf: TransportError, message: /^cannot connect to NATS at nats:\/\/127\.0\.0\.1:\d+/ },
  );
  t.true(err?.retryable);
});

test('nats: a second process on the same run keeps the first one\'s retry policy', async (t) => {
  const run = prefix();
  const servers = shared?.url ?? '';
  const coordinator = await natsTransport({ prefix: run, connection: { servers }, maxDeliver: 2 });
  t.teardown(() => coordinator.close());
  const worker = await natsTransport({ prefix: run, connection: { servers } });
  t.teardown(() => worker.close());
  await coordinator.publishWork('p:0', enc('x'));
  const got = await take(worker.pullWork(), 2, 5_000, { each: async (d) => d.nak(0) });
  t.deepEqual(got.map((d) => [d.deliveryCount, d.lastAttempt]), [[1, false], [2, true]]);
});

test('nats: a result larger than max_payload arrives whole, once', async (t) => {
  const tr = await natsTransport({ prefix: prefix(), connection: { servers: shared?.url ?? '' } });
  t.teardown(() => tr.close());
  // Random bytes: gzip cannot shrink them, so they still need parts.
  const big = randomBytes(2_500_000);
  await tr.publishResult('p:0', big, { compress: true });
  await tr.publishResult('p:1', enc('small'), { compress: true });
  const got = await take(tr.results(), 2, 10_000, { each: (c) => c.ack() });
  t.deepEqual(got.map((c) => c.shardId), ['p:0', 'p:1']);
  const first = got[0];
  t.true(first?.kind === 'result' && Buffer.compare(first.bytes, big) === 0);
  // The large one travelled gzipped (in parts) and comes with that gzip; the small one plain.
  const gz = first?.kind === 'result' ? first.gzipped : undefined;
  t.true(gz !== undefined && Buffer.compare(gunzipSync(gz), big) === 0);
  t.is(got[1]?.kind === 'result' ? got[1].gzipped : null, undefined);
});

test('nats: a large result is stored gzipped and arrives as it was published', async (t) => {
  const p = prefix();
  const tr = await natsTransport({ prefix: p, connection: { servers: shared?.url ?? '' } });
  t.teardown(() => tr.close());
  // 3 MB that gzip shrinks (sorted counts do the same): one message on the server, not three parts.
  const big = new Uint8Array(3_000_000);
  for (let i = 0; i < big.length; i += 8) big[i] = (i >> 8) & 255;
  await tr.publishResult('p:0', big, { compress: true });
  const nc = await connect({ servers: shared?.url ?? '' });
  t.teardown(() => nc.close());
  const stream = await (await jetstreamManager(nc)).streams.info(subjects(p).resultStream);
  t.is(stream.state.messages, 1);
  t.true(stream.state.bytes < 300_000, `${stream.state.bytes} bytes stored`);
  const [got] = await take(tr.results(), 1, 10_000, { each: (c) => c.ack() });
  t.true(got?.kind === 'result' && Buffer.compare(got.bytes, big) === 0);
  // The gzip as it travelled comes along, for the run directory to store as it is.
  const gz = got?.kind === 'result' ? got.gzipped : undefined;
  t.true(gz !== undefined && isGzip(gz) && Buffer.compare(gunzipSync(gz), big) === 0);
});

test('nats: a shard this transport published asks for its result gzipped; an older coordinator\'s shard, without the header, gets it plain', async (t) => {
  const p = prefix();
  const tr = await natsTransport({ prefix: p, connection: { servers: shared?.url ?? '' } });
  t.teardown(() => tr.close());
  await tr.publishWork('p:0', enc('from this coordinator'));
  // A coordinator from before gzip published its shards with a msgID and nothing else.
  const nc = await connect({ servers: shared?.url ?? '' });
  t.teardown(() => nc.close());
  await jetstream(nc).publish(subjects(p).workSubject, enc('from an older coordinator'), { msgID: 'p:1' });
  const got = await take(tr.pullWork({ maxInFlight: 2 }), 2, 10_000);
  t.deepEqual(got.map((d) => [d.shardId, d.compressResult]), [['p:0', true], ['p:1', false]]);
  const big = new Uint8Array(3_000_000);
  for (let i = 0; i < big.length; i += 8) big[i] = (i >> 8) & 255;
  for (const d of got) {
    await tr.publishResult(d.shardId, big, { compress: d.compressResult });
    await d.ack();
  }
  const results = await take(tr.results(), 2, 10_000, { each: (c) => c.ack() });
  const by = new Map(results.map((c) => [c.shardId, c]));
  const asked = by.get('p:0');
  const plain = by.get('p:1');
  t.true(asked?.kind === 'result' && asked.gzipped !== undefined && Buffer.compare(asked.bytes, big) === 0);
  // Travelled as it is (in parts: 3 MB is past max_payload), what the older coordinator reads.
  t.true(plain?.kind === 'result' && plain.gzipped === undefined && Buffer.compare(plain.bytes, big) === 0);
});

test('nats: storedResults names every whole stored result, taken or not, one in parts only once all its parts are in', async (t) => {
  const tr = await natsTransport({ prefix: prefix(), connection: { servers: shared?.url ?? '' } });
  t.teardown(() => tr.close());
  t.deepEqual(await tr.storedResults(), new Set());
  await tr.publishResult('p:0', randomBytes(2_500_000)); // three parts (gzip cannot shrink random bytes)
  await tr.publishResult('p:1', enc('small'));
  await take(tr.results(), 1, 10_000, { each: (c) => c.ack() }); // one taken, one not
  await tr.publishResult('p:2', enc('another'));
  t.deepEqual([...(await tr.storedResults())].sort(), ['p:0', 'p:1', 'p:2']);
  // A shard published as work has no result.
  await tr.publishWork('p:3', enc('work'));
  t.false((await tr.storedResults()).has('p:3'));
  await tr.reset();
  t.deepEqual(await tr.storedResults(), new Set());
});
