import test from 'ava';
import { initLinear } from '../../shared/train/init.js';
import { Prng } from '../../shared/train/prng.js';

test('weights and biases are uniform in ±1/sqrt(fan_in)', (t) => {
  const fanIn = 4;
  const w = new Float32Array(fanIn * 500);
  const b = new Float32Array(500);
  initLinear(w, b, fanIn, new Prng(3));
  const bound = 1 / Math.sqrt(fanIn);
  for (const arr of [w, b]) {
    const vals = Array.from(arr);
    t.true(vals.every((v) => Math.abs(v) <= bound), 'inside the bound');
    t.true(Math.max(...vals) > 0.95 * bound && Math.min(...vals) < -0.95 * bound, 'spans the range');
    t.true(Math.abs(vals.reduce((s, v) => s + v, 0) / vals.length) < 0.05, 'centred');
  }
});

test('same seed, same init; mismatched sizes rejected', (t) => {
  const a = new Float32Array(6);
  const b = new Float32Array(6);
  initLinear(a, new Float32Array(3), 2, new Prng(9, 1));
  initLinear(b, new Float32Array(3), 2, new Prng(9, 1));
  t.deepEqual(a, b);
  t.throws(() => initLinear(new Float32Array(5), new Float32Array(3), 2, new Prng(0)), {
    instanceOf: RangeError,
    message: 'weights must hold out*in = 6 values, got 5',
  });
});
