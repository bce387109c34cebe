/**
 * Faults against a real nats-server, each ending with the embedded answer: a worker killed
 * mid-shard (its shard is redelivered after the ack wait and counted once), a worker drained with
 * SIGTERM, the coordinator killed and started again (resumes), and nats-server restarted mid-run.
 * Networks of width 5 take a few hundred ms each, long enough to be caught mid-shard.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answer, cluster, embeddedRun } from '../helpers/distributed.js';
import { storedShards, until } from '../helpers/processes.js';

const NETWORKS = 10;
const slow = ['--preset', 'basic', '--sizes', '5', '--experiments', String(NETWORKS), '--seed', '5'];
let embedded: ReturnType<typeof answer>;

test.before(async () => {
  embedded = answer(await embeddedRun(slow));
});

const redeliveries = (text: string): string[] => [...text.matchAll(/worker: shard (\S+) done after a redelivery/g)].map((m) => m[1] ?? '');
const indices = (out: string): number[] => readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { index: number }).index);

test('kill -9 of a worker mid-shard: redelivered after the ack wait, counted once; SIGTERM drains another worker', async (t) => {
  const c = await cluster(t, ['--ack-wait-ms', '2000']);
  const out = join(c.dir, 'out');
  const run = c.coordinator([...slow, '-q'], out);
  const a = c.worker();
  await until(() => storedShards(out) >= 1, 30_000, 'a first stored shard');
  a.proc.kill('SIGKILL'); // with one thread it is always holding its next shard
  await a.exited;
  const b = c.worker();
  await until(() => storedShards(out) >= 4, 30_000, 'four stored shards');
  b.proc.kill('SIGTERM');
  t.is(await b.exited, 0, b.output());
  t.regex(b.output(), /worker: draining[\s\S]*worker: stopped/);
  const last = c.worker(['--exit-when-done']);
  t.is(await run.exited, 0, run.output());
  t.is(await last.exited, 0, last.output());
  // Only the killed worker's shard came back; the drained worker acked the one it was on.
  t.is(redeliveries(b.output() + last.output()).length, 1, b.output() + last.output());
  t.deepEqual(indices(out).sort((x, y) => x - y), [...Array(NETWORKS).keys()]);
  t.deepEqual(answer(out), embedded);
});

test('kill -9 of the coordinator, then the same command again: resumes, nothing lost or doubled', async (t) => {
  const c = await cluster(t);
  const out = join(c.dir, 'out');
  const w = c.worker(['--exit-when-done']);
  const first = c.coordinator(slow, out);
  await until(() => storedShards(out) >= 2, 30_000, 'two stored shards');
  first.proc.kill('SIGKILL');
  await first.exited;
  const second = c.coordinator(slow, out);
  t.is(await second.exited, 0, second.output());
  t.regex(second.output(), /resuming: \d+ networks already done/);
  t.deepEqual(indices(out).sort((x, y) => x - y), [...Array(NETWORKS).keys()]);
  t.deepEqual(answer(out), embedded);
  t.is(await w.exited, 0, w.output());
});

test('nats-server restarted mid-run (file storage): clients reconnect, the run completes with the same answer', async (t) => {
  const c = await cluster(t, ['--ack-wait-ms', '2000']);
  const out = join(c.dir, 'out');
  const w = c.worker(['--exit-when-done']);
  const run = c.coordinator([...slow, '-q'], out);
  await until(() => storedShards(out) >= 2, 30_000, 'two stored shards');
  await c.server.restart();
  t.true(storedShards(out) < NETWORKS, 'restarted before the end');
  t.is(await run.exited, 0, run.output());
  t.deepEqual(answer(out), embedded);
  t.is(await w.exited, 0, w.output());
});
