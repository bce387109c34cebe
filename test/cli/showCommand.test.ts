import test from 'ava';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultPagePath } from '../../cli/showCase.js';
import { runCli } from '../helpers/cli.js';
import { goldenDir } from '../helpers/golden.js';

const tmp = mkdtempSync(join(tmpdir(), 'identifiability-show-'));
test.after.always(() => rmSync(tmp, { recursive: true, force: true }));

test('show writes one offline page beside the case by default, and says where', async (t) => {
  const file = join(tmp, 'xor.json');
  copyFileSync(join(goldenDir, 'xor-k3-s4.json'), file);
  const r = await runCli(['show', file]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /output 0 \(XOR\): 54 circuits \(54 drawn\), 10 of 56 formulas with a minimal mapping/);
  t.regex(r.stdout, new RegExp(`wrote ${join(tmp, 'xor.html')}`));
  const html = readFileSync(join(tmp, 'xor.html'), 'utf8');
  // Offline: no resource is loaded from anywhere (the SVG namespace is an identifier, not a fetch).
  t.deepEqual(html.match(/\b(?:src|href)\s*=\s*["']?[a-z]+:/gi), null);
  t.is(html.match(/<script\b[^>]*\bsrc=/g), null);
  t.true(html.includes('d3-hierarchy'), 'the layout library is inlined');
  t.is(defaultPagePath('runs/x/networks/0001.json'), join('runs/x/networks', '0001.html'));
  t.is(defaultPagePath('case'), 'case.html');
});

const bad: [string, string[], RegExp][] = [
  ['missing case', ['show', join(tmp, 'nope.json')], /nope\.json: cannot read the case or model file \(no such file\)/],
  ['unwritable --out', ['show', join(goldenDir, 'xor-k3-s4.json'), '--out', join(tmp, 'no-dir', 'page.html')], /--out .*page\.html: directory .* does not exist/],
  ['bad --min-sparsity', ['show', join(goldenDir, 'xor-k3-s4.json'), '--min-sparsity', '2'], /--min-sparsity/],
  ['--out is the case', ['show', join(tmp, 'case.json'), '--out', join(tmp, 'case.json')], /--out .*case\.json: is the input file itself/],
  ['--out is a directory', ['show', join(tmp, 'case.json'), '--out', tmp], /--out .*: is a directory; give a file path/],
];

for (const [name, args, message] of bad) {
  test(`bad input: ${name} gives one line, exit 2, no page`, async (t) => {
    writeFileSync(join(tmp, 'case.json'), readFileSync(join(goldenDir, 'xor-k3-s4.json')));
    const r = await runCli(args);
    t.is(r.code, 2);
    t.regex(r.stderr, message);
    t.is(r.stderr.trim().split('\n').length, 1);
    t.false(existsSync(join(tmp, 'no-dir')));
  });
}

test('show of a model file whose network fails the task writes the page with one warning on stderr', async (t) => {
  const out = join(tmp, 'warned.html');
  const r = await runCli(['show', join(goldenDir, '../fixtures/models/authors.pt'), '--gates', 'AND', '--out', out, '-q']);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stderr, /^warning: .*authors\.pt: the whole network is right on only \d+ of 200 samples for output 0 \(AND\).*\n$/);
  t.true(existsSync(out));
});
