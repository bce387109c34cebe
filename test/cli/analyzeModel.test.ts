/**
 * `analyze MODEL`: real PyTorch and safetensors files (test/fixtures/models/, made by
 * test/fixtures/make-models.py from test/golden/xor-k3-s4.json), our JSON model and --data give
 * every count of that case's `expected`; bad files and flags get one line and exit 2.
 */
import test from 'ava';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCase } from '../../shared/case/caseFile.js';
import { modelToJson } from '../../shared/model/modelJson.js';
import { modelToSafetensors } from '../../shared/model/safetensors.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { compareOutput, goldenCases } from '../helpers/golden.js';

const xor = goldenCases().find((c) => c.name === 'xor-k3-s4')!;
const models = join(repoRoot, 'test/fixtures/models');
const tmp = mkdtempSync(join(tmpdir(), 'identifiability-models-'));
test.after.always(() => rmSync(tmp, { recursive: true, force: true }));

async function analyzeJson(t: import('ava').ExecutionContext, name: string, args: string[]): Promise<any> {
  const out = join(tmp, `${name}.json`);
  const r = await runCli(['analyze', ...args, '--json', out]);
  t.is(r.code, 0, r.stderr);
  return { json: JSON.parse(readFileSync(out, 'utf8')), stdout: r.stdout };
}

for (const file of ['authors.pt', 'state_dict.pt', 'hand.safetensors']) {
  test(`${file} --gates XOR gives every count of the case file`, async (t) => {
    const { json } = await analyzeJson(t, file, [join(models, file), '--gates', 'XOR']);
    t.deepEqual(compareOutput(json.outputs[0], xor.json.expected[0], 'formulas'), []);
    t.is(json.outputs[0].summary.kept, 54);
  });
}

test('our JSON model and --data CSV (the case\'s own samples) give the same counts', async (t) => {
  const model = join(tmp, 'model.json');
  writeFileSync(model, JSON.stringify(modelToJson(parseCase(xor.json).input.model)));
  const a = await analyzeJson(t, 'json-model', [model, '--gates', 'XOR']);
  t.deepEqual(compareOutput(a.json.outputs[0], xor.json.expected[0], 'formulas'), []);
  const csv = join(tmp, 'data.csv');
  const rows = (xor.json.data.x_val as number[][]).map((x, i) => [...x, ...(xor.json.data.y_val[i] as number[])].join(','));
  writeFileSync(csv, ['a,b,xor', ...rows].join('\n'));
  const b = await analyzeJson(t, 'data-csv', [join(models, 'authors.pt'), '--data', csv, '--gates', 'XOR']);
  t.deepEqual(compareOutput(b.json.outputs[0], xor.json.expected[0], 'formulas'), []);
  // Without --gates the outputs are named after the target columns and no formula is searched.
  const c = await analyzeJson(t, 'data-csv-nogates', [join(models, 'authors.pt'), '--data', csv]);
  t.is(c.json.outputs[0].gate, 'xor');
  t.is(c.json.outputs[0].summary.kept, 54);
  t.regex(c.stdout, /mappings: not counted: the formula search needs the gate of each output: give --gates/);
});

test('--layers 1:3 counts circuits on the recorded activations, checks consistency, and says why groundings are skipped', async (t) => {
  const { json, stdout } = await analyzeJson(t, 'layers', [join(models, 'authors.pt'), '--gates', 'XOR', '--layers', '1:3']);
  // The accuracy is the whole network's, noted before the slice.
  t.regex(stdout, /accuracy: output 0 \(XOR\): the whole network is right on 200 of 200 validation samples \(1\.000\)\nslice: layers 1:3 of \[2, 3, 3, 1\] = \[3, 3, 1\], on the activations of layer 1 for 200 samples/);
  t.regex(stdout, /consistency: the slice's outputs equal the full network's on 200 of 200 samples/);
  t.regex(stdout, /groundings: not counted: the inputs of layers 1:3 are the continuous activations of layer 1/);
  t.true(json.outputs[0].summary.kept > 0);
  t.deepEqual(json.outputs[0].formulas, []);
  // 0:3 is the whole network: the same counts as without --layers.
  const whole = await analyzeJson(t, 'layers-whole', [join(models, 'authors.pt'), '--gates', 'XOR', '--layers', '0:3']);
  t.deepEqual(compareOutput(whole.json.outputs[0], xor.json.expected[0], 'formulas'), []);
});

// Made before the table below refers to them: XOR samples as CSV, a bare Linear(2, 1).
const XOR_CSV = 'a,b,xor\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n';
const xorCsv = join(tmp, 'xor-samples.csv');
writeFileSync(xorCsv, XOR_CSV);
const authorsBytes = readFileSync(join(models, 'authors.pt'));
// A copy is the output that is the model: were the check missing, the fixture would be overwritten.
const modelCopy = join(tmp, 'copy.pt');
writeFileSync(modelCopy, authorsBytes);
const linear = join(tmp, 'linear.json');
writeFileSync(linear, JSON.stringify({ weights: [[[1, 1]]], biases: [[0]] }));

const refused: [string, string[], RegExp][] = [
  ['truncated zip', [join(models, 'bad-truncated.pt'), '--gates', 'XOR'], /bad-truncated\.pt: zip: cannot be unpacked/],
  ['other globals', [join(models, 'bad-global.pt'), '--gates', 'XOR'], /bad-global\.pt: data\.pkl: refers to the Python global posix\.system/],
  ['NaN', [join(models, 'bad-nan.pt'), '--gates', 'XOR'], /bad-nan\.pt: layers\.1\.0\.bias: value 2 is NaN/],
  ['shapes', [join(models, 'bad-shapes.pt'), '--gates', 'XOR'], /bad-shapes\.pt: layers\.2\.0\.weight: takes 4 inputs/],
  ['float64', [join(models, 'bad-float64.pt'), '--gates', 'XOR'], /layers\.1\.0\.weight: is float64/],
  ['no task', [join(models, 'authors.pt')], /authors\.pt: a model file carries no task: give --gates/],
  ['gate count', [join(models, 'authors.pt'), '--gates', 'XOR,AND'], /has 1 output but --gates names 2 gates/],
  ['case with --gates', [xor.path, '--gates', 'XOR'], /is a case file with its own task and data/],
  ['layers not ending at the output', [join(models, 'authors.pt'), '--gates', 'XOR', '--layers', '0:2'], /the slice must end at the output layer 3/],
  ['bad layers flag', [join(models, 'authors.pt'), '--gates', 'XOR', '--layers', '2:1'], /--layers.*FROM < TO/],
  ['--gates contradicted by the --data targets', [join(models, 'authors.pt'), '--data', xorCsv, '--gates', 'AND'], /xor-samples\.csv: column 3 \("xor"\) is not the truth table of --gates AND: 3 of 4 samples disagree; the column is XOR/],
  ['--seed with --data', [join(models, 'authors.pt'), '--data', xorCsv, '--seed', '3'], /--seed: applies only to --gates, which draws the samples; the samples of --data .*xor-samples\.csv are your own/],
  ['--noise-std 0 and --validation-repeats with --data', [join(models, 'authors.pt'), '--data', xorCsv, '--noise-std', '0', '--validation-repeats', '5'], /--noise-std, --validation-repeats: apply only to --gates/],
  ['--seed with a case file', [xor.path, '--seed', '1'], /is a case file with its own task and data; --seed applies to model files/],
  ['no hidden layer', [linear, '--gates', 'XOR'], /linear\.json: the network \[2, 1\] has no hidden layer: the circuit and mapping searches need at least one/],
  ['a slice with no hidden layer', [join(models, 'authors.pt'), '--gates', 'XOR', '--layers', '2:3'], /authors\.pt: --layers 2:3 leaves \[3, 1\], with no hidden layer/],
  ['--json is a directory', [join(models, 'authors.pt'), '--gates', 'XOR', '--json', tmp], /--json .*: is a directory; give a file path/],
  ['--json is the model', [modelCopy, '--gates', 'XOR', '--json', modelCopy], /--json .*copy\.pt: is the input file itself/],
  ['--json is the --data file', [join(models, 'authors.pt'), '--data', xorCsv, '--json', xorCsv], /--json .*xor-samples\.csv: is the --data file itself/],
  ['--slice-times is a directory', [join(models, 'authors.pt'), '--gates', 'XOR', '--slice-times', tmp], /--slice-times .*: is a directory/],
];
for (const [what, args, message] of refused) {
  test(`refused with one line and exit 2: ${what}`, async (t) => {
    const r = await runCli(['analyze', ...args]);
    t.is(r.code, 2, r.stdout);
    t.regex(r.stderr, message);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.is(r.stdout, '', 'refused before any work');
    // Nothing written: the inputs are intact, no temporary file is left beside them.
    t.deepEqual(readFileSync(modelCopy), authorsBytes);
    t.is(readFileSync(xorCsv, 'utf8'), XOR_CSV);
    t.deepEqual(readdirSync(models).filter((f) => f.endsWith('.tmp')), []);
  });
}

test('the whole network\'s accuracy is a note; a network that fails its task is analysed with one warning on stderr', async (t) => {
  const good = await runCli(['analyze', join(models, 'authors.pt'), '--gates', 'XOR', '--stages', 'circuits']);
  t.is(good.code, 0, good.stderr);
  t.regex(good.stdout, /^network: .*\naccuracy: output 0 \(XOR\): the whole network is right on 200 of 200 validation samples \(1\.000\)\n/);
  t.is(good.stderr, '');
  // The XOR network scored on AND: refused by nothing, warned once, even with -q.
  for (const quiet of [[], ['-q']]) {
    const bad = await runCli(['analyze', join(models, 'authors.pt'), '--gates', 'AND', '--stages', 'circuits', ...quiet]);
    t.is(bad.code, 0, bad.stderr);
    t.regex(bad.stderr, /^warning: .*authors\.pt: the whole network is right on only \d+ of 200 samples for output 0 \(AND\) \(0\.\d+\), not above the accuracy threshold 0\.99, so no circuit can be expected to pass; likely causes: an activation other than LeakyReLU\(0\.01\), layers read in a different order, or targets\/gates that do not match the network\n$/);
    if (!quiet.length) t.regex(bad.stdout, /0 kept of 3000 candidates/);
  }
  // The threshold in force is --accuracy-threshold's.
  const lenient = await runCli(['analyze', join(models, 'authors.pt'), '--gates', 'AND', '--stages', 'circuits', '--accuracy-threshold', '0', '-q']);
  t.is(lenient.stderr, '');
});

test('--data rows of the wrong width name the line', async (t) => {
  const csv = join(tmp, 'short.csv');
  writeFileSync(csv, 'a,b,y\n0,1,1\n1,1\n');
  const r = await runCli(['analyze', join(models, 'authors.pt'), '--data', csv]);
  t.is(r.code, 2);
  t.regex(r.stderr, /short\.csv: .*(line 3|Invalid Record Length)/);
});

test('a k = 4 model file gets the paper\'s sparsity filter 0.2, unless --min-sparsity says otherwise', async (t) => {
  const sizes = [2, 4, 4, 1];
  const model = join(tmp, 'k4-model.json');
  const weights = sizes.slice(1).map((n, l) => Array.from({ length: n }, (_, o) => Array.from({ length: sizes[l] as number }, (_, i) => ((o * 7 + i * 3 + l) % 5) / 4 - 0.5)));
  writeFileSync(model, JSON.stringify({ weights, biases: sizes.slice(1).map((n) => Array.from({ length: n }, (_, o) => o / 8)) }));
  const filtered = await analyzeJson(t, 'k4', [model, '--gates', 'XOR', '--stages', 'circuits']);
  t.regex(filtered.stdout, /sparsity filter: 0\.2 \(the paper's for hidden width k = 4/);
  t.is(filtered.json.outputs[0].candidates, 168672);
  const all = await analyzeJson(t, 'k4-all', [model, '--gates', 'XOR', '--stages', 'circuits', '--min-sparsity', '0']);
  t.notRegex(all.stdout, /sparsity filter/);
  t.true(all.json.outputs[0].candidates > 168672);
});

test('a two-output network as safetensors, --gates XOR,AND: both outputs equal the case file', async (t) => {
  const two = goldenCases().find((c) => c.name === 'xor+and-k3-s3')!;
  const file = join(tmp, 'two.safetensors');
  writeFileSync(file, modelToSafetensors(parseCase(two.json).input.model));
  const { json } = await analyzeJson(t, 'two', [file, '--gates', 'XOR,AND']);
  t.is(json.outputs.length, 2);
  json.outputs.forEach((o: any, i: number) => t.deepEqual(compareOutput(o, two.json.expected[i], 'formulas'), [], `output ${i}`));
});

test('--data JSON gives the CSV\'s counts; a NaN in it names the sample', async (t) => {
  const file = join(tmp, 'data.json');
  writeFileSync(file, JSON.stringify({ x: xor.json.data.x_val, y: xor.json.data.y_val }));
  const { json } = await analyzeJson(t, 'data-json', [join(models, 'authors.pt'), '--data', file, '--gates', 'XOR']);
  t.deepEqual(compareOutput(json.outputs[0], xor.json.expected[0], 'formulas'), []);
  const bad = join(tmp, 'nan.json');
  writeFileSync(bad, JSON.stringify({ x: [[0, 1], [1, 1]], y: [[1], [0]] }).replace('[1,1]', '[1,NaN]'));
  const r = await runCli(['analyze', join(models, 'authors.pt'), '--data', bad]);
  t.is(r.code, 2);
  t.regex(r.stderr, /nan\.json: x\[1\]\[1\]: expected a finite number, got NaN/);
});

test('a layer wider than 8 is refused with a pointer to --layers; a slice of it is analysed', async (t) => {
  const sizes = [2, 9, 3, 3, 1];
  const model = join(tmp, 'wide-model.json');
  const weights = sizes.slice(1).map((n, l) => Array.from({ length: n }, (_, o) => Array.from({ length: sizes[l] as number }, (_, i) => ((o + 2 * i + l) % 3) - 1)));
  writeFileSync(model, JSON.stringify({ weights, biases: sizes.slice(1).map((n) => new Array(n).fill(0.5)) }));
  const r = await runCli(['analyze', model, '--gates', 'XOR']);
  t.is(r.code, 2);
  t.regex(r.stderr, /layer 1 has 9 units; .* analyse a narrower slice with --layers FROM:TO/);
  const slice = await runCli(['analyze', model, '--gates', 'XOR', '--layers', '2:4', '--accuracy-threshold', '0']);
  t.is(slice.code, 0, slice.stderr);
  t.regex(slice.stdout, /= \[3, 3, 1\]/);
});

test('a full adder saved as safetensors by a study: --gates PARITY,MAJORITY --seed S gives the counts of its case file', async (t) => {
  const out = join(tmp, 'adder-run');
  const r = await runCli(['run', '--gates', 'PARITY,MAJORITY', '--experiments', '2', '--seed', '1', '--save-models', 'safetensors', '--threads', '1', '--out', out, '-q']);
  t.is(r.code, 0, r.stderr);
  const seed = 1; // network 0000 of the study has the first seed
  const fromCase = await analyzeJson(t, 'adder-case', [join(out, 'networks', '0000.json')]);
  const fromModel = await analyzeJson(t, 'adder-model', [join(out, 'networks', '0000.safetensors'), '--gates', 'parity,majority', '--seed', String(seed)]);
  t.deepEqual(fromModel.json.outputs.map((o: any) => o.gate), ['PARITY', 'MAJORITY']);
  t.deepEqual(fromModel.json.outputs, fromCase.json.outputs);
  const wrong = await runCli(['analyze', join(out, 'networks', '0000.safetensors'), '--gates', 'XOR,AND']);
  t.is(wrong.code, 2);
  t.regex(wrong.stderr, /the network has 3 inputs but --gates XOR,AND take 2/);
  const mixed = await runCli(['analyze', join(out, 'networks', '0000.safetensors'), '--gates', 'XOR,MAJORITY']);
  t.is(mixed.code, 2);
  t.regex(mixed.stderr, /--gates: gates XOR \(2 inputs\) and MAJORITY \(3 inputs\) cannot share one network/);
  t.is(mixed.stderr.trim().split('\n').length, 1, mixed.stderr);
});

test('check and show take a model file with --gates like analyze: the same verdict and page data as the case file', async (t) => {
  const c = xor.json.expected[0].circuits[3] as { node_masks: number[][]; edge_masks: number[][][] };
  const circuit = join(tmp, 'circuit.json');
  writeFileSync(circuit, JSON.stringify({ node_masks: c.node_masks, edge_masks: c.edge_masks }));
  const verdict = async (args: string[]): Promise<unknown> => {
    const out = join(tmp, `check-${args.length}.json`);
    const r = await runCli(['check', ...args, '--circuit', circuit, '--json', out]);
    t.is(r.code, 0, r.stderr);
    return JSON.parse(readFileSync(out, 'utf8'));
  };
  const fromModel = await verdict([join(models, 'authors.pt'), '--gates', 'XOR']);
  t.deepEqual(fromModel, await verdict([xor.path]));
  t.is((fromModel as any).outputs[0].valid_circuits, 54);
  const { casePayload } = await import('../../cli/showCase.js');
  const page = await casePayload(join(models, 'authors.pt'), { gates: ['XOR'] });
  const fromCase = await casePayload(xor.path, {});
  t.deepEqual(page.outputs, fromCase.outputs);
  const bad = await runCli(['check', join(models, 'authors.pt'), '--circuit', circuit]);
  t.is(bad.code, 2);
  t.is(bad.stderr.trim().split('\n').length, 1);
});
