/** Fixed-epoch training (the MNIST demo's): deterministic from the seed, and it learns. */
import test from 'ava';
import type { Dataset } from '../../shared/engine/types.js';
import { trainFixedEpochs } from '../../shared/train/trainOnData.js';

/** Points in the unit square labelled by x0 > x1: learnable by a small MLP. */
function halfPlane(n: number): Dataset {
  const x = new Float32Array(n * 2);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = ((i * 37) % 101) / 101;
    x[2 * i + 1] = ((i * 59) % 103) / 103;
    y[i] = (x[2 * i] as number) > (x[2 * i + 1] as number) ? 1 : 0;
  }
  return { n, nIn: 2, nOut: 1, x, y };
}

const spec = { layerSizes: [2, 8, 1], epochs: 30, batchSize: 16, learningRate: 1e-2, weightDecay: 0, seed: 4 };

test('the same seed gives the same network bit for bit; another seed another', (t) => {
  const data = halfPlane(200);
  const a = trainFixedEpochs(spec, data);
  const b = trainFixedEpochs(spec, data);
  t.deepEqual(a.model, b.model);
  t.deepEqual(a.epochLosses, b.epochLosses);
  t.notDeepEqual(trainFixedEpochs({ ...spec, seed: 5 }, data).model, a.model);
});

test('it runs exactly the given epochs and the loss falls', (t) => {
  const r = trainFixedEpochs(spec, halfPlane(200));
  t.is(r.epochLosses.length, 30);
  t.true((r.epochLosses.at(-1) as number) < (r.epochLosses[0] as number) / 2, JSON.stringify(r.epochLosses));
  t.true(r.trainAccuracy > 0.9);
});

test('data that does not fit the network is refused', (t) => {
  t.throws(() => trainFixedEpochs({ ...spec, layerSizes: [3, 2, 1] }, halfPlane(10)), { instanceOf: RangeError });
});
