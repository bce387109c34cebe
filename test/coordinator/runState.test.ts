import test from 'ava';
import { claimRun, markDone, readRunState, RunConflict } from '../../coordinator/runState.js';
import { memoryTransport } from '../../transport/memoryTransport.js';
import { nextWithin } from '../transport/conformance.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);
const plan = (planId: string) => ({ planId, study: 'test', networks: 1 });

test('another plan taking a finished run prefix starts with no stored shard or result of the earlier one', async (t) => {
  const tr = memoryTransport();
  t.teardown(() => tr.close());
  await claimRun(tr, plan('a'));
  await tr.publishWork('a:0', enc('work'));
  await tr.publishWork('a:1', enc('a shard nobody took'));
  await tr.publishResult('a:0', enc('result of a'));
  await markDone(tr);
  await claimRun(tr, plan('b'));
  t.is(await readRunState(tr), 'running');
  t.is(await tr.pendingWork(), 0);
  t.is(await nextWithin(tr.results(), 200), null);
});

test('the same plan claimed again keeps its results (a restarted coordinator resumes from them)', async (t) => {
  const tr = memoryTransport();
  t.teardown(() => tr.close());
  await claimRun(tr, plan('a'));
  await tr.publishResult('a:0', enc('result of a'));
  await claimRun(tr, plan('a'));
  const c = await nextWithin(tr.results(), 2_000);
  t.is(c?.kind === 'result' ? dec(c.bytes) : null, 'result of a');
  // Finished, then the same command again: its results are still there to replay.
  await markDone(tr);
  await claimRun(tr, plan('a'));
  t.is(await tr.pendingWork(), 0);
});

test('another plan is refused while the run prefix is in use, and nothing of the running plan is dropped', async (t) => {
  const tr = memoryTransport();
  t.teardown(() => tr.close());
  await claimRun(tr, plan('a'));
  await tr.publishWork('a:0', enc('work'));
  await t.throwsAsync(() => claimRun(tr, plan('b')), { instanceOf: RunConflict, message: /in use by plan a/ });
  t.is(await tr.pendingWork(), 1);
});

test('with takeOver another plan takes an unfinished prefix, and the abandoned plan\'s shards and results are gone', async (t) => {
  const tr = memoryTransport();
  t.teardown(() => tr.close());
  await claimRun(tr, plan('a'));
  await tr.publishWork('a:0', enc('work of a plan whose coordinator died'));
  await tr.publishResult('a:1', enc('result of a'));
  await t.throwsAsync(() => claimRun(tr, plan('b')), { instanceOf: RunConflict, message: /--take-over if its coordinator is gone/ });
  await claimRun(tr, plan('b'), { takeOver: true });
  t.is(await readRunState(tr), 'running');
  t.is(await tr.pendingWork(), 0);
  t.deepEqual(await tr.storedResults(), new Set());
  t.is(dec((await tr.kvGet('plan')) ?? new Uint8Array()), JSON.stringify({ planId: 'b', study: 'test', networks: 1 }));
});
