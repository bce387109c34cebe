import test from 'ava';
import { AdamW } from '../../shared/train/adamw.js';

const close = (a: number, b: number, tol = 1e-6): boolean => Math.abs(a - b) <= tol;

test('two steps on one parameter match a hand computation', (t) => {
  const opt = new AdamW(1, { learningRate: 0.1, weightDecay: 0.01 });
  const p = new Float32Array([1]);
  opt.step(p, new Float64Array([0.5]));
  // decay: 1 * (1 - 0.1 * 0.01) = 0.999; m = 0.05, v = 0.00025;
  // m^ = 0.05 / 0.1 = 0.5, sqrt(v^) = sqrt(0.00025 / 0.001) = 0.5 -> step 0.1 * 0.5 / 0.5
  t.true(close(p[0]!, 0.899), `after step 1: ${p[0]}`);
  opt.step(p, new Float64Array([-0.5]));
  // decay: 0.899 * 0.999 = 0.898101; m = 0.045 - 0.05 = -0.005; v = 0.00024975 + 0.00025;
  // bias corrections 0.19 and 0.001999: m^ = -0.005 / 0.19, sqrt(v^) = sqrt(0.25) = 0.5
  const expected = 0.898101 + (0.1 * 0.005) / 0.19 / 0.5;
  t.true(close(p[0]!, expected), `after step 2: ${p[0]}, expected ${expected}`);
  t.is(opt.steps, 2);
});

test('weight decay is decoupled: a zero gradient only decays', (t) => {
  const opt = new AdamW(2, { learningRate: 0.5, weightDecay: 0.1 });
  const p = new Float32Array([2, -4]);
  opt.step(p, new Float64Array([0, 0]));
  t.deepEqual(Array.from(p), [Math.fround(2 * 0.95), Math.fround(-4 * 0.95)]);
});

test('defaults are PyTorch defaults: first step moves by about lr against the gradient sign', (t) => {
  const opt = new AdamW(3);
  const p = new Float32Array([0, 0, 1]);
  opt.step(p, new Float64Array([3, -1e-3, 0]));
  t.true(close(p[0]!, -0.001, 1e-9), `${p[0]}`);
  // eps shows on a small gradient: sqrt(v^) = 0.001, so the step is 0.001 * 0.001 / (0.001 + 1e-8).
  t.true(close(p[1]!, (0.001 * 0.001) / (0.001 + 1e-8), 1e-10), `${p[1]}`);
  t.is(p[2], Math.fround(1 - 0.001 * 0.01));
});

test('length mismatch and bad options are rejected', (t) => {
  const opt = new AdamW(2);
  t.throws(() => opt.step(new Float32Array(3), new Float64Array(2)), { instanceOf: RangeError, message: 'params and grads must hold 2 values, got 3, 2' });
  t.throws(() => new AdamW(1, { learningRate: 0 }), { instanceOf: RangeError, message: 'learningRate must be > 0, got 0' });
});
