import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { binPath, repoRoot, runCli } from '../helpers/cli.js';
import { dfOut, resultsWithoutTimings } from '../helpers/runDir.js';
import { tempDir } from '../helpers/tempDir.js';

const tmp = tempDir('identifiability-run-');
const study = ['--preset', 'basic', '--experiments', '12', '--seed', '3', '-q'];

test.serial('a run writes df_out.csv, results.jsonl, case files and the report; thread count does not change the answer', async (t) => {
  const one = join(tmp, 'one');
  const two = join(tmp, 'two');
  t.is((await runCli(['run', ...study, '--threads', '1', '--out', one])).code, 0);
  t.is((await runCli(['run', ...study, '--threads', '2', '--out', two])).code, 0);
  for (const f of ['df_out.csv', 'results.jsonl', 'report.html', 'run.json']) t.true(existsSync(join(one, f)), f);
  t.deepEqual(resultsWithoutTimings(one), resultsWithoutTimings(two));
  t.is(dfOut(one), dfOut(two));
  const rows = dfOut(one).trim().split('\n').length - 1;
  t.is(readdirSync(join(one, 'networks')).filter((f) => f.endsWith('.json')).length, resultsWithoutTimings(one).filter((r: any) => r.training.converged !== undefined).length);
  t.true(rows > 0 && rows <= 12);
});

test.serial('a saved network re-analyses to the same counts', async (t) => {
  const dir = join(tmp, 'one');
  const record = resultsWithoutTimings(dir).find((r: any) => r.analysis) as any;
  const out = join(tmp, 'reanalysed.json');
  const r = await runCli(['analyze', join(dir, 'networks', `${String(record.index).padStart(4, '0')}.json`), '--json', out, '-q']);
  t.is(r.code, 0, r.stderr);
  const { outputs } = JSON.parse((await import('node:fs')).readFileSync(out, 'utf8'));
  t.deepEqual(outputs[0].circuits, record.analysis.outputs[0].circuits);
  t.deepEqual(outputs[0].formulas, record.analysis.outputs[0].formulas);
});

test('resume after kill -9: nothing counted twice, same table as an uninterrupted run', async (t) => {
  const full = join(tmp, 'full');
  const killed = join(tmp, 'killed');
  const args = ['run', '--preset', 'basic', '--experiments', '40', '--seed', '7', '--threads', '1', '-q'];
  t.is((await runCli([...args, '--out', full])).code, 0);
  // Kill the run once some shards are stored, long before it ends.
  const child = spawn(process.execPath, [binPath, ...args, '--out', killed], { cwd: repoRoot, stdio: 'ignore' });
  await new Promise<void>((done) => {
    const poll = setInterval(() => {
      const shards = existsSync(join(killed, 'shards')) ? readdirSync(join(killed, 'shards')).filter((f) => f.endsWith('.msgpack')).length : 0;
      if (shards >= 5) {
        clearInterval(poll);
        child.kill('SIGKILL');
        done();
      }
    }, 5);
  });
  await new Promise((done) => child.on('close', done));
  const stored = readdirSync(join(killed, 'shards')).filter((f) => f.endsWith('.msgpack')).length;
  t.true(stored < 40, `killed after ${stored} shards`);
  t.false(existsSync(join(killed, 'df_out.csv')));
  const resumed = await runCli([...args.filter((a) => a !== '-q'), '--out', killed]);
  t.is(resumed.code, 0, resumed.stderr);
  t.regex(resumed.stdout, /resuming: \d+ networks already done/);
  // The progress counts the networks done before the kill too.
  const converged = /done in [\d.]+ s: (\d+) of 40 networks converged/.exec(resumed.stdout)?.[1];
  t.truthy(converged, resumed.stdout);
  t.regex(resumed.stdout, new RegExp(`progress: 40/40 networks, ${converged} converged`));
  t.is(dfOut(killed), dfOut(full));
  t.deepEqual(resultsWithoutTimings(killed), resultsWithoutTimings(full));
});

test('Ctrl-C ends the networks in progress at once: the run stops with nothing half-stored', async (t) => {
  const dir = join(tmp, 'interrupted');
  // A loss target no network reaches and no early stop: its training would run for all of its
  // 10^6 epochs (the code before waited for it after Ctrl-C: still running 10 s later).
  const args = ['run', '--gates', 'XOR', '--sizes', '3', '--experiments', '1', '--loss-targets', '1e-30', '--epochs', '1000000', '--patience', '1000000', '--threads', '1', '-q', '--out', dir];
  const child = spawn(process.execPath, [binPath, ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const closed = new Promise<number | null>((done) => child.on('close', done));
  while (!existsSync(join(dir, 'run.json'))) await sleep(20);
  await sleep(500);
  child.kill('SIGINT');
  t.is(await closed, 2);
  t.regex(stderr, /stopped with 0 of 1 networks done; run the same command again to resume/);
  t.deepEqual(readdirSync(join(dir, 'shards')), []);
});

test.serial('a run directory made with other settings is refused', async (t) => {
  const other = study.map((a) => (a === '12' ? '13' : a));
  const r = await runCli(['run', ...other, '--out', join(tmp, 'one')]);
  t.is(r.code, 2);
  t.regex(r.stderr, /--out: .* holds a run with other settings/);
});

const badFlags: [string[], RegExp][] = [
  [['--preset', 'huge'], /--preset: unknown preset 'huge'/],
  [['--gates', 'XOR,FOO'], /--gates <list>.*unknown gate 'FOO'/],
  [['--gates', 'XOR,MAJORITY'], /gates XOR \(2 inputs\) and MAJORITY \(3 inputs\) cannot share one network/],
  [['--gates', 'tt:011'], /--gates <list>.*gate 'tt:011': a truth table has 4, 8 or 16 outputs/],
  [['--gates', 'tt:0001011101111111', '--sizes', '4'], /four-input gate tt:0001011101111111 at width 4: .*--max-circuits N/],
  [['--sizes', '3,x'], /--sizes <list>.*expected a comma-separated list of integers/],
  [['--experiments', '0'], /--experiments <n>.*expected a positive integer/],
  [['--noise-std', '-1'], /--noise-std <x>.*non-negative number/],
  [['--gates', 'XOR', '--n-gates', '2'], /n-gates must be integers in \[1, 1\]/],
  [['--iia', 'some'], /--iia <pairs>.*some/],
  [['--frobnicate'], /unknown option '--frobnicate'/],
  [['--take-over'], /--take-over: only with --nats/],
];

for (const [flags, message] of badFlags) {
  test(`run rejects ${flags.join(' ')} in one line with exit 2`, async (t) => {
    const out = join(tmp, `bad-${flags.join('_').replace(/\W/g, '')}`);
    const r = await runCli(['run', ...flags, '--out', out]);
    t.is(r.code, 2);
    t.regex(r.stderr, message);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.false(existsSync(join(out, 'results.jsonl')));
  });
}

test('a full adder study: [3, k, k, 2] networks named by their gates; a saved one re-analyses to the same counts', async (t) => {
  const out = join(tmp, 'adder');
  const r = await runCli(['run', '--gates', 'parity,MAJORITY', '--experiments', '3', '--seed', '1', '--threads', '1', '--out', out, '-q']);
  t.is(r.code, 0, r.stderr);
  const records = resultsWithoutTimings(out) as any[];
  t.true(records.every((x) => JSON.stringify(x.config.gates) === '["PARITY","MAJORITY"]' && x.config.formula_max_depth === 3));
  const analysed = records.find((x) => x.analysis);
  if (!analysed) return t.fail('no network of 3 converged');
  t.deepEqual(analysed.analysis.outputs.map((o: any) => o.gate), ['PARITY', 'MAJORITY']);
  const rows = dfOut(out).trim().split('\n').slice(1);
  t.true(rows.length > 0 && rows.every((row) => row.startsWith(`"['PARITY', 'MAJORITY']",2,3,`)), rows.join('\n'));
  const file = join(out, 'networks', `${String(analysed.index).padStart(4, '0')}.json`);
  t.deepEqual(JSON.parse(readFileSync(file, 'utf8')).model.layer_sizes, [3, 3, 3, 2]);
  const json = join(tmp, 'adder.json');
  const again = await runCli(['analyze', file, '--json', json, '-q']);
  t.is(again.code, 0, again.stderr);
  const { outputs } = JSON.parse(readFileSync(json, 'utf8'));
  outputs.forEach((o: any, i: number) => {
    t.deepEqual(o.circuits, analysed.analysis.outputs[i].circuits);
    t.deepEqual(o.formulas, analysed.analysis.outputs[i].formulas);
    t.is(o.formulas_checked, analysed.analysis.outputs[i].formulas_checked);
  });
});

test('a truth table is a gate of its own name, per gate beside a named gate of another arity', async (t) => {
  const out = join(tmp, 'tables');
  const r = await runCli(['run', '--gates', 'tt:01101001,XOR', '--per-gate', '--experiments', '1', '--seed', '2', '--threads', '1', '--out', out, '-q']);
  t.is(r.code, 0, r.stderr);
  const records = resultsWithoutTimings(out) as any[];
  t.deepEqual(records.map((x) => x.config.gates), [['tt:01101001'], ['XOR']]);
  const sizes = records.map((x) => (x.analysis ? JSON.parse(readFileSync(join(out, 'networks', `${String(x.index).padStart(4, '0')}.json`), 'utf8')).model.layer_sizes : null));
  t.deepEqual(sizes.map((s) => s?.[0]), records.map((x) => (x.analysis ? (x.config.gates[0] === 'XOR' ? 2 : 3) : undefined)));
  for (const row of dfOut(out).trim().split('\n').slice(1)) t.regex(row, /^(tt:01101001|XOR),1,3,/);
});

/** The four shares of the report, recomputed from the full records in results.jsonl. */
function sharesFromResults(dir: string): [number, number][] {
  const ones = { circuits: [0, 0], groundings: [0, 0], formulas: [0, 0], mappings: [0, 0] } as Record<string, [number, number]>;
  const add = (kind: string, count: number): void => {
    const s = ones[kind]!;
    s[1]++;
    if (count === 1) s[0]++;
  };
  for (const line of readFileSync(join(dir, 'results.jsonl'), 'utf8').trim().split('\n')) {
    const record = JSON.parse(line);
    for (const o of record.analysis?.outputs ?? []) {
      add('circuits', o.circuits.length);
      for (const c of o.circuits) add('groundings', Number(c.groundings));
      add('formulas', o.formulas.length);
      for (const f of o.formulas) add('mappings', f.minimal_mappings.length);
    }
  }
  return Object.values(ones);
}

test('issue 12: a run prints the finding, one line per count, before where the files are, and report.html leads with it', async (t) => {
  const out = join(tmp, 'finding');
  const r = await runCli(['run', '--preset', 'basic', '--experiments', '8', '--seed', '5', '--out', out]);
  t.is(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const finding = lines.filter((l) => l.startsWith('finding: '));
  t.is(finding.length, 4, r.stdout);
  t.true(lines.indexOf(finding[3]!) < lines.findIndex((l) => l.startsWith('report: ')));
  const kinds = [/networks? \(.*\) ha(s|ve) exactly one circuit$/, /circuits? \(.*\) ha(s|ve) exactly one grounding$/, /networks? \(.*\) ha(s|ve) exactly one formula with a minimal mapping$/, /formulas? with a minimal mapping \(.*\) ha(s|ve) exactly one minimal mapping$/];
  const expected = sharesFromResults(out);
  finding.forEach((line, i) => {
    t.regex(line, kinds[i]!);
    const [, ones, total] = /^finding: (\d+) of (\d+) /.exec(line) ?? [];
    t.deepEqual([Number(ones), Number(total)], expected[i], line);
  });
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  for (const line of finding) t.true(html.indexOf(line.slice('finding: '.length)) > 0, line);
  t.true(html.indexOf(finding[0]!.slice('finding: '.length)) < html.indexOf('<canvas'), 'the finding is above the charts');
});

/** Every path under dir with its contents, to see that a failed start changed nothing. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) {
        files[`${path}/`] = '';
        walk(path);
      } else files[path] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

const unreachable = ['--nats', 'nats://127.0.0.1:1'];

test('issue 12: a run that cannot connect to NATS says so in one line and creates no run directory', async (t) => {
  const out = join(tmp, 'no-nats');
  const r = await runCli(['run', ...unreachable, '--experiments', '2', '--out', out]);
  t.is(r.code, 2);
  t.regex(r.stderr, /--nats: cannot connect/);
  t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
  t.false(existsSync(out));
});

test('issue 12: a run that cannot connect leaves an existing --out directory as it was', async (t) => {
  const out = join(tmp, 'existing');
  mkdirSync(join(out, 'notes'), { recursive: true });
  writeFileSync(join(out, 'notes', 'keep.txt'), 'mine\n');
  const before = snapshot(out);
  const r = await runCli(['run', ...unreachable, '--experiments', '2', '--out', out]);
  t.is(r.code, 2, r.stderr);
  t.deepEqual(snapshot(out), before);
});

test('issue 12: a --metrics-port in use is one line and exit 2, and creates no run directory', async (t) => {
  const busy = createServer();
  await new Promise<void>((done) => busy.listen(0, '0.0.0.0', done));
  const { port } = busy.address() as { port: number };
  try {
    const out = join(tmp, 'busy-port');
    const r = await runCli(['run', '--metrics-port', String(port), '--experiments', '2', '--out', out, '-q']);
    t.is(r.code, 2);
    t.regex(r.stderr, new RegExp(`--metrics-port ${port}: the port is in use`));
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.false(existsSync(out));
  } finally {
    await new Promise((done) => busy.close(done));
  }
});

test('presets lists the seven studies of the paper, growth, criteria, discovery, the MNIST demo and the three regularisation sweeps', async (t) => {
  const r = await runCli(['presets']);
  t.is(r.code, 0);
  t.deepEqual(r.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]), ['basic', 'multitask', 'gates', 'size', 'noise', 'skew', 'loss-target', 'growth', 'criteria', 'discovery', 'mnist', 'l1', 'l2', 'dropout']);
});

test('bad training option flags are usage errors naming the flag', async (t) => {
  for (const [args, flag] of [[['--dropout', '1'], '--dropout'], [['--l1', '-1'], '--l1'], [['--output-activation', 'relu'], '--output-activation'], [['--patience', '0'], '--patience'], [['--checkpoints', 'x'], '--checkpoints']] as const) {
    const r = await runCli(['run', ...args, '--experiments', '1', '--out', join(tmp, 'never')]);
    t.is(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    t.true(r.stderr.includes(flag), r.stderr);
  }
});

test.serial('report rebuilds the outputs of a run directory', async (t) => {
  const r = await runCli(['report', join(tmp, 'one')]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /12 of 12 networks done/);
  const missing = await runCli(['report', join(tmp, 'nowhere')]);
  t.is(missing.code, 2);
  t.regex(missing.stderr, /not a run directory/);
});

test('--sizes and --depths narrow a preset\'s shapes; with none left, they apply as sizes x depths', async (t) => {
  const { studyOptionsOf } = await import('../../cli/runCommand.js');
  const narrowed = studyOptionsOf({ preset: 'growth', sizes: [2, 3, 4, 5] } as never).options;
  t.deepEqual(narrowed.shapes, [[2, 2], [3, 2], [4, 2], [5, 2], [3, 3], [3, 4]]);
  t.deepEqual(narrowed.sizes, [2, 3, 4, 5]);
  t.deepEqual(studyOptionsOf({ preset: 'growth', depths: [3, 4] } as never).options.shapes, [[3, 3], [3, 4]]);
  const none = studyOptionsOf({ preset: 'growth', sizes: [7] } as never).options;
  t.is(none.shapes, undefined);
  t.deepEqual(none.sizes, [7]);
  t.is(studyOptionsOf({ preset: 'growth' } as never).options.shapes?.length, 7);
});
