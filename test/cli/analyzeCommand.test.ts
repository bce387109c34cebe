import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { circuitSet, compareOutput, goldenCases } from '../helpers/golden.js';
import { binPath, repoRoot, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tempDir.js';
import { outputIgnoringNeurons } from '../helpers/randomNetwork.js';
import { modelToJson } from '../../shared/model/modelJson.js';
import { scrape, spawnCli, until } from '../helpers/processes.js';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

const golden = goldenCases();
const xor = golden.find((c) => c.name === 'xor-k3-s4');
const tmp = tempDir('identifiability-cli-');

test('analyze --json writes the golden shapes and reproduces the case (both IIA modes)', async (t) => {
  for (const c of golden.filter((g) => ['xor-k3-s4', 'xor+and-k3-s3', 'xor-k2-s7'].includes(g.name))) {
    for (const mode of ['lexicographic', 'all-pairs'] as const) {
      const out = join(tmp, `${c.name}-${mode}.json`);
      const r = await runCli(['analyze', c.path, '--json', out, '--iia', mode]);
      t.is(r.code, 0, r.stderr);
      const json = JSON.parse(readFileSync(out, 'utf8'));
      t.is(json.outputs.length, c.json.expected.length);
      json.outputs.forEach((o: any, i: number) => {
        t.deepEqual(compareOutput(o, c.json.expected[i], mode === 'lexicographic' ? 'formulas' : 'formulas_iia_all_pairs'), [], `${c.name} ${mode} output ${i}`);
      });
    }
  }
});

test('analyze prints a readable summary per output', async (t) => {
  const r = await runCli(['analyze', xor!.path]);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /output 0 \(XOR\)/);
  t.regex(r.stdout, /54 kept of 3000 candidates/);
  t.regex(r.stdout, /56 compute XOR, 10 have a minimal mapping/);
});

test('--stages limits the work and flags override the config', async (t) => {
  const out = join(tmp, 'stages.json');
  const r = await runCli(['analyze', xor!.path, '--stages', 'circuits', '--accuracy-threshold', '0.5', '--json', out]);
  t.is(r.code, 0, r.stderr);
  const json = JSON.parse(readFileSync(out, 'utf8'));
  t.true(json.outputs[0].circuits.length > 54);
  t.true(json.outputs[0].circuits.every((c: any) => c.groundings === null));
  t.deepEqual(json.outputs[0].formulas, []);
});

function variant(name: string, edit: (json: any) => void, raw?: (text: string) => string): string {
  const json = JSON.parse(JSON.stringify(xor!.json));
  edit(json);
  const path = join(tmp, `${name}.json`);
  const text = JSON.stringify(json);
  writeFileSync(path, raw ? raw(text) : text);
  return path;
}

/** The XOR network given a third input C that it ignores (weight 0): the task XOR(A, B) as a 3-input table. */
function widenToThreeInputs(j: any): void {
  j.config.gates = ['tt:00111100'];
  j.model.layer_sizes[0] = 3;
  j.model.weights[0] = j.model.weights[0].map((row: number[]) => [...row, 0]);
  j.data.x_val = j.data.x_val.map((row: number[]) => [...row, 0]);
  j.data.x_tt = j.data.x_tt.map((row: number[]) => [...row, 0]);
}

test('a three-input case file is analysed: its truth-table gate named in the summary', async (t) => {
  const r = await runCli(['analyze', variant('three-ok', widenToThreeInputs), '--stages', 'circuits,mappings']);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /output 0 \(tt:00111100\)/);
  t.regex(r.stdout, /formulas: +\d+ compute tt:00111100/);
});

const badInputs: [string, () => string[], RegExp][] = [
  ['missing file', () => ['analyze', join(tmp, 'nope.json')], /nope\.json: cannot read the case or model file \(no such file\)/],
  ['malformed JSON', () => ['analyze', variant('malformed', () => {}, (s) => s.slice(0, 100))], /malformed\.json: malformed JSON/],
  ['NaN weight', () => ['analyze', variant('nan', (j) => (j.model.weights[1][2][0] = 0), (s) => s.replace('"weights":[[[', '"weights":[[[NaN,'))], /nan\.json: .*expected|nan\.json: model\.weights\[0\]\[0\]/],
  ['infinite bias', () => ['analyze', variant('inf', () => {}, (s) => s.replace('"biases":[[', '"biases":[[Infinity,'))], /inf\.json: model\.biases\[0\]\[0\]: expected a finite number, got Infinity/],
  ['shape mismatch', () => ['analyze', variant('shape', (j) => (j.model.weights[1][2] = [1, 2]))], /shape\.json: model\.weights\[1\]\[2\]: expected 3 numbers, got 2/],
  ['layer count mismatch', () => ['analyze', variant('layers', (j) => j.model.biases.pop())], /layers\.json: model\.biases: expected 3 vectors/],
  ['unknown gate', () => ['analyze', variant('gate', (j) => (j.config.gates = ['XAND']))], /gate\.json: config\.gates\[0\]: unknown gate "XAND"/],
  ['gate arity not the input width', () => ['analyze', variant('arity', (j) => (j.config.gates = ['MAJORITY']))], /arity\.json: model\.layer_sizes\[0\]: expected 3 inputs \(the arity of MAJORITY\), got 2/],
  ['threads far past the cores', () => ['analyze', variant('threads', () => {}), '--threads', '1000'], /1000 threads on \d+ cores: at most \d+ \(four per core\)/],
  ['a case file without its data', () => ['analyze', variant('nodata', (j) => void delete j.data)], /nodata\.json: data: expected an object, got nothing/],
  ['an empty JSON object', () => ['analyze', variant('nokeys', () => {}, () => '{}')], /nokeys\.json: is neither a case file \(config, model, data\) nor a JSON model \(weights, biases\): it has no keys/],
  ['a config formula depth past the cap', () => ['analyze', variant('deep', (j) => void (j.config.formula_max_depth = 5))], /deep\.json: config\.formula_max_depth: must be an integer in \[0, 4\], got 5/],
  ['formula depth past the cap for 3 inputs', () => ['analyze', variant('three', widenToThreeInputs), '--formula-max-depth', '4'], /--formula-max-depth 4: must be an integer in \[0, 3\] with 3 inputs/],
  ['empty data', () => ['analyze', variant('empty', (j) => (j.data.x_tt = []))], /empty\.json: data\.x_tt: expected at least one sample/],
  ['targets disagree', () => ['analyze', variant('targets', (j) => j.data.y_val.pop())], /targets\.json: data\.y_val: expected 200 rows/],
  ['unknown flag', () => ['analyze', xor!.path, '--bogus'], /unknown option '--bogus'/],
  ['bad flag value', () => ['analyze', xor!.path, '--iia', 'sometimes'], /--iia <pairs>.*sometimes/],
  ['out-of-range flag', () => ['analyze', xor!.path, '--min-sparsity', '1.5'], /--min-sparsity <x>.*expected a number in \[0, 1\], got '1\.5'/],
  ['unknown stage', () => ['analyze', xor!.path, '--stages', 'circuits,magic'], /unknown stage 'magic'/],
  ['take-over without NATS', () => ['analyze', xor!.path, '--take-over'], /--take-over: only with --nats/],
  ['slice times into a missing directory', () => ['analyze', xor!.path, '--slice-times', join(tmp, 'no-such-dir', 'times.jsonl')], /^identifiability: --slice-times .*no-such-dir.*times\.jsonl: directory .*no-such-dir does not exist or is not writable$/m],
];

for (const [name, args, message] of badInputs) {
  test(`bad input: ${name} gives one line, exit 2, no output file`, async (t) => {
    const out = join(tmp, `out-${name.replace(/\W/g, '_')}.json`);
    const r = await runCli([...args(), '--json', out]);
    t.is(r.code, 2);
    t.regex(r.stderr, message);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.notRegex(r.stderr, /\n\s+at /);
    t.false(readdirSync(tmp).some((f) => f.includes(`out-${name.replace(/\W/g, '_')}`)));
  });
}

test('--max-circuits counts the groundings of the first n circuits only, the rest are null', async (t) => {
  const out = join(tmp, 'max-circuits.json');
  const r = await runCli(['analyze', xor!.path, '--max-circuits', '5', '--json', out, '-q']);
  t.is(r.code, 0, r.stderr);
  const circuits = JSON.parse(readFileSync(out, 'utf8')).outputs[0].circuits;
  t.is(circuits.length, 54);
  t.is(circuits.filter((c: any) => c.groundings === null).length, 49);
  const expected = circuitSet(xor!.json.expected[0].circuits);
  for (const [key, g] of circuitSet(circuits)) if (g !== null) t.is(g, expected.get(key) as string);
  // The printed line says its total covers 5 circuits, not the 54 kept.
  const shown = await runCli(['analyze', xor!.path, '--max-circuits', '5', '--stages', 'circuits,groundings']);
  t.regex(shown.stdout, /groundings: \d+ in total over 5 of the 54 circuits \(49 not counted: --max-circuits\)/);
});

test('slices on the pool write the same file as one slice, lists spooled and removed; the list limit keeps the summary', async (t) => {
  const c = golden.find((g) => g.name === 'xor+and-k3-s3');
  if (!c) return t.fail();
  const dir = mkdtempSync(join(tmp, 'slices-'));
  const one = join(dir, 'one.json');
  const many = join(dir, 'many.json');
  t.is((await runCli(['analyze', c.path, '--json', one, '-q'])).code, 0);
  const r = await runCli(['analyze', c.path, '--json', many, '--slice-candidates', '97', '--threads', '2', '-q']);
  t.is(r.code, 0, r.stderr);
  t.is(readFileSync(many, 'utf8'), readFileSync(one, 'utf8'));
  t.deepEqual(readdirSync(dir).sort(), ['many.json', 'one.json'], 'no spool left behind');
  const limited = join(dir, 'limited.json');
  t.is((await runCli(['analyze', c.path, '--json', limited, '--slice-candidates', '97', '--list-limit', '3', '-q'])).code, 0);
  const full = JSON.parse(readFileSync(one, 'utf8'));
  const cut = JSON.parse(readFileSync(limited, 'utf8'));
  full.outputs.forEach((o: any, i: number) => {
    const l = cut.outputs[i];
    t.deepEqual(l.summary, o.summary);
    t.is(o.summary.kept, o.circuits.length);
    if (o.summary.kept > 3) t.false('circuits' in l);
    else t.deepEqual(l.circuits, o.circuits);
    const counts = new Map<string, number>();
    for (const x of o.circuits) counts.set(String(x.groundings), (counts.get(String(x.groundings)) ?? 0) + 1);
    t.deepEqual(o.summary.groundings_distribution.map(([v, n]: [number, number]) => [String(v), n]), [...counts].sort((a, b) => Number(a[0]) - Number(b[0])));
  });
});

test('a sliced run ends with its slices\' worker time, its slowest slice and the time on more workers, on one thread and on the pool', async (t) => {
  const dir = mkdtempSync(join(tmp, 'slice-times-'));
  for (const threads of ['1', '2']) {
    const timesFile = join(dir, `times-${threads}.jsonl`);
    const r = await runCli(['analyze', xor!.path, '--slice-candidates', '97', '--threads', threads, '--slice-times', timesFile]);
    t.is(r.code, 0, r.stderr);
    // --slice-times: one line per slice, each once, their times the worker time and their candidates the output's.
    const lines = readFileSync(timesFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const candidates = Number(/circuits: +\d+ kept of (\d+) candidates/.exec(r.stdout)?.[1]);
    t.is(new Set(lines.map((l) => l.slice)).size, lines.length);
    t.is(lines.reduce((n, l) => n + (l.candidates ?? 0), 0), candidates, `threads ${threads}`);
    t.true(lines.every((l) => l.relisted === false && typeof l.worker === 'string' && l.ms >= 0));
    const m = /^slices: (\d+), worker time ([\d.]+) s in ([\d.]+) s \(([\d.]+) workers busy on average\), slowest ([\d.]+) s \((circuit units \d+-\d+( \(first rows \d+-\d+\))? of output 0|mapping slice \d+ of \d+, output 0)\)$/m.exec(r.stdout);
    if (!m) return t.fail(r.stdout);
    const [, count, worker, , , slowest] = m.map(Number) as number[];
    t.true((count as number) > 1, `threads ${threads}`);
    t.is(lines.length, count as number);
    // Printed to the hundredth below 10 s and to the second from there (a loaded machine gets there).
    const printed = (v: number): number => (v >= 10 ? 0.5 : 0.005);
    const sum = lines.reduce((n, l) => n + l.ms, 0) / 1000;
    t.true(Math.abs(sum - (worker as number)) < printed(worker as number) + 0.01 + (worker as number) * 0.01, `threads ${threads}: slices ${sum} s, worker time ${worker} s`);
    t.true((slowest as number) > 0 && (slowest as number) <= (worker as number) + printed(worker as number) + 0.01, `threads ${threads}: slowest ${slowest} of ${worker}`);
    const p = /^projected from these slice times, handed out in this order: 4 workers ([\d.]+) s, 16 workers ([\d.]+) s, 64 workers ([\d.]+) s$/m.exec(r.stdout);
    if (!p) return t.fail(r.stdout);
    const [, w4, w16, w64] = p.map(Number) as number[];
    // More workers never take longer than the slowest slice more; none beats the slowest slice or the worker time split evenly.
    const tol = 0.01 + 2 * printed(worker as number);
    t.true((w64 as number) + tol >= Math.max(slowest as number, (worker as number) / 64) && (w4 as number) + tol >= (worker as number) / 4, `threads ${threads}: ${p[0]}`);
    t.true((w16 as number) <= (w4 as number) + (slowest as number) + tol && (w4 as number) <= (worker as number) + tol, `threads ${threads}: ${p[0]}`);
  }
  const one = await runCli(['analyze', xor!.path, '--stages', 'circuits', '--slice-candidates', '1000000000']);
  t.false(one.stdout.includes('slices:'), 'one slice: no line');
});

test('a list cut at each slice\'s share is completed by a second pass: the file equals one slice\'s', async (t) => {
  const c = golden.find((g) => g.name === 'xor+and-k3-s3');
  if (!c) return t.fail();
  const dir = mkdtempSync(join(tmp, 'relist-'));
  // Output 0 keeps 28 circuits, output 1 keeps 340: with a limit of 300 the first is listed, the second is not.
  const one = join(dir, 'one.json');
  t.is((await runCli(['analyze', c.path, '--json', one, '--list-limit', '300', '-q'])).code, 0);
  for (const threads of ['1', '2']) {
    const many = join(dir, `many-${threads}.json`);
    const r = await runCli(['analyze', c.path, '--json', many, '--list-limit', '300', '--slice-candidates', '50', '--threads', threads, '-q']);
    t.is(r.code, 0, r.stderr);
    t.is(readFileSync(many, 'utf8'), readFileSync(one, 'utf8'), `threads ${threads}`);
  }
  const json = JSON.parse(readFileSync(one, 'utf8'));
  t.is(json.outputs[0].circuits.length, 28);
  t.false('circuits' in json.outputs[1]);
});

test('Ctrl-C during a sliced analysis stops it at once, on one thread or two: a message, exit 2, no results written, no spool left, the times of the slices that ended kept', async (t) => {
  // xor-k5 unfiltered with groundings: about 15 s of slices, interrupted after the first results.
  const dir = mkdtempSync(join(tmp, 'interrupt-'));
  for (const threads of ['1', '2']) {
    const child = spawn(process.execPath, [binPath, 'analyze', 'examples/xor-k5-s1.json', '--min-sparsity', '0', '--stages', 'circuits,groundings', '--slice-candidates', '4e7', '--threads', threads, '--json', join(dir, 'out.json'), '--slice-times', join(dir, 'times.jsonl')], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // The spool appears just before the pool starts; the signal is sent once a slice has ended
    // (its time the first line of --slice-times).
    while (!readdirSync(dir).some((f) => f.startsWith('.out.json.slices-'))) await new Promise((later) => setTimeout(later, 50));
    while (!readdirSync(dir).includes('times.jsonl')) await new Promise((later) => setTimeout(later, 50));
    // The slices' times are written as they end: the spool and them while it runs.
    t.deepEqual(readdirSync(dir).filter((f) => !f.startsWith('.out.json.slices-')), ['times.jsonl'], 'nothing but the spool and the slice times while it runs');
    const at = Date.now();
    child.kill('SIGINT');
    const [code, signal] = await new Promise<[number | null, string | null]>((done) => child.on('close', (c, s) => done([c, s])));
    t.is(code, 2, `threads ${threads}: ${signal ?? ''} ${stderr}`);
    // The slices left would take 10 s or more on an idle machine (more on a loaded one, which also
    // slows the stop itself: 5.3 s once at a load of 18, against about 0.2 s idle).
    t.true(Date.now() - at < 10_000, `threads ${threads}: stopped ${Date.now() - at} ms after the signal`);
    const done = /^identifiability: interrupted \(SIGINT\): stopped with (\d+) of (\d+) slices done; no results were written; the times of the (\d+) slices that ended are in .*times\.jsonl\n$/m.exec(stderr);
    t.truthy(done, stderr);
    t.true(Number(done?.[1]) < Number(done?.[2]), `threads ${threads}: ${done?.[0]}`);
    t.deepEqual(readdirSync(dir), ['times.jsonl'], `threads ${threads}: nothing left behind but the slice times`);
    // One whole line for each slice that ended, each slice once.
    const lines = readFileSync(join(dir, 'times.jsonl'), 'utf8').split('\n');
    t.is(lines.pop(), '');
    const slices = lines.map((l) => JSON.parse(l) as { slice: string; ms: number });
    t.is(slices.length, Number(done?.[3]));
    t.is(slices.length, Number(done?.[1]), `threads ${threads}: a line for every slice done`);
    t.is(new Set(slices.map((s) => s.slice)).size, slices.length);
    t.true(slices.every((s) => s.ms > 0));
    rmSync(join(dir, 'times.jsonl'));
  }
});

test('Ctrl-C once every count is in waits for the output file: whole, exit 0, nothing temporary left', async (t) => {
  // xor-k5 at sparsity 0.2 with every circuit listed: a 25 MB file, its temporary file there for
  // about 0.7 s here (xor-k4's 3 MB file was there for 7 ms, which a loaded machine's polling missed).
  const dir = mkdtempSync(join(tmp, 'finishing-'));
  const child = spawn(process.execPath, [binPath, 'analyze', 'examples/xor-k5-s1.json', '--min-sparsity', '0.2', '--stages', 'circuits', '--list-limit', 'all', '--slice-candidates', '1e6', '--json', join(dir, 'out.json'), '-q'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((done) => child.on('close', done));
  let exited = false;
  void closed.then(() => (exited = true));
  let seen = false;
  while (!exited && !seen) {
    if (readdirSync(dir).some((f) => /^\.out\.json\.\d+\.tmp$/.test(f))) {
      seen = true;
      child.kill('SIGINT');
    } else await new Promise((later) => setTimeout(later, 2));
  }
  t.is(await closed, 0, stderr);
  t.true(seen, 'the signal came while the file was being written');
  t.deepEqual(readdirSync(dir), ['out.json']);
  const out = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
  t.is(out.outputs[0].circuits.length, out.outputs[0].summary.kept);
});

test('analyze --metrics-port: a sliced analysis serves a study\'s metrics, its slices planned and done, its candidates, progress 1 at the end', async (t) => {
  const child = spawnCli(['analyze', 'examples/xor-k4-s1.json', '--min-sparsity', '0', '--stages', 'circuits', '--slice-candidates', '50000', '--threads', '2', '--metrics-port', '0', '--linger-ms', '20000']);
  t.teardown(() => child.proc.kill('SIGKILL'));
  const port = Number((await child.waitFor(/metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics/))[1]);
  const summary = await child.waitFor(/(\d+) kept of (\d+) candidates[^]*slices: (\d+),/, 60_000);
  await until(async () => (await scrape(port, 'identifiability_networks_analysed_total')) === 1, 10_000, 'the analysis counted');
  const slices = Number(summary[3]);
  t.true(slices > 1);
  t.is(await scrape(port, 'identifiability_slices_planned_total'), slices);
  t.is(await scrape(port, 'identifiability_slices_done_total'), slices);
  t.is(await scrape(port, 'identifiability_shards_done_total'), slices);
  t.is(await scrape(port, 'identifiability_candidates_evaluated_total'), Number(summary[2]));
  t.is(await scrape(port, 'identifiability_run_progress_ratio'), 1);
  t.is(await scrape(port, 'identifiability_shards_pending'), 0);
});

test('analyze --metrics-port on a port in use fails with one line, before any slice runs', async (t) => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '0.0.0.0', r));
  t.teardown(() => server.close());
  const port = (server.address() as AddressInfo).port;
  const r = await runCli(['analyze', 'examples/xor-k4-s1.json', '--min-sparsity', '0', '--stages', 'circuits', '--slice-candidates', '50000', '--metrics-port', String(port)]);
  t.is(r.code, 2, r.stderr);
  t.regex(r.stderr, new RegExp(`--metrics-port ${port}: the port is in use`));
  t.false(r.stdout.includes('progress'));
});

test('--workers sizes a plan for the workers of --nats only: without it, a usage error naming --threads', async (t) => {
  const r = await runCli(['analyze', 'examples/xor-k4-s1.json', '--workers', '2']);
  t.is(r.code, 2);
  t.regex(r.stderr, /--workers sizes the plan for the workers of --nats; the local pool's size is --threads/);
  t.is(r.stdout, '');
});

test('no command prints the help and exits 2, with no internal code after it', async (t) => {
  for (const args of [[], ['help', 'bogus']]) {
    const r = await runCli(args);
    t.is(r.code, 2);
    t.regex(r.stdout + r.stderr, /Usage: identifiability/);
    t.false((r.stdout + r.stderr).includes('outputHelp'));
  }
});

test('minimal mappings past the list limit are counted: the same file on this thread and on the pool', async (t) => {
  const model = join(tmp, 'ignores-neurons.json');
  writeFileSync(model, JSON.stringify(modelToJson(outputIgnoringNeurons(7))));
  const files: string[] = [];
  for (const extra of [[], ['--slice-candidates', '100']]) {
    const out = join(tmp, `counted-mappings-${extra.length}.json`);
    // About 15 and 25 s on an idle machine; a full suite beside other work took such runs past the default kill at 120 s.
    const r = await runCli(['analyze', model, '--gates', 'tt:0000', '--json', out, ...extra], { timeoutMs: 240_000 });
    t.is(r.code, 0, r.stderr);
    t.regex(r.stdout, /mappings: {3}113420529 minimal mappings in total \(counted, not listed: more than the list limit\)/);
    const formulas = (JSON.parse(readFileSync(out, 'utf8')) as { outputs: { formulas: { minimal_mappings: unknown; mappings_count: number }[] }[] }).outputs[0]!.formulas;
    t.is(formulas.length, 522);
    t.true(formulas.every((f) => f.minimal_mappings === null && f.mappings_count > 0));
    t.is(formulas.reduce((n, f) => n + f.mappings_count, 0), 113_420_529);
    files.push(readFileSync(out, 'utf8'));
  }
  t.is(files[0], files[1], 'one slice per output or many: the same file');
});

test('analyze past two hidden layers on the pool: probes first, slices planned from their kept counts, the same file as one slice, all stages', async (t) => {
  const dir = tempDir('identifiability-probe-');
  const whole = join(dir, 'whole.json');
  const one = await runCli(['analyze', 'examples/xor-3x3x3-s1.json', '--json', whole, '-q']);
  t.is(one.code, 0, one.stderr);
  const sliced = join(dir, 'sliced.json');
  const timesFile = join(dir, 'times.jsonl');
  const r = await runCli(['analyze', 'examples/xor-3x3x3-s1.json', '--slice-candidates', '10000', '--threads', '2', '--json', sliced, '--slice-times', timesFile]);
  t.is(r.code, 0, r.stderr);
  // --slice-times: the probes' lines first, marked, then the slices'; each side counts every kept circuit once.
  const lines = readFileSync(timesFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { probe?: boolean; units?: number[]; kept: number; candidates: number });
  const probes = lines.filter((l) => l.probe === true);
  const slices = lines.filter((l) => l.probe === undefined && l.units !== undefined); // mapping slices apart
  t.is(probes.length, 82);
  t.deepEqual(lines.slice(0, 82), probes, 'the probes first');
  t.is(probes.reduce((n, l) => n + l.kept, 0), 8725);
  t.is(slices.reduce((n, l) => n + l.kept, 0), 8725);
  t.is(probes.reduce((n, l) => n + l.candidates, 0), slices.reduce((n, l) => n + l.candidates, 0));
  t.regex(r.stdout, /probing the kept circuits of every unit first \(82 slices of the circuit search alone\)/);
  t.regex(r.stdout, /probed in [\d.]+ s: 8725 kept circuits; \d+ slices planned from them/);
  t.regex(r.stdout, /\nprobes: 82, worker time [\d.]+ s in [\d.]+ s .*\nprobes projected from their times, handed out in this order: 4 workers/);
  t.is(readFileSync(sliced, 'utf8'), readFileSync(whole, 'utf8'));
  t.notRegex(one.stdout + one.stderr, /probing/, 'one slice: no probe');
});
