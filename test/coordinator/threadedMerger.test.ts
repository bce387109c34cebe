/**
 * The merge in a thread of its own gives what the merge on this thread gives, whatever the parts;
 * a thread that fails makes its result reject instead of hang. Serial: the tests share the process's
 * one merge thread, which one of them makes fail.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { movable, ThreadedMerger } from '../../coordinator/threadedMerger.js';
import { DistributionMerger } from '../../shared/engine/distributionMerger.js';
import { packDistribution, type PackedDistribution } from '../../shared/engine/packedDistribution.js';
import { prng } from './studyFixtures.js';

/** A distribution of `n` distinct counts, some past 2^53 (held as bigints). */
function randomPart(next: () => number, n: number): PackedDistribution {
  const values = new Set<bigint>();
  while (values.size < n) values.add(next() < 0.2 ? 2n ** 60n + BigInt(Math.floor(next() * 1000)) : BigInt(Math.floor(next() * 5000)));
  const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const circuits = sorted.map(() => 1 + Math.floor(next() * 9));
  const total = sorted.reduce((s, v, i) => s + v * BigInt(circuits[i] ?? 0), 0n);
  return packDistribution({ values: sorted, circuits, total, uncounted: Math.floor(next() * 3) });
}

test.serial('threadedMerger: the same merge as on this thread, for any parts, several mergers at once', async (t) => {
  const next = prng(7);
  const cases = [1, 2, 3].map(() => Array.from({ length: 1 + Math.floor(next() * 40) }, () => randomPart(next, Math.floor(next() * 300))));
  const here = cases.map(() => new DistributionMerger());
  const there = cases.map(() => new ThreadedMerger());
  // Interleaved: the three share one thread and keep apart.
  for (let i = 0; i < 40; i++) {
    cases.forEach((parts, c) => {
      const p = parts[i];
      if (!p) return;
      const posted = structuredClone(p);
      there[c]?.add(posted);
      here[c]?.add(p);
      // Moved, not copied: the posted arrays are empty here now.
      if (p.num.length > 0) t.is(posted.num.length, 0);
    });
  }
  const got = await Promise.all(there.map((m) => m.result()));
  cases.forEach((parts, c) => t.deepEqual(got[c], here[c]?.result(), `merger ${c}, ${parts.length} parts`));
});

test.serial('threadedMerger: an array that shares its buffer is copied, and the merge is the same', async (t) => {
  const p = randomPart(prng(9), 200);
  const shared = new Float64Array(p.num.length * 2 + 3);
  shared.set(p.num, 1);
  shared.set(p.numCircuits, 1 + p.num.length);
  const view = { ...p, num: shared.subarray(1, 1 + p.num.length), numCircuits: shared.subarray(1 + p.num.length, 1 + 2 * p.num.length) };
  t.deepEqual(movable(view), []);
  const m = new ThreadedMerger();
  m.add(view);
  m.add(randomPart(prng(10), 100));
  const here = new DistributionMerger();
  here.add(p);
  here.add(randomPart(prng(10), 100));
  t.deepEqual(await m.result(), here.result());
  t.is(view.num.length, p.num.length, 'the view is still the caller\'s');
});

test.serial('threadedMerger: ready() waits until the thread has merged what waits past the limit', async (t) => {
  const m = new ThreadedMerger();
  const parts = [11, 12, 13, 14].map((seed) => randomPart(prng(seed), 2000));
  const bytes = parts.reduce((s, p) => s + p.num.byteLength + p.numCircuits.byteLength, 0);
  for (const p of parts) m.add(structuredClone(p));
  t.is(m.waitingBytes, bytes, 'posted, not merged yet');
  await m.ready(0);
  t.is(m.waitingBytes, 0);
  const here = new DistributionMerger();
  for (const p of parts) here.add(p);
  t.deepEqual(await m.result(), here.result());
});

test.serial('threadedMerger: no parts merge to the empty distribution', async (t) => {
  t.deepEqual(await new ThreadedMerger().result(), new DistributionMerger().result());
});

test.serial('threadedMerger: a failed thread rejects every open result with what went wrong; the next merger gets a new thread', async (t) => {
  const other = new ThreadedMerger();
  other.add(randomPart(prng(3), 10));
  const m = new ThreadedMerger();
  // Not a distribution (no bigint counts at all): the thread's merge throws on the second part,
  // and the thread ends.
  const broken = (seed: number): PackedDistribution => ({ ...randomPart(prng(seed), 5), big: null as unknown as bigint[] });
  m.add(broken(1));
  m.add(broken(2));
  await t.throwsAsync(() => m.result(), { message: /^merging the grounding distributions: / });
  await t.throwsAsync(() => other.result(), { message: /^merging the grounding distributions: / });
  const part = randomPart(prng(4), 50);
  const fresh = new ThreadedMerger();
  fresh.add(structuredClone(part));
  t.deepEqual(await fresh.result(), part);
  const closed = new ThreadedMerger();
  closed.close();
  await t.throwsAsync(() => closed.result(), { message: /closed/ });
});

test.serial('threadedMerger: a merger left open does not keep the process alive', async (t) => {
  const url = new URL('../../coordinator/threadedMerger.js', import.meta.url).href;
  const script = `import { ThreadedMerger } from ${JSON.stringify(url)}; const m = new ThreadedMerger(); m.add({ num: new Float64Array([1]), numCircuits: new Float64Array([2]), big: [], bigCircuits: [], total: 2n, uncounted: 0 }); console.log('posted');`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 });
  t.is(stdout.trim(), 'posted');
});
