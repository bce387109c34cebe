import test from 'ava';
import { CaseFileError, parseCase } from '../../shared/case/caseFile.js';
import { goldenCases } from '../helpers/golden.js';

const xor = goldenCases().find((c) => c.name === 'xor-k3-s4')!.json;

/** The golden case with one edit applied. */
function edited(edit: (json: any) => unknown): unknown {
  const json = structuredClone(xor);
  const replaced = edit(json);
  return replaced === undefined ? json : replaced;
}

test('a golden case parses, config settings carried over, unknown config keys ignored', (t) => {
  const { input, config } = parseCase(edited((j) => void (j.config.comment = 'anything')));
  t.deepEqual(input.gates, ['XOR']);
  t.deepEqual(input.model.layerSizes, [2, 3, 3, 1]);
  t.is(input.validation.n, xor.data.x_val.length);
  t.deepEqual(config, { minSparsity: 0, accuracyThreshold: 0.99, formulaMaxDepth: 3, iiaPairs: 'lexicographic' });
});

const bad: [string, (json: any) => unknown, string][] = [
  ['not an object', () => [], 'expected an object, got an array of length 0'],
  ['a missing part', (j) => void delete j.model, 'model: expected an object, got nothing'],
  ['no gates', (j) => void (j.config.gates = []), 'config.gates: expected at least one gate'],
  ['an unknown gate', (j) => void (j.config.gates = ['XAND']), 'config.gates[0]: unknown gate "XAND" (expected AND, OR, IMP, NAND, NOR, NIMP, XOR, MAJORITY, PARITY or tt: followed by 4, 8 or 16 outputs (0 or 1))'],
  ['a zero layer size', (j) => void (j.model.layer_sizes[1] = 0), 'model.layer_sizes[1]: expected a positive integer, got 0'],
  ['a weight that is text', (j) => void (j.model.weights[0][1][0] = 'x'), 'model.weights[0][1][0]: expected a finite float32 number (|x| < 3.4e38), got "x"'],
  ['a weight past float32', (j) => void (j.model.weights[1][0][0] = 1e39), 'model.weights[1][0][0]: expected a finite float32 number (|x| < 3.4e38), got 1e+39'],
  ['a sparsity above 1', (j) => void (j.config.min_sparsity = 2), 'config.min_sparsity: expected a number in [0, 1], got 2'],
  ['a formula depth too deep', (j) => void (j.config.formula_max_depth = 7), 'config.formula_max_depth: expected an integer in [0, 6], got 7'],
  ['an unknown IIA mode', (j) => void (j.config.iia_pairs = 'some'), 'config.iia_pairs: expected one of "lexicographic", "all-pairs", got "some"'],
  ['another activation', (j) => void (j.model.activation = 'relu'), 'model.activation: expected one of "leaky_relu", got "relu"'],
  ['another activation in its config', (j) => void (j.config.activation = 'tanh'), 'config.activation: expected one of "leaky_relu", got "tanh"'],
  ['another LeakyReLU slope', (j) => void (j.config.negative_slope = 0.2), 'config.negative_slope: expected 0.01 (the only LeakyReLU slope the analysis computes), got 0.2'],
  ['no grounding samples', (j) => void (j.data.x_tt = []), 'data.x_tt: expected at least one sample'],
  ['a gate not written canonically', (j) => void (j.config.gates = ['xor']), 'config.gates[0]: gate "xor" must be written "XOR"'],
  ['a gate of another arity than the inputs', (j) => void (j.config.gates = ['MAJORITY']), 'model.layer_sizes[0]: expected 3 inputs (the arity of MAJORITY), got 2'],
  ['a truth table of the wrong length', (j) => void (j.config.gates = ['tt:01101']), 'config.gates[0]: gate "tt:01101": a truth table has 4, 8 or 16 outputs (2, 3 or 4 inputs), got 5'],
  ['a row of the wrong width', (j) => void (j.model.weights[1][2] = [1, 2]), 'model.weights[1][2]: expected 3 numbers, got 2'],
];

for (const [name, edit, message] of bad) {
  test(`a case file with ${name} is refused naming the field`, (t) => {
    t.throws(() => parseCase(edited(edit)), { instanceOf: CaseFileError, message });
  });
}

test('a truth-table gate names the same task as its named gate', (t) => {
  const { input } = parseCase(edited((j) => void (j.config.gates = ['tt:0110'])));
  t.deepEqual(input.gates, ['tt:0110']);
});

test('model.output_activation: identity reaches the model; leaky_relu or absent is the paper\'s; anything else is refused', (t) => {
  t.is(parseCase(edited((j) => void (j.model.output_activation = 'identity'))).input.model.outputActivation, 'identity');
  t.is(parseCase(edited((j) => void (j.model.output_activation = 'leaky_relu'))).input.model.outputActivation, undefined);
  t.is(parseCase(xor).input.model.outputActivation, undefined);
  t.throws(() => parseCase(edited((j) => void (j.model.output_activation = 'relu'))), { instanceOf: CaseFileError, message: /model\.output_activation/ });
});
