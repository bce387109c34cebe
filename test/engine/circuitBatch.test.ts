import test from 'ava';
import { CircuitBatch } from '../../shared/engine/circuitBatch.js';

test('circuits come back as pushed, as views of the buffer', (t) => {
  const batch = new CircuitBatch([2, 3, 2, 1], 2);
  t.false(batch.push(Uint32Array.from([7, 3, 1]), [Uint32Array.from([1, 2, 3]), Uint32Array.from([5, 6]), Uint32Array.from([3])]));
  t.true(batch.push(Uint32Array.from([4, 1, 1]), [Uint32Array.from([0, 0, 2]), Uint32Array.from([4, 0]), Uint32Array.from([1])]));
  const first = batch.at(0);
  t.deepEqual([Array.from(first.masks), first.rows.map((r) => Array.from(r))], [[7, 3, 1], [[1, 2, 3], [5, 6], [3]]]);
  const second = batch.at(1);
  t.deepEqual([Array.from(second.masks), second.rows.map((r) => Array.from(r))], [[4, 1, 1], [[0, 0, 2], [4, 0], [1]]]);
  t.throws(() => batch.push(Uint32Array.from([1, 1, 1]), [new Uint32Array(3), new Uint32Array(2), new Uint32Array(1)]), { instanceOf: RangeError, message: 'circuit batch is full (2)' });
  batch.clear();
  t.is(batch.length, 0);
});
