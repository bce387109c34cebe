/**
 * `run --preset mnist` (one epoch here, to stay fast): the run directory holds the network as
 * safetensors and the validation samples as CSV, and `analyze` on them gives the preset's count.
 */
import test from 'ava';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'identifiability-mnist-'));
test.after.always(() => rmSync(tmp, { recursive: true, force: true }));

test('the preset trains, slices and counts; analyze on its files gives the same count', async (t) => {
  const out = join(tmp, 'run');
  const r = await runCli(['run', '--preset', 'mnist', '--epochs', '1', '--out', out], { timeoutMs: 240_000 });
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /consistency: the slice's outputs equal the full network's on 426 of 426 samples/);
  const quiet = await runCli(['run', '--preset', 'mnist', '--epochs', '1', '--out', join(tmp, 'quiet'), '-q'], { timeoutMs: 240_000 });
  t.is(quiet.code, 0, quiet.stderr);
  t.is(quiet.stdout, '');
  // The same seed trains the same network: -q changes nothing but the output.
  const [loud, silent] = [out, join(tmp, 'quiet')].map((d) => JSON.parse(readFileSync(join(d, 'mnist.json'), 'utf8')));
  t.deepEqual([silent.circuits.kept, silent.circuits.candidates, silent.slice.consistency], [loud.circuits.kept, loud.circuits.candidates, loud.slice.consistency]);
  const summary = JSON.parse(readFileSync(join(out, 'mnist.json'), 'utf8'));
  t.deepEqual(summary.layer_sizes, [784, 128, 128, 3, 3, 3, 1]);
  t.is(summary.training.epoch_losses.length, 1);
  t.is(summary.slice.consistency, "consistency: the slice's outputs equal the full network's on 426 of 426 samples");
  t.regex(r.stdout, new RegExp(`mnist: ${summary.circuits.kept} circuits of the last three layers kept of ${summary.circuits.candidates}`));
  const again = await runCli(['analyze', join(out, 'network.safetensors'), '--data', join(out, 'validation.csv'), '--layers', '3:6', '--json', join(tmp, 'again.json')], { timeoutMs: 120_000 });
  t.is(again.code, 0, again.stderr);
  const json = JSON.parse(readFileSync(join(tmp, 'again.json'), 'utf8'));
  t.is(json.outputs[0].summary.kept, summary.circuits.kept);
  t.is(json.outputs[0].gate, 'digit');
});

test('study flags that the demo does not take are refused with one line', async (t) => {
  const r = await runCli(['run', '--preset', 'mnist', '--gates', 'XOR', '--out', join(tmp, 'no')]);
  t.is(r.code, 2);
  t.regex(r.stderr, /--preset mnist takes --seed, --epochs, --out and -q only, not gates/);
});
