import test from 'ava';
import { compileAnalysisOptions, OptionsError } from '../../shared/engine/options.js';
import type { NetworkModel } from '../../shared/engine/types.js';

const shape = (layerSizes: number[]): NetworkModel => ({ layerSizes, weights: [], biases: [] });

test('formula depth defaults to hidden layers + 1, capped at the deepest for the input count', (t) => {
  t.is(compileAnalysisOptions({}, shape([2, 3, 3, 1])).formulaMaxDepth, 3);
  t.is(compileAnalysisOptions({}, shape([2, 3, 3, 3, 1])).formulaMaxDepth, 4);
  t.is(compileAnalysisOptions({}, shape([2, 3, 3, 3, 3, 1])).formulaMaxDepth, 4);
  t.is(compileAnalysisOptions({}, shape([3, 3, 3, 2])).formulaMaxDepth, 3);
  t.is(compileAnalysisOptions({}, shape([3, 3, 3, 3, 1])).formulaMaxDepth, 3);
  t.is(compileAnalysisOptions({}, shape([4, 3, 1])).formulaMaxDepth, 2);
});

test('an explicit formula depth past the cap is refused, saying why', (t) => {
  t.is(compileAnalysisOptions({ formulaMaxDepth: 4 }, shape([2, 3, 3, 1])).formulaMaxDepth, 4);
  t.throws(() => compileAnalysisOptions({ formulaMaxDepth: 5 }, shape([2, 3, 3, 1])), { instanceOf: OptionsError, message: 'formulaMaxDepth must be an integer in [0, 4], got 5' });
  t.throws(() => compileAnalysisOptions({ formulaMaxDepth: 4 }, shape([3, 3, 3, 1])), {
    instanceOf: OptionsError,
    message: 'formulaMaxDepth must be an integer in [0, 3] with 3 inputs (one more level has millions of candidate formulas), got 4',
  });
});
