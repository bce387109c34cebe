/**
 * cli/main.ts: what commander does not check. A flag that takes a value, given twice, was the last
 * one silently (`--gates XOR --gates AND` analysed AND alone).
 */
import test from 'ava';
import { join } from 'node:path';
import { runCli, repoRoot } from '../helpers/cli.js';

const golden = join(repoRoot, 'test/golden/xor-k3-s4.json');

test('a value flag given twice is one line and exit 2, naming both values, for any command', async (t) => {
  const cases: [string[], RegExp][] = [
    [['analyze', golden, '--stages', 'circuits', '--stages', 'groundings'], /--stages given twice \(circuits, then groundings\): give it once; a list is one comma-separated value/],
    [['run', '--sizes', '3', '--sizes=4', '--experiments', '1'], /--sizes given twice \(3, then 4\)/],
    [['analyze', golden, '--json', 'a.json', '--json', 'b.json'], /--json given twice \(a\.json, then b\.json\)/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args);
    t.is(r.code, 2, r.stderr);
    t.regex(r.stderr, message);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.is(r.stdout, '');
  }
});

test('a flag without a value may be repeated, and one of each is as before', async (t) => {
  const r = await runCli(['analyze', golden, '-q', '--quiet', '--stages', 'circuits']);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, '');
});
