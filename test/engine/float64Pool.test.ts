import test from 'ava';
import fc from 'fast-check';
import { Float64Pool } from '../../shared/engine/float64Pool.js';

test('a buffer given back is handed out again, and only one that fits', (t) => {
  const pool = new Float64Pool({ minLength: 10, headroom: 1.5, slack: 4 });
  const a = pool.take(100);
  t.is(a.length, 100);
  t.is(a.buffer.byteLength, 150 * 8);
  pool.give(a);
  t.deepEqual(pool.held, { buffers: 1, elements: 150 });
  t.is(pool.take(120).buffer, a.buffer);
  t.deepEqual(pool.held, { buffers: 0, elements: 0 });
  pool.give(a);
  // Too large for its capacity, and too small to take a buffer four times its size: both fresh.
  t.not(pool.take(151).buffer, a.buffer);
  t.not(pool.take(30).buffer, a.buffer);
  t.is(pool.take(40).buffer, a.buffer);
});

test('arrays the pool did not make, small requests and disowned buffers are never recycled', (t) => {
  const pool = new Float64Pool({ minLength: 10 });
  const foreign = new Float64Array(1000);
  pool.give(foreign);
  const small = pool.take(9);
  pool.give(small);
  t.deepEqual(pool.held, { buffers: 0, elements: 0 });
  const a = pool.take(100);
  pool.give(a);
  pool.disown(a);
  t.deepEqual(pool.held, { buffers: 0, elements: 0 });
  pool.give(a);
  t.deepEqual(pool.held, { buffers: 0, elements: 0 });
  t.not(pool.take(100).buffer, a.buffer);
});

test('the free list holds at most `keep` buffers, the largest, and a buffer given twice once', (t) => {
  const pool = new Float64Pool({ minLength: 1, keep: 2, headroom: 1 });
  const arrays = [10, 40, 20, 30].map((n) => pool.take(n));
  for (const a of arrays) pool.give(a);
  pool.give(arrays[1] as Float64Array);
  t.deepEqual(pool.held, { buffers: 2, elements: 70 });
});

test('no two arrays out at once share a buffer, whatever the order of takes and gives', (t) => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constant(-1)), { maxLength: 60 }), (steps) => {
      const pool = new Float64Pool({ minLength: 4, keep: 3, headroom: 1.25, slack: 3 });
      const out: Float64Array[] = [];
      for (const s of steps) {
        if (s > 0) {
          const a = pool.take(s);
          if (a.length !== s) return false;
          out.push(a);
        } else if (out.length) pool.give(out.shift() as Float64Array);
        if (new Set(out.map((a) => a.buffer)).size !== out.length) return false;
        if (pool.held.buffers > 3) return false;
      }
      return true;
    }),
    { numRuns: 300, seed: 5 },
  );
  t.pass();
});
