import test from 'ava';
import fc from 'fast-check';
import { listSchedule } from '../../cli/sliceTimes.js';

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
