import test from 'ava';
import { etaSeconds } from '../../coordinator/sliceEta.js';

test('the ETA follows the estimated work done, not the count of slices', (t) => {
  // A heavy slice first: 1 of 4 slices done but 6 of 9 shares of the work, in 60 s: 30 s left, not 180.
  t.is(etaSeconds(60, 6, 9, 1, 4), 30);
  t.is(etaSeconds(60, 9, 9, 4, 4), 0);
  // No work done yet (slices of no estimated work): by slices.
  t.is(etaSeconds(10, 0, 9, 1, 4), 30);
});

test("on a pool of known threads, the ETA follows the worker time a share has taken, not the wall time that holds slices still running", (t) => {
  // Two threads, 60 s in: the first result, 6 shares in 60 s of worker time, the other thread's
  // slice still running. 3 shares left: 30 s of worker time, 15 s on two threads (by wall time, 30).
  t.is(etaSeconds(60, 6, 9, 1, 4, 60_000, 2), 15);
  // No worker time reported: by wall time, as without threads.
  t.is(etaSeconds(60, 6, 9, 1, 4, 0, 2), 30);
});
