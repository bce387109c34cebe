import test from 'ava';
import { meanInterval, ppsPicks, ppsTotal } from '../../bench/stats.js';

test('ppsPicks: indices in proportion to their sizes, never one of size 0', (t) => {
  const sizes = [0, 1, 2, 0, 4, 8, 0, 1];
  const n = 40_000;
  const seen = new Array<number>(sizes.length).fill(0);
  for (const i of ppsPicks(sizes, n)) seen[i] = (seen[i] as number) + 1;
  const sum = sizes.reduce((a, b) => a + b, 0);
  sizes.forEach((s, i) => {
    if (s === 0) t.is(seen[i], 0, `index ${i} has size 0`);
    else t.true(Math.abs((seen[i] as number) / n - s / sum) < 0.01, `index ${i}: ${seen[i]} of ${n} for ${s} of ${sum}`);
  });
  t.deepEqual(ppsPicks(sizes, 50), ppsPicks(sizes, 50), 'seeded: the same picks every run');
});

test('ppsTotal: exact with no spread when every value is the same multiple of its size', (t) => {
  const sizes = [3, 0, 5, 11, 1, 7];
  const sum = sizes.reduce((a, b) => a + b, 0);
  const picks = ppsPicks(sizes, 12).map((i) => ({ y: 2.5 * (sizes[i] as number), p: (sizes[i] as number) / sum }));
  const { total, half } = ppsTotal(picks);
  t.true(Math.abs(total - 2.5 * sum) < 1e-9, String(total));
  t.true(half < 1e-9);
});

test('ppsTotal: values that vary about their sizes are estimated within the interval, which narrows with more picks', (t) => {
  // A heavy-tailed set of sizes, each value its size times a factor of 0.5 to 1.5.
  const sizes = Array.from({ length: 500 }, (_, i) => (i % 7 === 0 ? 0 : Math.floor(1e6 / (1 + i))));
  const y = sizes.map((s, i) => s * (0.5 + ((i * 37) % 101) / 100));
  const truth = y.reduce((a, b) => a + b, 0);
  const sum = sizes.reduce((a, b) => a + b, 0);
  const estimate = (n: number): { total: number; half: number } => ppsTotal(ppsPicks(sizes, n).map((i) => ({ y: y[i] as number, p: (sizes[i] as number) / sum })));
  const few = estimate(40);
  const many = estimate(4000);
  t.true(Math.abs(few.total - truth) <= few.half, `${few.total} +- ${few.half} against ${truth}`);
  t.true(Math.abs(many.total - truth) / truth < 0.03, `${many.total} against ${truth}`);
  t.true(many.half < few.half / 5);
});

test('ppsPicks and ppsTotal refuse what they cannot sample or estimate', (t) => {
  t.throws(() => ppsPicks([0, 0], 3), { message: /sum to 0/ });
  t.throws(() => ppsPicks([1, -1], 3), { message: /non-negative/ });
  t.throws(() => ppsTotal([]), { message: /no picks/ });
});

test('meanInterval: the mean and 1.96 standard errors (sample deviation over n - 1); none from one sample', (t) => {
  const { mean, half } = meanInterval([1, 2, 3]);
  t.is(mean, 2);
  t.true(Math.abs(half - 1.96 / Math.sqrt(3)) < 1e-12, String(half));
  t.deepEqual(meanInterval([5]), { mean: 5, half: 0 });
});
