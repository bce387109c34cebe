import test from 'ava';
import { accuracy, roundHalfEven } from '../../shared/train/accuracy.js';
import { Mlp } from '../../shared/train/mlp.js';

test('roundHalfEven rounds halves to the even neighbour', (t) => {
  t.deepEqual([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49, 0.51, -0.6].map(roundHalfEven).map((v) => v + 0), [-2, -2, 0, 0, 2, 2, 0, 1, -1]);
});

test('accuracy counts a sample only when every output rounds to its target', (t) => {
  // Outputs are the biases: 0.5 rounds to 0 and 1.5 to 2, so targets [0, 2] are right.
  const mlp = new Mlp([2, 2]);
  mlp.biases[0]!.set([0.5, 1.5]);
  const x = new Float32Array(6);
  const y = new Float32Array([0, 2, 0, 1, 1, 2]);
  t.is(accuracy(mlp, { n: 3, nIn: 2, nOut: 2, x, y }), 1 / 3);
});
