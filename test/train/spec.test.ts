import test from 'ava';
import { DEFAULT_HIDDEN, defaultTrainSpec } from '../../shared/train/spec.js';

test('defaults fill every omitted field', (t) => {
  const s = defaultTrainSpec({ gates: ['XOR'] });
  t.deepEqual(
    { ...s },
    {
      gates: ['XOR'],
      hidden: [...DEFAULT_HIDDEN],
      seed: 0,
      learningRate: 0.001,
      lossTarget: 0.01,
      noiseStd: 0,
      skewed: false,
      maxEpochs: 1000,
      batchSize: 100,
      trainRepeats: 1000,
      validationRepeats: 50,
      groundingRepeats: 10,
      weightDecay: 0.01,
      patience: 3,
    },
  );
  t.true(Object.isFrozen(s));
  t.is(defaultTrainSpec({ gates: ['AND'], hidden: [4, 4], seed: 9 }).hidden[0], 4);
});

test('invalid fields are named in the error', (t) => {
  t.throws(() => defaultTrainSpec({ gates: [] }), { message: 'TrainSpec.gates must name at least one gate' });
  t.throws(() => defaultTrainSpec({ gates: ['AND'], hidden: [3, 0] }), { message: 'TrainSpec.hidden[1] must be a positive integer, got 0' });
  t.throws(() => defaultTrainSpec({ gates: ['AND'], learningRate: -1 }), { message: 'TrainSpec.learningRate must be > 0, got -1' });
  t.throws(() => defaultTrainSpec({ gates: ['AND'], batchSize: 2.5 }), { message: 'TrainSpec.batchSize must be a positive integer, got 2.5' });
});
