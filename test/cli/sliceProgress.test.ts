import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { sliceProgress } from '../../cli/sliceProgress.js';

// Off a terminal (ava's workers write to pipes), so these are the plain lines.

test('the last slice prints a line with nothing left, duplicates are not counted', async (t) => {
  const lines: string[] = [];
  const progress = await sliceProgress([3, 1, 1], (l) => lines.push(l), false, undefined, { quietMs: 0 });
  progress.tick(true, 10, 0);
  progress.tick(false, 10, 0);
  progress.tick(true, 10, 1);
  progress.tick(true, 10, 2);
  progress.stop();
  t.regex(lines.at(-1) ?? '', /^progress: 3\/3 slices, [\d.e+]+ candidates\/s, \d+ s elapsed, ETA 0 s$/);
});

test('a batch done within its quiet start prints nothing, however many slices it has', async (t) => {
  const lines: string[] = [];
  const work = Array.from({ length: 200 }, () => 1);
  const progress = await sliceProgress(work, (l) => lines.push(l), false, 2);
  for (let i = 0; i < work.length; i++) progress.tick(true, 5, i, 1);
  progress.stop();
  t.deepEqual(lines, []);
});

test('a slow first slice: a line comes anyway, with no ETA yet, and none after stop', async (t) => {
  const lines: string[] = [];
  const progress = await sliceProgress([1, 1], (l) => lines.push(l), false, undefined, { quietMs: 0, heartbeatMs: 50 });
  await sleep(400);
  t.true(lines.length >= 1, 'a line without a finished slice');
  t.regex(lines[0] ?? '', /^progress: 0\/2 slices, .* ETA \?$/);
  progress.tick(true, 10, 0);
  progress.stop();
  const n = lines.length;
  await sleep(400);
  t.is(lines.length, n, 'stopped');
});

test('between slices the ETA counts down from the last one, and turns to ? once past it with slices left', async (t) => {
  const lines: string[] = [];
  const progress = await sliceProgress([1, 1, 1], (l) => lines.push(l), false, undefined, { quietMs: 0, heartbeatMs: 50 });
  progress.tick(true, 10, 0); // a pace of milliseconds: an ETA of 0 s, soon past
  await sleep(400);
  progress.stop();
  t.true(lines.length >= 1, 'a line between slices');
  t.regex(lines.at(-1) ?? '', /^progress: 1\/3 slices, .* ETA \?$/);
});
