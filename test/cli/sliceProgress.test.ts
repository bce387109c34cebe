import test from 'ava';
import { etaSeconds, sliceProgress } from '../../cli/sliceProgress.js';

test('the ETA follows the estimated work done, not the count of slices', (t) => {
  // A heavy slice first: 1 of 4 slices done but 6 of 9 shares of the work, in 60 s: 30 s left, not 180.
  t.is(etaSeconds(60, 6, 9, 1, 4), 30);
  t.is(etaSeconds(60, 9, 9, 4, 4), 0);
  // No work done yet (slices of no estimated work): by slices.
  t.is(etaSeconds(10, 0, 9, 1, 4), 30);
});

test('the last slice prints a line with nothing left, duplicates are not counted', async (t) => {
  const lines: string[] = [];
  const progress = await sliceProgress([3, 1, 1], (l) => lines.push(l), false);
  progress.tick(true, 10, 0);
  progress.tick(false, 10, 0);
  progress.tick(true, 10, 1);
  progress.tick(true, 10, 2);
  progress.stop();
  t.regex(lines.at(-1) ?? '', /^progress: 3\/3 slices, [\d.e+]+ candidates\/s, \d+ s elapsed, ETA 0 s$/);
});
