/**
 * Real `torch.save` files (test/fixtures/make-models.py, Debian's PyTorch): a bare state_dict
 * with a transposed view, the authors' dict with storages tagged cuda:0, and bad files. Each good
 * file must give test/golden/xor-k3-s4.json's network bit for bit.
 */
import test from 'ava';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readBinaryModel } from '../../shared/model/binaryModel.js';
import { detectFormat } from '../../shared/model/readModel.js';
import { checkActivation, checkNegativeSlope, toNetworkModel } from '../../shared/model/stateDict.js';
import { ModelFileError, type RawTensor } from '../../shared/model/tensors.js';
import { readTorchFile } from '../../shared/model/torchFile.js';
import { repoRoot } from '../helpers/cli.js';
import { goldenCases } from '../helpers/golden.js';

const dir = join(repoRoot, 'test/fixtures/models');
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(dir, name)));
const golden = goldenCases().find((c) => c.name === 'xor-k3-s4')!.json.model;

// scrambled.pt holds fc1, fc3, fc2 in that order (file order would not chain); checkpoint.pt keeps
// its state_dict under 'model_state_dict' beside an optimizer's; legacy*.pt are state_dict.pt,
// authors.pt and a checkpoint whose optimizer holds tensors, in the format before PyTorch 1.6.
for (const name of ['state_dict.pt', 'authors.pt', 'scrambled.pt', 'checkpoint.pt', 'legacy.pt', 'legacy-authors.pt', 'legacy-checkpoint.pt']) {
  test(`${name} is the golden network bit for bit`, (t) => {
    const bytes = read(name);
    t.is(detectFormat(bytes), 'torch');
    const model = readBinaryModel(bytes, 'torch');
    t.deepEqual(model.layerSizes, golden.layer_sizes);
    model.weights.forEach((w, l) => t.deepEqual(Array.from(w), (golden.weights[l] as number[][]).flat().map(Math.fround), `weights[${l}]`));
    model.biases.forEach((b, l) => t.deepEqual(Array.from(b), (golden.biases[l] as number[]).map(Math.fround), `biases[${l}]`));
  });
}

test("the authors' file carries its sizes and activation, and its storages say cuda:0", (t) => {
  const bytes = read('authors.pt');
  t.true(Buffer.from(bytes).includes('cuda:0'));
  const f = readTorchFile(bytes);
  t.deepEqual(f.statedSizes, [2, 3, 3, 1]);
  t.deepEqual(readTorchFile(read('legacy-authors.pt')).statedSizes, [2, 3, 3, 1]);
  t.is(f.activation, 'leaky_relu');
  t.deepEqual([...f.tensors.keys()], ['layers.0.0.weight', 'layers.0.0.bias', 'layers.1.0.weight', 'layers.1.0.bias', 'layers.2.0.weight', 'layers.2.0.bias']);
});

const bad: [string, RegExp][] = [
  ['bad-float64.pt', /^layers\.1\.0\.weight: is float64, expected float32/],
  ['bad-nan.pt', /^layers\.1\.0\.bias: value 2 is NaN/],
  ['bad-shapes.pt', /^layers\.2\.0\.weight: takes 4 inputs but the layer before it has 3 outputs/],
  ['bad-no-bias.pt', /^layers\.0\.0\.weight: has no bias layers\.0\.0\.bias/],
  ['bad-relu.pt', /^activation: 'relu' is not supported/],
  ['bad-global.pt', /^data\.pkl: refers to the Python global posix\.system, which a state_dict does not need; refused without running it/],
  ['bad-truncated.pt', /^zip: cannot be unpacked/],
  ['bad-slope.pt', /^negative_slope: is 0\.2: the analysis computes LeakyReLU with negative slope 0\.01/],
  ['bad-legacy-truncated.pt', /^storage \d+: its \d+ elements run past the end of the file \(truncated\?\)/],
  ['bad-torchscript.pt', /^zip: is a TorchScript archive \(torch\.jit\.save\): save model\.state_dict\(\)/],
];
for (const [name, message] of bad) {
  test(`${name} is refused with one line naming the tensor or part`, (t) => {
    const err = t.throws(() => readBinaryModel(read(name), 'torch'), { instanceOf: ModelFileError });
    t.regex(err!.message, message);
    t.false(err!.message.includes('\n'));
  });
}

test('layers numbered alike are taken by number, others in file order', (t) => {
  const tensor = (out: number, inp: number): RawTensor => ({ dtype: 'float32', shape: inp ? [out, inp] : [out], bytes: new Uint8Array(4 * out * (inp || 1)) });
  const layer = (name: string, out: number, inp: number): [string, RawTensor][] => [[`${name}.weight`, tensor(out, inp)], [`${name}.bias`, tensor(out, 0)]];
  const sizes = (entries: [string, RawTensor][]): readonly number[] => toNetworkModel({ tensors: new Map(entries) }, 'file').layerSizes;
  // Square hidden layers chain in either order: the numbers decide.
  const byNumber = [...layer('fc1', 3, 2), ...layer('fc10', 1, 4), ...layer('fc3', 4, 3), ...layer('fc2', 3, 3)];
  t.deepEqual(sizes(byNumber), [2, 3, 3, 4, 1]);
  // Different stems (hidden, out): the module's registration order.
  t.deepEqual(sizes([...layer('input', 3, 2), ...layer('hidden', 4, 3), ...layer('out', 1, 4)]), [2, 3, 4, 1]);
});

test('PyTorch spellings of LeakyReLU are accepted, other activations and slopes refused', (t) => {
  for (const name of ['leaky_relu', 'LeakyReLU', 'leakyrelu', 'leaky-relu']) t.notThrows(() => checkActivation(name));
  t.throws(() => checkActivation('relu'), { instanceOf: ModelFileError, message: /'relu' is not supported/ });
  for (const slope of [0.01, '0.01', 1e-2]) t.notThrows(() => checkNegativeSlope('negative_slope', slope));
  for (const slope of [0.2, '0.2', 0.010001, 'abc', null]) t.throws(() => checkNegativeSlope('negative_slope', slope), { instanceOf: ModelFileError, message: /^negative_slope: is .*negative slope 0\.01/ });
});

test('every truncation of a torch file, either format, is a ModelFileError, never a crash', (t) => {
  for (const bytes of [read('authors.pt'), read('legacy-authors.pt')]) {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), (cut) => {
        try {
          readBinaryModel(bytes.subarray(0, cut), 'torch');
          return false;
        } catch (err) {
          return err instanceof ModelFileError;
        }
      }),
      { numRuns: 200, seed: 3 },
    );
  }
  t.pass();
});

test('a pickle naming builtins.eval is refused before anything is built', (t) => {
  // Protocol 2: GLOBAL builtins eval, a string argument, TUPLE1, REDUCE, STOP.
  const pickle = Buffer.concat([Buffer.from([0x80, 0x02]), Buffer.from('cbuiltins\neval\n'), Buffer.from([0x58, 4, 0, 0, 0]), Buffer.from('1+1)'), Buffer.from([0x85, 0x52, 0x2e])]);
  const zip = zipSync({ 'evil/data.pkl': new Uint8Array(pickle) }, { level: 0 });
  const err = t.throws(() => readBinaryModel(zip, 'torch'), { instanceOf: ModelFileError });
  t.regex(err!.message, /global builtins\.eval/);
});

test('a file that is no model is told apart by its bytes, whatever its name', (t) => {
  t.throws(() => detectFormat(new TextEncoder().encode('gates,x\n1,2\n')), { instanceOf: ModelFileError, message: /not a model file/ });
  // A pickle that does not start with torch.save's legacy magic number (pickle.dump of a dict).
  t.throws(() => detectFormat(Uint8Array.from([0x80, 0x02, 0x7d, 0x71, 0x00, 0x2e])), { instanceOf: ModelFileError, message: /a Python pickle but not a torch\.save file/ });
  t.is(detectFormat(read('legacy.pt')), 'torch');
  t.is(detectFormat(read('hand.safetensors')), 'safetensors');
  t.is(detectFormat(new TextEncoder().encode('  {"weights": []}')), 'json');
});
