/** The edge-mask gradients equal central finite differences on random networks and masks. */
import test from 'ava';
import fc from 'fast-check';
import { edgeLayout } from '../../shared/check/edgeSet.js';
import { edgeGradients, forward } from '../../shared/discovery/edgeMaskNet.js';
import { distance, distanceSlope } from '../../shared/discovery/outputDistance.js';
import { distinctSamples } from '../../shared/engine/samples.js';
import { mulberry32, randomCase } from '../helpers/randomNetwork.js';

test('edgeGradients equals finite differences of the mean distance (kl and mse)', (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom<number[]>([2, 2, 1], [2, 3, 2, 1], [2, 2, 2, 2, 1]), fc.constantFrom('kl' as const, 'mse' as const), (seed, shape, kind) => {
      const { input } = randomCase(seed, shape, ['XOR'], false);
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
