/**
 * cli/main.ts: what commander does not check. A flag that takes a value, given twice, was the last
 * one silently (`--gates XOR --gates AND` analysed AND alone).
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binPath, runCli, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/tempDir.js';

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

test('a reader that closes the pipe (`analyze ... | head`) ends nothing: no stack trace, exit 0, the --json file written', async (t) => {
  const out = join(tempDir('closed-pipe-'), 'out.json');
  const child = spawn(process.execPath, [binPath, 'analyze', golden, '--threads', '2', '--slice-candidates', '300', '--json', out], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  // Closed before the command prints a line: every line it writes meets EPIPE.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  t.is(code, 0, stderr);
  t.is(stderr, '');
  t.is((JSON.parse(readFileSync(out, 'utf8')) as { outputs: unknown[] }).outputs.length, 1);
});
