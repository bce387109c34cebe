import test from 'ava';
import { compareSamples } from '../../report/compareSamples.js';

/*
 * Expected values from scipy 1.17.1 and numpy (run on this machine):
 *
 *   from scipy import stats; import numpy as np
 *   r = stats.ttest_ind(b, a, equal_var=False)          # Welch, two-sided
 *   sp = np.sqrt(((len(a)-1)*np.var(a,ddof=1) + (len(b)-1)*np.var(b,ddof=1)) / (len(a)+len(b)-2))
 *   d = (np.mean(b) - np.mean(a)) / sp                  # Cohen's d, pooled sd
 *
 * with (a = baseline, b = condition):
 *   a=[1,2,3,4,5], b=[2,4,6,8,11]                 -> p 0.11499016052991898, d 1.180337781701308
 *   a=[53,12,80,4,33,21], b=[60,90,71,45,102,88,64] -> p 0.01724394833445223, d 1.6754628581430138
 *   Student's sleep data (a = drug 1, b = drug 2)  -> p 0.0793941401873583,  d 0.8321810813495395
 */
const cases = [
  { a: [1, 2, 3, 4, 5], b: [2, 4, 6, 8, 11], p: 0.11499016052991898, d: 1.180337781701308 },
  { a: [53, 12, 80, 4, 33, 21], b: [60, 90, 71, 45, 102, 88, 64], p: 0.01724394833445223, d: 1.6754628581430138 },
  { a: [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0], b: [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4], p: 0.0793941401873583, d: 0.8321810813495395 },
];

const close = (x: number | null, y: number, tol = 1e-9): boolean => x !== null && Math.abs(x - y) <= tol * Math.max(1, Math.abs(y));

for (const [i, c] of cases.entries()) {
  test(`Welch p-value and Cohen's d match scipy (case ${i})`, (t) => {
    const r = compareSamples(c.a, c.b);
    t.true(close(r.pValue, c.p), `p ${r.pValue} vs ${c.p}`);
    t.true(close(r.cohensD, c.d), `d ${r.cohensD} vs ${c.d}`);
    // Swapping the sides keeps p and flips d.
    const s = compareSamples(c.b, c.a);
    t.true(close(s.pValue, c.p));
    t.true(close(s.cohensD, -c.d));
  });
}

test('means, medians and their changes', (t) => {
  const r = compareSamples([1, 2, 3, 4, 5], [2, 4, 6, 8, 11]);
  t.is(r.meanBase, 3);
  t.is(r.mean, 6.2);
  t.true(close(r.meanChange, 3.2));
  t.true(close(r.meanChangeRelative, 3.2 / 3));
  t.is(r.medianBase, 3);
  t.is(r.median, 6);
  t.is(r.medianChange, 3);
  t.is(compareSamples([1, 2, 3, 4], [1]).median, 1);
  t.is(compareSamples([1, 2, 3, 4], [1]).medianBase, 2.5);
});

test('no test below two values per side or without any variance; no relative change from a zero mean', (t) => {
  t.is(compareSamples([1], [2, 3]).pValue, null);
  t.is(compareSamples([4, 4, 4], [4, 4]).pValue, null);
  t.is(compareSamples([4, 4, 4], [5, 5]).cohensD, null);
  const z = compareSamples([0, 0], [1, 3]);
  t.is(z.meanChangeRelative, null);
  t.not(z.pValue, null);
  const empty = compareSamples([], []);
  t.is(empty.mean, null);
  t.is(empty.meanChange, null);
  t.is(empty.medianChange, null);
});
