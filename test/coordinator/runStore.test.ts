/**
 * The run directory stores a result gzipped; one that arrived gzipped (a large result over NATS)
 * is written as it came, not compressed a second time, and reads back as the same message.
 */
import test from 'ava';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { collect } from '../../coordinator/collect.js';
import { makePlan, type Plan } from '../../coordinator/plan.js';
import { openRunStore, RunDirError, slimResult } from '../../coordinator/runStore.js';
import { compileStudyOptions } from '../../coordinator/studyOptions.js';
import { encode } from '../../shared/wire/codec.js';
import type { ResultMessage } from '../../shared/wire/messages.js';
import { shardId } from '../../shared/wire/subjects.js';
import type { Collected, Transport } from '../../transport/transport.js';
import { isGzip } from '../../transport/resultGzip.js';
import { networkResult } from '../wire/fixtures.js';

const plan: Plan = makePlan('custom', compileStudyOptions({ gates: ['XOR'], sizes: [3], experiments: 2, seed: 1 }));

function failed(index: number, text: string): ResultMessage {
  return { type: 'shard-failed', v: 1, planId: plan.planId, shardId: shardId(plan.planId, index), code: 'TEST', message: text, retryable: false };
}

async function tempDir(t: { teardown(f: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'run-store-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const fileOf = (dir: string, index: number): string => join(dir, 'shards', `${String(index).padStart(6, '0')}.msgpack`);

test('runStore: a result is stored gzipped, or as the gzip it came in, and reads back the same', async (t) => {
  const dir = await tempDir(t);
  const store = await openRunStore(dir, plan);
  const plain = failed(0, 'x'.repeat(5000));
  const came = failed(1, 'y'.repeat(5000));
  const cameBytes = encode(came);
  // Level 9: not what the store would write (level 1), so equal files show it wrote these bytes.
  const cameGzipped = gzipSync(cameBytes, { level: 9 });
  await store.save(0, encode(plain), plain);
  await store.save(1, cameBytes, came, cameGzipped);
  const written0 = await readFile(fileOf(dir, 0));
  t.true(isGzip(written0));
  t.deepEqual(gunzipSync(written0), Buffer.from(encode(plain)));
  t.deepEqual(await readFile(fileOf(dir, 1)), Buffer.from(cameGzipped));
  const reopened = await openRunStore(dir, plan);
  t.deepEqual(reopened.finished.get(0), slimResult(plain));
  t.deepEqual(reopened.finished.get(1), slimResult(came));
  t.deepEqual(reopened.readFinished(0), plain);
  t.deepEqual(reopened.readFinished(1), came);
});

/** A transport that hands the collector the given results and nothing else. */
function handing(items: Collected[]): Transport {
  return {
    async *results() {
      yield* items;
    },
  } as unknown as Transport;
}

test('runStore: a result that does not decode is removed and named; one the system cannot read stops the run and stays', async (t) => {
  const dir = await tempDir(t);
  const store = await openRunStore(dir, plan);
  await store.save(0, encode(failed(0, 'a')), failed(0, 'a'));
  await writeFile(fileOf(dir, 1), 'not a result');
  const reopened = await openRunStore(dir, plan);
  t.deepEqual([...reopened.finished.keys()], [0]);
  t.is(reopened.dropped.length, 1);
  t.true(reopened.dropped[0]!.startsWith(fileOf(dir, 1)));
  await t.throwsAsync(readFile(fileOf(dir, 1)), { code: 'ENOENT' });
  // A directory where a result should be: reading it fails with EISDIR (root reads any file, so permissions cannot stand in).
  await mkdir(fileOf(dir, 1));
  await t.throwsAsync(openRunStore(dir, plan), { instanceOf: RunDirError, message: /000001\.msgpack cannot be read \(EISDIR\); nothing was removed/ });
  t.true((await stat(fileOf(dir, 1))).isDirectory());
});

test("runStore: a new run refuses a directory of someone else's files, and takes an empty one", async (t) => {
  const dir = await tempDir(t);
  await writeFile(join(dir, 'df_out.csv'), 'a,b\n');
  await t.throwsAsync(openRunStore(dir, plan), { instanceOf: RunDirError, message: /holds 1 file \(df_out\.csv\) but no run\.json: not a run directory/ });
  t.is(await readFile(join(dir, 'df_out.csv'), 'utf8'), 'a,b\n');
  const empty = await tempDir(t);
  t.is((await openRunStore(empty, plan)).finished.size, 0);
  // A volume's root, as the Kubernetes Job's --out /out is.
  const volume = await tempDir(t);
  await mkdir(join(volume, 'lost+found'));
  t.is((await openRunStore(volume, plan)).finished.size, 0);
  // Killed between making shards/ and writing run.json: still its own.
  const half = await tempDir(t);
  await mkdir(join(half, 'shards'));
  t.is((await openRunStore(half, plan)).finished.size, 0);
  await t.throwsAsync(openRunStore(join(dir, 'df_out.csv'), plan), { instanceOf: RunDirError, message: /cannot be used as a run directory \(it is a file\)/ });
});

test('collect: the gzip a result came in goes to the run directory as it is', async (t) => {
  const dir = await tempDir(t);
  const store = await openRunStore(dir, plan);
  const messages = [failed(0, 'a'.repeat(3000)), failed(1, 'b'.repeat(3000))];
  const bytes = messages.map((m) => encode(m));
  const gzipped = gzipSync(bytes[0] ?? new Uint8Array(), { level: 9 });
  let acks = 0;
  const ack = async (): Promise<void> => void acks++;
  await collect(handing([
    { kind: 'result', shardId: messages[0]?.shardId ?? '', bytes: bytes[0] ?? new Uint8Array(), gzipped, ack },
    { kind: 'result', shardId: messages[1]?.shardId ?? '', bytes: bytes[1] ?? new Uint8Array(), ack },
  ]), plan, store);
  t.is(acks, 2);
  t.deepEqual(await readFile(fileOf(dir, 0)), Buffer.from(gzipped));
  t.deepEqual(gunzipSync(await readFile(fileOf(dir, 1))), Buffer.from(bytes[1] ?? new Uint8Array()));
  t.deepEqual((await openRunStore(dir, plan)).readFinished(0), messages[0]);
});

test('a finished network is held without its lists and read back whole from its file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'identifiability-slim-'));
  const store = await openRunStore(dir, plan);
  const whole = networkResult();
  await store.save(0, encode(whole), whole);
  const held = store.finished.get(0);
  if (held?.type !== 'shard-result' || held.result.kind !== 'network') return t.fail();
  const out = held.result.analysis?.outputs[0];
  t.is(out?.circuits, null);
  t.deepEqual(out?.formulas, [{ formula: '(A+B)', minimal_mappings: null, mappings_count: 1 }]);
  t.is(out?.kept, 3, 'every count is held');
  t.is(out?.groundings?.total, 2n ** 80n + 1n);
  t.true(held.result.training.converged);
  t.deepEqual(store.readFinished(0), whole);
  t.deepEqual((await openRunStore(dir, plan)).readFinished(0), whole);
  await writeFile(fileOf(dir, 0), 'not a result');
  t.throws(() => store.readFinished(0), { instanceOf: RunDirError, message: /000000\.msgpack cannot be read back/ });
  await rm(dir, { recursive: true, force: true });
});
