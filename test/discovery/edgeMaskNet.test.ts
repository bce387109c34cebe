/** The edge-mask gradients equal central finite differences on random networks and masks. */
import test from 'ava';
import fc from 'fast-check';
import { edgeLayout } from '../../shared/check/edgeSet.js';
import { edgeGradients, forward } from '../../shared/discovery/edgeMaskNet.js';
import { distance, distanceSlope } from '../../shared/discovery/outputDistance.js';
import { forwardAll } from '../../shared/engine/network.js';
import { distinctSamples } from '../../shared/engine/samples.js';
import { mulberry32, randomCase } from '../helpers/randomNetwork.js';

test('edgeGradients equals finite differences of the mean distance (kl and mse)', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom<number[]>([2, 2, 1], [2, 3, 2, 1], [2, 2, 2, 2, 1]), fc.constantFrom('kl' as const, 'mse' as const), fc.boolean(), (seed, shape, kind, identity) => {
      const base = randomCase(seed, shape, ['XOR'], false).input;
      const input = identity ? { ...base, model: { ...base.model, outputActivation: 'identity' as const } } : base;
      const layout = edgeLayout(shape);
      const samples = distinctSamples(input.validation, 0);
      const rand = mulberry32(seed);
      const mask = Float64Array.from({ length: layout.total }, () => 0.2 + 0.6 * rand());
      const loss = (m: Float64Array): number => {
        const out = forward(input.model, layout, m, samples).out;
        let s = 0;
        for (let p = 0; p < samples.count; p++) s += (samples.weight[p] as number) * distance(kind, out[p] as number, samples.y[p] as number);
        return s / samples.total;
      };
      const pass = forward(input.model, layout, mask, samples);
      const grad = edgeGradients(input.model, layout, mask, samples, pass, Float64Array.from(pass.out, (o, p) => distanceSlope(kind, o, samples.y[p] as number)));
      const h = 1e-6;
      return Array.from(grad).every((g, e) => {
        const up = mask.slice();
        const down = mask.slice();
        up[e] = (up[e] as number) + h;
        down[e] = (down[e] as number) - h;
        const fd = (loss(up) - loss(down)) / (2 * h);
        return Math.abs(fd - g) <= 1e-5 + 1e-4 * Math.abs(fd);
      });
    }),
    { numRuns: 60, seed: 5 },
  );
  t.pass();
});

test('with every edge kept, the pass gives the network\'s own output, LeakyReLU or identity output layer', (t) => {
  let negative = 0;
  for (let seed = 0; seed < 20; seed++) {
    for (const identity of [false, true]) {
      const base = randomCase(seed, [2, 3, 2, 1], ['XOR'], false).input;
      const model = identity ? { ...base.model, outputActivation: 'identity' as const } : base.model;
      const samples = distinctSamples(base.validation, 0);
      const layout = edgeLayout(model.layerSizes);
      const out = forward(model, layout, new Float64Array(layout.total).fill(1), samples).out;
      for (let p = 0; p < samples.count; p++) {
        const want = (forwardAll(model, samples.x.subarray(p * 2, p * 2 + 2))[3] as Float32Array)[0] as number;
        t.true(Math.abs((out[p] as number) - want) <= 1e-5, `seed ${seed} identity ${identity} sample ${p}: ${out[p]} vs ${want}`);
        if (identity && want < -1e-3) negative++;
      }
    }
  }
  t.true(negative > 0, 'some identity output is negative, where the two activations differ');
});
