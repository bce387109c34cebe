/**
 * A study of large networks (analysed as slices) over NATS survives kill -9 of the coordinator and
 * of a worker mid-slice: the same command resumes from the stored slices, re-published slices
 * that were already stored come back as duplicates and are dropped, and the answer equals the
 * embedded run's; and a nats-server restart mid-slice changes nothing of the answer.
 */
import test from 'ava';
import { answer, cluster, embeddedRun } from '../helpers/distributed.js';
import { join } from 'node:path';
import { storedShards, storedSlices, until } from '../helpers/processes.js';

const study = ['--preset', 'basic', '--sizes', '4', '--min-sparsity', '0', '--experiments', '3', '--seed', '5', '--slice-candidates', '100000'];

test('kill -9 of the coordinator and a worker mid-slice: the same command resumes from the stored slices', async (t) => {
  const embedded = answer(await embeddedRun(study));
  const c = await cluster(t, ['--ack-wait-ms', '2000']);
  const out = join(c.dir, 'out');
  const first = c.coordinator(study, out);
  const a = c.worker();
  await until(() => storedSlices(out) >= 3, 60_000, 'three stored slices', 20);
  first.proc.kill('SIGKILL');
  a.proc.kill('SIGKILL');
  await Promise.all([first.exited, a.exited]);
  t.true(storedShards(out) < 3, 'killed before the end');
  const second = c.coordinator(study, out);
  c.worker();
  c.worker();
  t.is(await second.exited, 0, second.output());
  t.regex(second.output(), /slices \d+\/\d+/);
  t.is(storedSlices(out), 0, 'the parts are removed once every network is assembled');
  t.deepEqual(answer(out), embedded);
});

test('nats-server restarted mid-slice (file storage): the study of sliced networks completes with the embedded answer', async (t) => {
  const embedded = answer(await embeddedRun(study));
  const c = await cluster(t, ['--ack-wait-ms', '2000']);
  const out = join(c.dir, 'out');
  const run = c.coordinator(study, out);
  c.worker();
  await until(() => storedSlices(out) >= 3, 60_000, 'three stored slices', 20);
  await c.server.restart();
  t.true(storedShards(out) < 3, 'restarted before the end');
  t.is(await run.exited, 0, run.output());
  t.deepEqual(answer(out), embedded);
});
