/**
 * The checks of a model file against its task (cli/modelChecks.ts): the whole network's accuracy
 * as the circuit search scores it, gates that their data's targets contradict, a network with no
 * hidden layer, and the drawing flags of --gates.
 */
import test from 'ava';
import { parseCase } from '../../shared/case/caseFile.js';
import type { Dataset } from '../../shared/engine/types.js';
import { accuracyReport, checkGatesMatchTargets, columnGate, gateSetFlagsGiven, requireHiddenLayer } from '../../cli/modelChecks.js';
import { UsageError } from '../../cli/errors.js';
import { goldenCases } from '../helpers/golden.js';

const xor = parseCase(goldenCases().find((c) => c.name === 'xor-k3-s4')!.json).input;

/** The four patterns of two inputs, `repeat` times each, with the targets `ys[p]` per output. */
function patterns(ys: number[][], repeat = 1): Dataset {
  const rows = Array.from({ length: 4 * repeat }, (_, s) => s % 4);
  const nOut = ys.length;
  return {
    n: rows.length,
    nIn: 2,
    nOut,
    x: Float32Array.from(rows.flatMap((p) => [p >> 1, p & 1])),
    y: Float32Array.from(rows.flatMap((p) => ys.map((col) => col[p] as number))),
  };
}

test('accuracyReport: the golden XOR network is right on every validation sample: a note, no warning', (t) => {
  const r = accuracyReport('m.pt', xor.model, xor.validation, ['XOR'], 0.99);
  t.deepEqual(r.notes, [`accuracy: output 0 (XOR): the whole network is right on ${xor.validation.n} of ${xor.validation.n} validation samples (1.000)`]);
  t.is(r.warning, null);
});

test('accuracyReport: targets the network does not compute give one warning line naming the likely causes', (t) => {
  const and = patterns([[0, 0, 0, 1]], 5);
  const r = accuracyReport('m.pt', xor.model, and, ['AND'], 0.99);
  t.is(r.notes.length, 1);
  t.regex(r.notes[0]!, /right on 5 of 20 validation samples \(0\.250\)/);
  t.regex(r.warning!, /^warning: m\.pt: the whole network is right on only 5 of 20 samples for output 0 \(AND\) \(0\.250\), not above the accuracy threshold 0\.99, so no circuit can be expected to pass; likely causes: an activation other than LeakyReLU\(0\.01\), layers read in a different order, or targets\/gates that do not match the network$/);
  t.false(r.warning!.includes('\n'));
  // Targets -1/2 are accepted by --data; no rounded output of this network meets them.
  t.regex(accuracyReport('m.pt', xor.model, patterns([[-1, 2, 2, -1]]), ['y'], 0.99).warning!, /right on only 0 of 4 samples/);
});

test('accuracyReport: the threshold in force decides, strictly above it as the search keeps a circuit', (t) => {
  const almost = patterns([[0, 1, 1, 0]], 25); // 100 samples, all right...
  const wrongOnce = { ...almost, y: Float32Array.from(almost.y, (v, i) => (i === 0 ? 1 : v)) }; // ...but one: 0.99
  t.not(accuracyReport('m.pt', xor.model, wrongOnce, ['XOR'], 0.99).warning, null, '0.99 is not above 0.99');
  t.is(accuracyReport('m.pt', xor.model, wrongOnce, ['XOR'], 0.98).warning, null);
});

test('columnGate names the gate a column holds: a named one, else a complete tt: table, else none', (t) => {
  t.is(columnGate(patterns([[0, 1, 1, 0]]), 0), 'XOR');
  t.is(columnGate(patterns([[0, 0, 0, 1]]), 0), 'AND');
  t.is(columnGate(patterns([[1, 0, 0, 0]]), 0), 'NOR');
  t.is(columnGate(patterns([[0, 1, 0, 0]]), 0), 'tt:0100');
  t.is(columnGate(patterns([[0, 2, 2, 0]]), 0), null);
  const inconsistent = { ...patterns([[0, 1, 1, 0]], 2) };
  const y = Float32Array.from(inconsistent.y);
  y[4] = 1; // pattern 00 is 0 once and 1 once
  t.is(columnGate({ ...inconsistent, y }, 0), null);
});

test('checkGatesMatchTargets: a gate its column contradicts is refused, naming the column, the count and the gate it holds', (t) => {
  const data = patterns([[0, 1, 1, 0], [0, 0, 0, 1]], 5);
  t.notThrows(() => checkGatesMatchTargets('d.csv', data, ['XOR', 'AND'], ['column 3 ("xor")', 'column 4 ("and")']));
  t.throws(() => checkGatesMatchTargets('d.csv', data, ['XOR', 'OR'], ['column 3 ("xor")', 'column 4 ("and")']), {
    instanceOf: UsageError,
    message: 'd.csv: column 4 ("and") is not the truth table of --gates OR: 10 of 20 samples disagree; the column is AND (the targets are scored; --gates only names the outputs for the formula search)',
  });
  t.throws(() => checkGatesMatchTargets('d.json', patterns([[0, 2, 2, 0]]), ['XOR'], ['y[*][0]']), { instanceOf: UsageError, message: /^d\.json: y\[\*\]\[0\] is not the truth table of --gates XOR: 2 of 4 samples disagree \(/ });
});

test('requireHiddenLayer: a bare Linear or a slice of the last layer only is refused, naming the slice', (t) => {
  t.notThrows(() => requireHiddenLayer('m.pt', [2, 3, 1]));
  t.throws(() => requireHiddenLayer('m.pt', [2, 1]), { instanceOf: UsageError, message: 'm.pt: the network [2, 1] has no hidden layer: the circuit and mapping searches need at least one' });
  t.throws(() => requireHiddenLayer('m.pt', [3, 1], { from: 2, to: 3 }), { instanceOf: UsageError, message: /^m\.pt: --layers 2:3 leaves \[3, 1\], with no hidden layer/ });
});

test('gateSetFlagsGiven names the drawing flags that were given, 0 included', (t) => {
  t.deepEqual(gateSetFlagsGiven({}), []);
  t.deepEqual(gateSetFlagsGiven({ seed: 0, groundingRepeats: 3 }), ['--seed', '--grounding-repeats']);
  t.deepEqual(gateSetFlagsGiven({ noiseStd: 0, validationRepeats: 1 }), ['--noise-std', '--validation-repeats']);
});
