/**
 * Distributed mode gives the embedded answer: the same study through a real nats-server with one
 * and with two worker processes writes the same df_out.csv and results.jsonl (timings aside).
 */
import test from 'ava';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { answer, cluster, embeddedRun } from '../helpers/distributed.js';

const study = ['--preset', 'basic', '--experiments', '12', '--seed', '5', '-q'];
let embedded: ReturnType<typeof answer>;

test.before(async () => {
  embedded = answer(await embeddedRun(study));
});

for (const workers of [1, 2]) {
  test(`${workers} worker process(es): same df_out.csv and results.jsonl as embedded; workers exit when done`, async (t) => {
    const c = await cluster(t);
    const ws = Array.from({ length: workers }, () => c.worker(['--exit-when-done']));
    const out = join(c.dir, 'out');
    const run = c.coordinator(study, out);
    t.is(await run.exited, 0, run.output());
    t.deepEqual(answer(out), embedded);
    // run.state = done in KV lets --exit-when-done workers go once the queue is empty.
    for (const w of ws) {
      t.is(await w.exited, 0, w.output());
      t.regex(w.output(), /worker: stopped/);
    }
  });
}

test('every training option and --checkpoints: two worker processes give the embedded answer', async (t) => {
  const options = ['--preset', 'basic', '--experiments', '4', '--seed', '2', '--l1', '0,5e-4', '--l2', '1e-4', '--dropout', '0.01', '--output-activation', 'identity', '--patience', '4', '--checkpoints', '7', '-q'];
  const local = answer(await embeddedRun(options));
  const c = await cluster(t);
  const ws = [c.worker(['--exit-when-done']), c.worker(['--exit-when-done'])];
  const out = join(c.dir, 'out');
  const run = c.coordinator(options, out);
  t.is(await run.exited, 0, run.output());
  t.deepEqual(answer(out), local);
  t.true(local.results.some((r) => r.includes('"checkpoints"')), 'the runs analysed checkpoints');
  for (const w of ws) t.is(await w.exited, 0, w.output());
});

test('run and worker with --nats at a port where no server listens: one line, exit 2', async (t) => {
  const nowhere = ['--nats', 'nats://127.0.0.1:1'];
  const out = join(mkdtempSync(join(tmpdir(), 'identifiability-noserver-')), 'out');
  t.teardown(() => rmSync(dirname(out), { recursive: true, force: true }));
  for (const args of [['run', '--preset', 'basic', '--experiments', '2', '--out', out, ...nowhere], ['worker', ...nowhere]]) {
    const r = await runCli(args);
    t.is(r.code, 2, args[0]);
    t.regex(r.stderr, /^identifiability: --nats: cannot connect to NATS at nats:\/\/127\.0\.0\.1:1 \(no auth\): /);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});
