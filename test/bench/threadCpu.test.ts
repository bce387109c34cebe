import test from 'ava';
import { existsSync } from 'node:fs';
import { parseTaskStat, splitThreads, threadSeconds } from '../../bench/threadCpu.js';

test('parseTaskStat: user + system ticks after the command name, even one with spaces and parentheses', (t) => {
  // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
  const stat = '4242 (V8 Worker (1)) S 1 4242 4242 0 -1 4194368 100 0 0 0 250 30 0 0 20 0 12 0 1000 0 0';
  t.is(parseTaskStat(stat), 2.8);
  t.is(parseTaskStat(stat, 1000), 0.28);
  t.throws(() => parseTaskStat('4242 (node) S 1'), { message: /unreadable task stat/ });
});

test('splitThreads: the main thread by id, the busiest others as engines, the rest background', (t) => {
  const seconds = new Map([
    [100, 0.7],
    [101, 0.9],
    [102, 12.5],
    [103, 0.8],
    [104, 13.1],
    [105, 0],
  ]);
  t.deepEqual(splitThreads(seconds, 100, 2), { main_s: 0.7, engine_s: 25.6, background_s: 1.7, threads: 6 });
  t.deepEqual(splitThreads(seconds, 100, 1), { main_s: 0.7, engine_s: 13.1, background_s: 14.2, threads: 6 });
});

test('threadSeconds: a child whose main thread does a fixed amount of work shows it there', async (t) => {
  if (!existsSync('/proc/self/task')) return t.pass('no /proc here');
  // Work, not a wall-clock wait: on a loaded machine a waiting loop gets less CPU than its time.
  const busy = 'let x = 0; for (let i = 0; i < 3e8; i++) x = (x + i) | 0; if (x === 1) console.log(x);';
  const r = await threadSeconds(process.execPath, ['-e', busy], process.cwd(), 20);
  t.truthy(r);
  const split = splitThreads(r!.seconds, r!.pid, 0);
  t.true(split.main_s >= 0.1, `main thread ${split.main_s} s`);
  t.true(split.main_s > split.background_s, `main ${split.main_s} s, the others ${split.background_s} s`);
  await t.throwsAsync(threadSeconds(process.execPath, ['-e', 'process.exit(3)'], process.cwd()), { message: /exited with 3/ });
});
