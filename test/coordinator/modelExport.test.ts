/** `run --save-models safetensors`: every trained network beside its case file, the same weights bit for bit. */
import test from 'ava';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCase } from '../../shared/case/caseFile.js';
import { readSafetensors } from '../../shared/model/safetensors.js';
import { readBinaryModel } from '../../shared/model/binaryModel.js';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'identifiability-export-'));
test.after.always(() => rmSync(tmp, { recursive: true, force: true }));

test('each network is written as safetensors with the authors\' keys and the case file\'s weights', async (t) => {
  const out = join(tmp, 'run');
  const r = await runCli(['run', '--gates', 'XOR,AND', '--experiments', '3', '--sizes', '2', '--out', out, '--save-models', 'safetensors']);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /\(3 networks also as \.safetensors\)/);
  const files = readdirSync(join(out, 'networks')).sort();
  t.deepEqual(files.filter((f) => f.endsWith('.safetensors')), ['0000.safetensors', '0001.safetensors', '0002.safetensors']);
  for (const f of files.filter((x) => x.endsWith('.safetensors'))) {
    const bytes = new Uint8Array(readFileSync(join(out, 'networks', f)));
    const { tensors, metadata } = readSafetensors(bytes);
    t.deepEqual([...tensors.keys()], ['layers.0.0.weight', 'layers.0.0.bias', 'layers.1.0.weight', 'layers.1.0.bias', 'layers.2.0.weight', 'layers.2.0.bias']);
    t.is(metadata.gates, 'XOR,AND');
    const fromCase = parseCase(JSON.parse(readFileSync(join(out, 'networks', f.replace('.safetensors', '.json')), 'utf8'))).input.model;
    t.deepEqual(readBinaryModel(bytes, 'safetensors'), fromCase);
  }
});

test('an unknown format is refused with one line', async (t) => {
  const r = await runCli(['run', '--experiments', '1', '--out', join(tmp, 'bad'), '--save-models', 'onnx']);
  t.is(r.code, 2);
  t.regex(r.stderr, /--save-models.*onnx/);
});
