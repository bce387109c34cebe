/**
 * Foreign messages in a distributed run: a copy of a result under another msgID is counted once,
 * and poison on the work subject (garbage bytes, a wrong wire version) is terminated, logged in one
 * line and counted, while the run completes with the embedded answer and no process crashes.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jetstream } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { pack } from 'msgpackr';
import { connectNats } from '../../transport/natsOptions.js';
import { natsTransport } from '../../transport/natsTransport.js';
import { RESULT_SHARD_HEADER, subjects } from '../../shared/wire/subjects.js';
import { answer, cluster, embeddedRun } from '../helpers/distributed.js';
import { scrape } from '../helpers/processes.js';

const study = ['--preset', 'basic', '--experiments', '12', '--seed', '5', '-q'];
let embeddedDir: string;

test.before(async () => {
  embeddedDir = await embeddedRun(study);
});

const lines = (out: string): string[] => readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n');

test('a result copied under other msgIDs is counted once', async (t) => {
  const c = await cluster(t);
  const planId = (JSON.parse(readFileSync(join(embeddedDir, 'run.json'), 'utf8')) as { planId: string }).planId;
  const copy = readFileSync(join(embeddedDir, 'shards', '000000.msgpack'));
  // The streams exist once any process of the run connected; then publish the copies raw.
  const tr = await natsTransport({ prefix: c.prefix, connection: { servers: c.server.url } });
  t.teardown(() => tr.close());
  const nc = await connectNats({ servers: c.server.url });
  t.teardown(() => nc.close());
  for (const msgID of ['copy-a', 'copy-b']) {
    const h = headers();
    h.set(RESULT_SHARD_HEADER, `${planId}:0`);
    await jetstream(nc).publish(subjects(c.prefix).resultSubject, copy, { msgID, headers: h });
  }
  c.worker(['--exit-when-done']);
  const out = join(c.dir, 'out');
  const run = c.coordinator(study, out);
  t.is(await run.exited, 0, run.output());
  t.is(lines(out).length, 12);
  t.deepEqual(answer(out), answer(embeddedDir));
});

test('poison on the work subject is terminated, logged in one line, counted; the run completes', async (t) => {
  const c = await cluster(t, ['--ack-wait-ms', '1000']);
  const tr = await natsTransport({ prefix: c.prefix, connection: { servers: c.server.url }, ackWaitMs: 1000 });
  t.teardown(() => tr.close());
  await tr.publishWork('poison-garbage', new Uint8Array([0xc1, 0xff, 0x00, 0x13]));
  await tr.publishWork('poison-version', pack({ type: 'shard', v: 99, planId: 'x', shardId: 'poison-version', index: 0, spec: {} }));
  const w = c.worker(['--metrics-port', '0']);
  const port = Number((await w.waitFor(/metrics on :(\d+)/))[1]);
  const out = join(c.dir, 'out');
  const run = c.coordinator(study, out);
  t.is(await run.exited, 0, run.output());
  t.deepEqual(answer(out), answer(embeddedDir));
  // Past two ack waits: terminated, so never redelivered, and nothing left pending.
  await new Promise((r) => setTimeout(r, 2500));
  const rejected = w.output().split('\n').filter((l) => l.startsWith('worker: rejected shard poison-'));
  t.is(rejected.length, 2, w.output());
  t.is(await scrape(port, 'identifiability_messages_rejected_total{kind="shard"}'), 2);
  t.is(await scrape(port, 'identifiability_shards_processed_total{outcome="rejected"}'), 2);
  t.is(await tr.pendingWork(), 0);
  w.proc.kill('SIGTERM');
  t.is(await w.exited, 0, w.output());
});
