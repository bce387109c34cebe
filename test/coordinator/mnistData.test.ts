/** The MNIST demo's data: the 2 128 zeros and ones the `mnist` package ships, split by a seeded shuffle. */
import test from 'ava';
import { mnistZerosAndOnes, MNIST_PIXELS } from '../../coordinator/mnistData.js';

test('every zero and one, split 80/20, pixels normalised to [-1, 1], the same split for the same seed', (t) => {
  const a = mnistZerosAndOnes(0);
  t.is(a.train.n + a.validation.n, 1001 + 1127);
  t.is(a.validation.n, Math.round(2128 * 0.2));
  t.is(a.train.nIn, MNIST_PIXELS);
  const ys = [...a.train.y, ...a.validation.y];
  t.is(ys.filter((y) => y === 0).length, 1001);
  t.is(ys.filter((y) => y === 1).length, 1127);
  t.true(a.train.x.every((v) => v >= -1 && v <= 1));
  t.true(a.train.x.some((v) => v === -1) && a.train.x.some((v) => v > 0.9));
  t.deepEqual(mnistZerosAndOnes(0).validation, a.validation);
  t.notDeepEqual(mnistZerosAndOnes(1).validation.y, a.validation.y);
});
