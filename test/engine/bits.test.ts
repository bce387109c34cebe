import test from 'ava';
import { twoAdic } from '../../shared/engine/bits.js';

test('twoAdic: the exponent of the largest power of two dividing a float64 integer', (t) => {
  t.deepEqual([1, 2, 3, 12, 2 ** 31, 2 ** 31 * 3, 2 ** 32, 2 ** 53 - 1, 2 ** 200 * 5, 2 ** 1023].map(twoAdic), [0, 1, 0, 2, 31, 31, 32, 0, 200, 1023]);
  t.throws(() => twoAdic(0), { instanceOf: RangeError, message: 'twoAdic: expected a positive finite integer, got 0' });
});
