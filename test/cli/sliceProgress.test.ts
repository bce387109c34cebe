import test from 'ava';
import { sliceProgress } from '../../cli/sliceProgress.js';

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
