/**
 * Commands load only what they use: `--help` and `analyze` of a small network never load the NATS
 * client, prom-client, Piscina or zod (each costs tens of milliseconds of a run that is otherwise
 * over in about a tenth of a second; the times are in bench/startup.bench.ts). Structural, not
 * timed: the process runs with a preload that logs every resolved module.
 */
import test from 'ava';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';
import { goldenDir } from '../helpers/golden.js';

const preload = fileURLToPath(new URL('../helpers/moduleLog.js', import.meta.url));
const HEAVY = ['@nats-io/transport-node', '@nats-io/jetstream', '@nats-io/kv', 'prom-client', 'piscina', 'zod'];
const tmp = mkdtempSync(join(tmpdir(), 'identifiability-imports-'));
test.after.always(() => rmSync(tmp, { recursive: true, force: true }));

/** The packages (by name) a CLI invocation loads, with its exit code. */
async function packagesLoaded(name: string, args: string[]): Promise<{ code: number | null; stderr: string; packages: Set<string> }> {
  const log = join(tmp, `${name}.log`);
  const r = await runCli(args, { env: { ...process.env, MODULE_LOG: log, NODE_OPTIONS: `--import ${preload}` } });
  const packages = new Set(
    readFileSync(log, 'utf8')
      .split('\n')
      .map((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1])
      .filter((p): p is string => p !== undefined),
  );
  return { code: r.code, stderr: r.stderr, packages };
}

test('--help loads none of NATS, prom-client, Piscina, zod', async (t) => {
  const r = await packagesLoaded('help', ['--help']);
  t.is(r.code, 0, r.stderr);
  t.true(r.packages.has('commander'), 'the log sees packages');
  t.deepEqual(HEAVY.filter((p) => r.packages.has(p)), []);
});

test('analyze of a k = 3 network loads none of NATS, prom-client, Piscina, zod', async (t) => {
  const r = await packagesLoaded('analyze', ['analyze', join(goldenDir, 'xor-k3-s4.json'), '--quiet']);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(HEAVY.filter((p) => r.packages.has(p)), []);
});

test('an embedded run loads the pool but neither NATS nor prom-client', async (t) => {
  const r = await packagesLoaded('run', ['run', '--preset', 'basic', '--experiments', '2', '--out', join(tmp, 'run'), '-q']);
  t.is(r.code, 0, r.stderr);
  t.true(r.packages.has('piscina'));
  t.deepEqual(['@nats-io/transport-node', 'prom-client'].filter((p) => r.packages.has(p)), []);
});

test('run --nats loads the NATS client when asked, so the log would see it', async (t) => {
  const r = await packagesLoaded('nats', ['run', '--nats', 'nats://127.0.0.1:1', '--experiments', '2', '--out', join(tmp, 'nats')]);
  t.is(r.code, 2, r.stderr);
  t.true(r.packages.has('@nats-io/transport-node'));
});

test('check and discover of a k = 3 network load none of NATS, prom-client, Piscina, zod', async (t) => {
  const circuit = join(tmp, 'circuit.json');
  writeFileSync(circuit, JSON.stringify([['0.0', '1.0'], ['0.1', '1.0'], ['1.0', '2.0'], ['2.0', '3.0']]));
  for (const args of [['check', join(goldenDir, 'xor-k3-s4.json'), '--circuit', circuit, '-q'], ['discover', join(goldenDir, 'xor-k3-s4.json'), '--method', 'eap', '-q']]) {
    const r = await packagesLoaded(args[0] as string, args);
    t.is(r.code, 0, r.stderr);
    t.deepEqual(HEAVY.filter((p) => r.packages.has(p)), []);
  }
});

test('analyze of a case file loads neither the zip, pickle nor CSV readers; a .pt file loads the first two', async (t) => {
  const readers = ['fflate', 'pickleparser', 'csv-parse'];
  const caseRun = await packagesLoaded('case-readers', ['analyze', join(goldenDir, 'xor-k3-s4.json'), '--quiet']);
  t.is(caseRun.code, 0, caseRun.stderr);
  t.deepEqual(readers.filter((p) => caseRun.packages.has(p)), []);
  const ptRun = await packagesLoaded('pt-readers', ['analyze', join(goldenDir, '../fixtures/models/authors.pt'), '--gates', 'XOR', '--quiet']);
  t.is(ptRun.code, 0, ptRun.stderr);
  t.deepEqual(readers.filter((p) => ptRun.packages.has(p)), ['fflate', 'pickleparser']);
});
