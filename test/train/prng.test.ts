import test from 'ava';
import { Prng } from '../../shared/train/prng.js';

const draws = (rng: Prng, n: number): number[] => Array.from({ length: n }, () => rng.nextUint32());

test('same seed and stream give the same sequence', (t) => {
  t.deepEqual(draws(new Prng(42, 3), 50), draws(new Prng(42, 3), 50));
});

test('different seeds, streams and large or negative seeds give different sequences', (t) => {
  const seqs = [
    draws(new Prng(42, 0), 8),
    draws(new Prng(43, 0), 8),
    draws(new Prng(42, 1), 8),
    draws(new Prng(-42, 0), 8),
    draws(new Prng(42 + 2 ** 32, 0), 8),
  ].map((s) => s.join(','));
  t.is(new Set(seqs).size, seqs.length);
});

test('uniform draws lie in [0, 1) with mean near 1/2', (t) => {
  const rng = new Prng(7);
  let sum = 0;
  const n = 100_000;
  for (let i = 0; i < n; i++) {
    const u = rng.uniform();
    if (!(u >= 0 && u < 1)) t.fail(`uniform out of range: ${u}`);
    sum += u;
  }
  // sd of the mean is sqrt(1/12 / n) ~ 0.0009
  t.true(Math.abs(sum / n - 0.5) < 0.005, `mean ${sum / n}`);
});

test('int(n) covers [0, n) evenly', (t) => {
  const rng = new Prng(9);
  const counts = new Array<number>(5).fill(0);
  for (let i = 0; i < 50_000; i++) counts[rng.int(5)]!++;
  for (const c of counts) t.true(Math.abs(c - 10_000) < 500, `counts ${counts.join(',')}`);
});

test('normal draws have mean 0 and variance 1', (t) => {
  const rng = new Prng(11);
  const n = 100_000;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const z = rng.normal();
    s += z;
    s2 += z * z;
  }
  const mean = s / n;
  t.true(Math.abs(mean) < 0.02, `mean ${mean}`);
  t.true(Math.abs(s2 / n - mean * mean - 1) < 0.03, `variance ${s2 / n - mean * mean}`);
});

test('invalid seeds and streams are rejected with the field named', (t) => {
  t.throws(() => new Prng(1.5), { instanceOf: RangeError, message: 'seed must be a safe integer, got 1.5' });
  t.throws(() => new Prng(1, -1), { instanceOf: RangeError, message: 'stream must be an integer in [0, 2^32), got -1' });
});
