import test from 'ava';
import { publicationOrder } from '../../coordinator/publicationOrder.js';

test('publicationOrder: every position once, the first of the plan first, then halving the gaps', (t) => {
  t.deepEqual(publicationOrder(0), []);
  t.deepEqual(publicationOrder(1), [0]);
  t.deepEqual(publicationOrder(8), [0, 4, 2, 6, 1, 5, 3, 7]);
  t.deepEqual(publicationOrder(5), [0, 4, 2, 1, 3]);
  for (let n = 0; n <= 600; n++) {
    const order = publicationOrder(n);
    t.deepEqual([...order].sort((a, b) => a - b), [...Array(n).keys()], `n = ${n}`);
  }
});

test('publicationOrder: any first slices published are spread evenly over the plan (what the ETA samples)', (t) => {
  let worst = 0;
  for (let n = 1; n <= 600; n++) {
    const inQuarter = [0, 0, 0, 0];
    publicationOrder(n).forEach((k, p) => {
      inQuarter[Math.floor((4 * k) / n)] = (inQuarter[Math.floor((4 * k) / n)] ?? 0) + 1;
      for (const c of inQuarter) worst = Math.max(worst, Math.abs(c - (p + 1) / 4));
    });
  }
  // The plan order itself: after n/4 slices, one quarter holds them all (n/4 - n/16 off for n = 600: 112.5).
  t.true(worst <= 3.25, String(worst));
});
