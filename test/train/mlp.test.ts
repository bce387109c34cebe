import test from 'ava';
import type { Dataset } from '../../shared/engine/types.js';
import { initLinear } from '../../shared/train/init.js';
import { LEAKY_SLOPE, Mlp } from '../../shared/train/mlp.js';
import { Prng } from '../../shared/train/prng.js';

test('forward matches a hand computation, negative slope included', (t) => {
  const mlp = new Mlp([2, 2, 1]);
  mlp.weights[0]!.set([1, -2, 0.5, 0.5]);
  mlp.biases[0]!.set([0, -1]);
  mlp.weights[1]!.set([2, -1]);
  mlp.biases[1]!.set([0.25]);
  const out = mlp.forward(new Float32Array([1, 1]), 0);
  // hidden z = [1 - 2, 0.5 + 0.5 - 1] = [-1, 0] -> a = [-0.01, 0]; out z = -0.02 + 0.25 = 0.23
  t.is(mlp.activations[out], Math.fround(0.23));
  t.is(mlp.activations[2], Math.fround(-LEAKY_SLOPE));
  const out2 = mlp.forward(new Float32Array([0, 0]), 0);
  // hidden a = [0, -0.01]; out z = 0.01 + 0.25
  t.is(mlp.activations[out2], Math.fround(0.26));
});

test('parameter views share the flat buffer', (t) => {
  const mlp = new Mlp([2, 3, 3, 1]);
  t.is(mlp.params.length, 2 * 3 + 3 + 3 * 3 + 3 + 3 + 1);
  mlp.biases[1]![2] = 7;
  t.is(mlp.params[6 + 3 + 9 + 2], 7);
  const model = mlp.toModel();
  mlp.biases[1]![2] = 8;
  t.is(model.biases[1]![2], 7, 'toModel copies');
  t.deepEqual(model.layerSizes, [2, 3, 3, 1]);
});

function randomProblem(seed: number, sizes: number[], n: number): { mlp: Mlp; data: Dataset; order: Uint32Array } {
  const rng = new Prng(seed);
  const mlp = new Mlp(sizes);
  mlp.weights.forEach((w, l) => initLinear(w, mlp.biases[l]!, sizes[l]!, rng));
  const nIn = sizes[0]!;
  const nOut = sizes[sizes.length - 1]!;
  const x = Float32Array.from({ length: n * nIn }, () => rng.uniform() * 2 - 1);
  const y = Float32Array.from({ length: n * nOut }, () => rng.uniform());
  return { mlp, data: { n, nIn, nOut, x, y }, order: Uint32Array.from({ length: n }, (_, i) => i) };
}

for (const seed of [1, 2, 3]) {
  test(`backward agrees with central finite differences (seed ${seed})`, (t) => {
    const { mlp, data, order } = randomProblem(seed, [2, 4, 3, 2], 6);
    mlp.lossAndGradient(data, order, 0, data.n);
    const analytic = Float64Array.from(mlp.grads);
    const { params } = mlp;
    const h = 1e-3;
    for (let i = 0; i < params.length; i++) {
      const p0 = params[i]!;
      params[i] = p0 + h;
      const up = params[i]!;
      const lossUp = mlp.lossAndGradient(data, order, 0, data.n);
      params[i] = p0 - h;
      const down = params[i]!;
      const lossDown = mlp.lossAndGradient(data, order, 0, data.n);
      params[i] = p0;
      const numeric = (lossUp - lossDown) / (up - down);
      const a = analytic[i]!;
      t.true(Math.abs(numeric - a) <= 1e-3 + 1e-2 * Math.abs(a), `param ${i}: analytic ${a}, numeric ${numeric}`);
    }
  });
}

test('loss is the mean over batch and outputs; a subset of the order is used', (t) => {
  const { mlp, data } = randomProblem(4, [2, 3, 2], 5);
  const order = Uint32Array.from([4, 1, 3]);
  let sse = 0;
  for (const s of [1, 3]) {
    const out = mlp.forward(data.x, s * 2);
    for (let o = 0; o < 2; o++) sse += (mlp.activations[out + o]! - data.y[s * 2 + o]!) ** 2;
  }
  t.is(mlp.lossAndGradient(data, order, 1, 3), sse / 4);
});

test('bad layer sizes are rejected', (t) => {
  t.throws(() => new Mlp([2]), { instanceOf: RangeError, message: 'layerSizes must be >= 2 positive integers, got [2]' });
  t.throws(() => new Mlp([2, 0, 1]), { instanceOf: RangeError });
});
