/** `discover` end to end: every returned circuit carries check's verdict, consistent with the golden list. */
import test from 'ava';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runCli } from '../helpers/cli.js';
import { goldenCases } from '../helpers/golden.js';
import { tempDir } from '../helpers/tempDir.js';

const tmp = tempDir('identifiability-discover-');
const and = goldenCases().find((c) => c.name === 'and-k3-s0')!;

for (const method of ['acdc', 'eap', 'masks']) {
  test(`discover --method ${method} judges every returned circuit like the golden list`, async (t) => {
    const out = join(tmp, `${method}.json`);
    const r = await runCli(['discover', and.path, '--method', method, '--distance', 'mse', '--json', out]);
    t.is(r.code, 0, r.stderr);
    const listed = new Set(and.json.expected[0].circuits.map((c: any) => JSON.stringify([c.node_masks, c.edge_masks])));
    const o = JSON.parse(readFileSync(out, 'utf8')).outputs[0];
    t.is(o.valid_circuits, listed.size);
    t.true(o.runs.length > 0);
    for (const run of o.runs) t.is(run.valid, listed.has(JSON.stringify([run.node_masks, run.edge_masks])), `threshold ${run.threshold}`);
    t.true(o.runs.some((run: any) => run.valid), 'some threshold returns a valid circuit');
  });
}

test('discover without --method is a usage error', async (t) => {
  const r = await runCli(['discover', and.path]);
  t.is(r.code, 2);
  t.regex(r.stderr, /--method/);
});

test('discover on a model file says it reads case files, not a JSON syntax error at the first byte', async (t) => {
  const r = await runCli(['discover', join(repoRoot, 'test/fixtures/models/authors.pt'), '--method', 'acdc']);
  t.is(r.code, 2);
  t.regex(r.stderr, /authors\.pt: is not a case file \(a JSON object with config, model and data\); model files .* are read by analyze, show and check/);
});

test('discover --method eap with a fractional top-k is a usage error', async (t) => {
  const r = await runCli(['discover', and.path, '--method', 'eap', '--thresholds', '2.5']);
  t.is(r.code, 2);
  t.regex(r.stderr, /--thresholds: .*positive integer/);
  t.is(r.stderr.trim().split('\n').length, 1);
});

test('discover --json that is a directory or the case file is refused before the sweep, one line', async (t) => {
  // A copy: were the check missing, the golden case would be overwritten.
  const copy = join(tmp, 'and.json');
  copyFileSync(and.path, copy);
  for (const [out, message] of [[tmp, /--json .*: is a directory; give a file path/], [copy, /--json .*and\.json: is the input file itself/]] as const) {
    const r = await runCli(['discover', copy, '--method', 'eap', '--json', out]);
    t.is(r.code, 2);
    t.regex(r.stderr, message);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  t.deepEqual(readFileSync(copy), readFileSync(and.path));
});
