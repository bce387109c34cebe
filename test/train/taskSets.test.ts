/** `analyze MODEL --gates` draws the validation and grounding sets a study network of the same seed gets. */
import test from 'ava';
import { defaultTrainSpec, trainNetwork } from '../../shared/train/index.js';
import { gateTaskSets } from '../../shared/train/taskSets.js';

for (const [gates, noiseStd, seed] of [[['XOR'], 0, 0], [['XOR', 'AND'], 0, 7], [['OR'], 0.1, 3]] as const) {
  test(`the sets equal trainNetwork's for ${gates.join(',')}, noise ${noiseStd}, seed ${seed}`, (t) => {
    // One tiny epoch: the evaluation sets come from their own streams, whatever the training does.
    const trained = trainNetwork(defaultTrainSpec({ gates, noiseStd, seed, trainRepeats: 1, maxEpochs: 1, validationRepeats: 5, groundingRepeats: 3 }));
    const sets = gateTaskSets({ gates, noiseStd, seed, validationRepeats: 5, groundingRepeats: 3 });
    t.deepEqual(sets.validation, trained.validation);
    t.deepEqual(sets.grounding, trained.grounding);
  });
}

test('the defaults are the study defaults: 50 and 10 repeats, clean, seed 0', (t) => {
  const sets = gateTaskSets({ gates: ['XOR'] });
  t.is(sets.validation.n, 200);
  t.is(sets.grounding.n, 40);
  t.deepEqual(sets.validation, trainNetwork(defaultTrainSpec({ gates: ['XOR'], trainRepeats: 1, maxEpochs: 1 })).validation);
});
