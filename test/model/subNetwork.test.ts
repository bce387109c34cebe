/** `--layers FROM:TO`: slices, recorded activations and the consistency check. */
import test from 'ava';
import { forwardAll } from '../../shared/engine/network.js';
import { binaryInputs, recordActivations, sliceConsistency, sliceModel } from '../../shared/model/subNetwork.js';
import { randomCase } from '../helpers/randomNetwork.js';

test('a slice fed the recorded activations computes the full network, for every FROM', (t) => {
  for (let seed = 0; seed < 20; seed++) {
    const { input } = randomCase(seed, [2, 3, 2, 3, 1], ['XOR'], seed % 2 === 1);
    const L = input.model.layerSizes.length - 1;
    for (let from = 0; from < L; from++) {
      const c = sliceConsistency(input.model, from, input.validation);
      t.is(c.equal, c.total, `seed ${seed} from ${from}`);
      const acts = recordActivations(input.model, from, input.validation);
      t.is(acts.nIn, input.model.layerSizes[from] as number);
      const slice = sliceModel(input.model, from, L);
      const i = seed % input.validation.n;
      const sub = forwardAll(slice, acts.x.subarray(i * acts.nIn, (i + 1) * acts.nIn));
      const full = forwardAll(input.model, input.validation.x.subarray(i * 2, i * 2 + 2));
      t.deepEqual(sub[sub.length - 1], full[full.length - 1]);
    }
  }
});

test('slices out of range are refused; binary inputs are told apart', (t) => {
  const { input } = randomCase(1, [2, 2, 1], ['AND'], false);
  t.throws(() => sliceModel(input.model, 1, 3), { instanceOf: RangeError });
  t.throws(() => sliceModel(input.model, 2, 2), { instanceOf: RangeError });
  t.true(binaryInputs(input.validation));
  t.false(binaryInputs(recordActivations(input.model, 1, input.validation)));
});
