import test from 'ava';
import fc from 'fast-check';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { coordinatorLine, listSchedule, SliceTimes, SliceTimesFile, threadCpu, type SliceTimeRecord } from '../../cli/sliceTimes.js';
import type { ShardResultMessage } from '../../shared/wire/messages.js';

test('list scheduling hands each job to the first worker free, in order', (t) => {
  // Two workers: 5 | 3, then 3 -> the second (free at 3, ends 6), 2 -> the first (ends 7), 2 -> the second (ends 8).
  t.is(listSchedule([5, 3, 3, 2, 2], 2), 8);
  t.is(listSchedule([5, 3, 3, 2, 2], 1), 15);
  t.is(listSchedule([5, 3, 3, 2, 2], 9), 5);
  t.is(listSchedule([], 4), 0);
});

test('the makespan lies between the ideal split and the ideal split plus the largest job (Graham)', (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 200 }), fc.integer({ min: 1, max: 70 }), (jobs, workers) => {
      const sum = jobs.reduce((a, b) => a + b, 0);
      const largest = jobs.reduce((a, b) => Math.max(a, b), 0);
      const m = listSchedule(jobs, workers);
      t.true(m >= Math.max(largest, sum / workers) - 1e-9);
      t.true(m <= sum / workers + largest + 1e-9);
      t.true(listSchedule(jobs, workers + 1) <= m + largest);
    }),
    { numRuns: 300, seed: 3 },
  );
});

test('the coordinator line names its main thread and its busiest other thread, or neither where they cannot be read', (t) => {
  t.is(
    coordinatorLine(209_400, { mainMs: 68_000, otherMs: 72_300 }),
    "coordinator: 209 s of CPU; its main thread 68 s (reading every result), its busiest other thread 72 s (merging, or V8's own work): no cluster finishes this network in less than the busier of the two takes",
  );
  t.is(coordinatorLine(1_234, null), 'coordinator: 1.23 s of CPU: no cluster finishes this network in less than reading and merging every result takes');
});

test('threadCpu tells the main thread from a busy thread beside it', async (t) => {
  if (process.platform !== 'linux') {
    t.is(threadCpu(), null);
    return;
  }
  // A thread that spins until it has used 300 ms of its own CPU, says so, and waits to be ended.
  const spin = new Worker(
    `const { readFileSync } = require('node:fs');
     const { parentPort } = require('node:worker_threads');
     const ticks = () => readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ').slice(11, 13).reduce((a, b) => a + Number(b), 0);
     while (ticks() < 30);
     parentPort.postMessage('spun');
     setInterval(() => {}, 1000);`,
    { eval: true },
  );
  t.teardown(() => spin.terminate());
  await new Promise((resolve) => spin.once('message', resolve));
  const ownMs = () => readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]?.split(' ').slice(11, 13).reduce((a, b) => a + Number(b), 0) ?? NaN;
  const mainBefore = ownMs() * 10;
  const cpu = threadCpu();
  const mainAfter = ownMs() * 10;
  t.true(cpu !== null && cpu.otherMs >= 300, JSON.stringify(cpu));
  t.true(cpu !== null && cpu.mainMs >= mainBefore && cpu.mainMs <= mainAfter, `${JSON.stringify(cpu)}, this thread ${mainBefore}-${mainAfter} ms`);
});

test('the slowest part of a unit is named by what it ranges over: first rows, or past two hidden layers second-pair edge masks', (t) => {
  const part = (ms: number, firstRows: [number, number]): ShardResultMessage => ({ result: { kind: 'circuit-slice', output: 0, start: 7, end: 8, firstRows, candidates: 10, kept: 1 }, durationMs: ms, worker: 'w' }) as unknown as ShardResultMessage;
  for (const [deep, words] of [[false, 'first rows 3-4'], [true, 'second-pair edge masks 3-4']] as const) {
    const times = new SliceTimes(0, [], deep);
    times.add(part(5, [0, 3]));
    times.add(part(9, [3, 5]));
    t.regex(times.lines(20)[0] as string, new RegExp(`slowest 0\\.01 s \\(circuit units 7-7 \\(${words}\\) of output 0\\)`));
  }
});

test('the slice times file is written a whole line at a time as slices end, opened at the first, and a stopped run is told where it is', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'slice-times-file-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'times.jsonl');
  const file = new SliceTimesFile(path);
  t.is(file.stoppedNote(), '', 'nothing written: nothing to tell');
  t.false(existsSync(path), 'no file before the first line');
  const probe: SliceTimeRecord = { slice: 'c:0:0:4', output: 0, units: [0, 4], worker: 'w', ms: 12.5, candidates: 40, kept: 3, relisted: false, probe: true };
  file.write(probe);
  const slice: SliceTimeRecord = { slice: 'c:0:4:9', output: 0, units: [4, 9], worker: 'w', ms: 7, candidates: 50, kept: 1, relisted: false };
  file.write(slice);
  file.write({ ...slice, slice: 'c:0:9:12', units: [9, 12] });
  // Readable while the run goes on.
  t.deepEqual(readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l)), [probe, slice, { ...slice, slice: 'c:0:9:12', units: [9, 12] }]);
  t.is(file.stoppedNote(), `; the times of the 2 slices that ended (and of the 1 probes) are in ${path}`);
  file.close();
  const plain = new SliceTimesFile(join(dir, 'plain.jsonl'));
  plain.write(slice);
  t.is(plain.stoppedNote(), `; the times of the 1 slices that ended are in ${join(dir, 'plain.jsonl')}`);
  plain.close();
});
