/**
 * One network spread over NATS workers as slices: `analyze --nats` writes the same file as the
 * embedded analysis, byte for byte, even when a worker is killed -9 while holding a slice.
 */
import test, { type ExecutionContext } from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCase } from '../../shared/case/caseFile.js';
import { workedSliceRanges } from '../../shared/engine/circuitSlices.js';
import { networkSliceSpecs, sliceCount } from '../../coordinator/networkSlices.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import { runCli } from '../helpers/cli.js';
import { cluster, type Cluster } from '../helpers/distributed.js';
import { scrape, spawnCli, until } from '../helpers/processes.js';
import { freePort } from '../../cli/freePort.js';

const CASE = 'examples/xor-k4-s1.json';
const FLAGS = ['--min-sparsity', '0', '--list-limit', '5000'];

/** A cluster for one test, and the embedded analysis's file to compare with. */
async function clusterAndEmbedded(t: ExecutionContext): Promise<{ c: Cluster; embedded: string }> {
  const c = await cluster(t, ['--ack-wait-ms', '2000']);
  const embedded = join(c.dir, 'embedded.json');
  const local = await runCli(['analyze', CASE, ...FLAGS, '--json', embedded, '-q']);
  t.is(local.code, 0, local.stderr);
  return { c, embedded };
}

/** Starts a worker and waits, through its metrics, until it has done three slices; returns how many it has done. */
async function threeSlicesDone(c: Cluster): Promise<number> {
  const port = await freePort();
  c.worker(['--metrics-port', String(port)]);
  const ok = 'identifiability_shards_processed_total{outcome="ok"}';
  return until(async () => ((await scrape(port, ok).catch(() => null)) ?? 0) >= 3 && (await scrape(port, ok)), 30_000, 'three slices done', 20);
}

test('analyze --nats: sliced over workers, one killed -9 mid-run, the same summary as embedded', async (t) => {
  const { c, embedded } = await clusterAndEmbedded(t);
  // The local pool with many slices gives the same file as the one in-process slice.
  const pooled = join(c.dir, 'pooled.json');
  const pool = await runCli(['analyze', CASE, ...FLAGS, '--slice-candidates', '50000', '--threads', '2', '--json', pooled, '-q']);
  t.is(pool.code, 0, pool.stderr);
  t.is(readFileSync(pooled, 'utf8'), readFileSync(embedded, 'utf8'));

  // Slices small enough that the plan cuts some units into parts of their first rows.
  const { input } = parseCase(JSON.parse(readFileSync(CASE, 'utf8')));
  const n = sliceCount(input.model.layerSizes, 0, 10_000);
  t.true(workedSliceRanges(input.model, input.grounding, 0, n).some((r) => r.firstRows), 'the plan has parts');
  const first = c.worker();
  const out = join(c.dir, 'nats.json');
  const analyze = spawnCli(['analyze', CASE, ...FLAGS, '--slice-candidates', '10000', ...c.nats, '--json', out]);
  await analyze.waitFor(/slices through NATS/);
  // Kill the first worker once it has finished some slices and holds another.
  await until(() => /progress: [1-9]\d*\//.test(analyze.output()) || first.output().length > 0, 20_000, 'a first slice result', 50);
  first.proc.kill('SIGKILL');
  c.worker();
  c.worker();
  t.is(await analyze.exited, 0, analyze.output());
  t.is(readFileSync(out, 'utf8'), readFileSync(embedded, 'utf8'));
  const summary = JSON.parse(readFileSync(out, 'utf8')).outputs[0].summary;
  t.true(summary.kept > 5000, 'past the list limit: the summary alone');
  t.is(JSON.parse(readFileSync(out, 'utf8')).outputs[0].circuits, undefined);
});

test('analyze --nats: the coordinator killed -9 mid-run, the same command again finishes from the stored slice results, the same file', async (t) => {
  const { c, embedded } = await clusterAndEmbedded(t);
  const out = join(c.dir, 'nats.json');
  const times = join(c.dir, 'slices.jsonl');
  const args = ['analyze', CASE, ...FLAGS, '--slice-candidates', '10000', ...c.nats, '--json', out, '--slice-times', times];
  const killed = spawnCli(args);
  await killed.waitFor(/(\d+) slices through NATS/);
  const planned = Number(/(\d+) slices through NATS/.exec(killed.output())?.[1]);
  // One worker, watched through its metrics: the coordinator dies once a few slices are done.
  const done = await threeSlicesDone(c);
  killed.proc.kill('SIGKILL');
  await killed.exited.catch(() => undefined);
  t.true(done < planned, `killed before the end (${done} of ${planned})`);
  c.worker();
  const again = spawnCli(args);
  t.is(await again.exited, 0, again.output());
  t.is(readFileSync(out, 'utf8'), readFileSync(embedded, 'utf8'));
  // Every slice once in the rerun's slice times, those stored before the kill included.
  const slices = readFileSync(times, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { slice: string }).slice);
  t.is(new Set(slices).size, planned);
  t.is(slices.length, planned);
});

test('analyze --nats: another plan is refused a prefix whose coordinator died mid-run, and with --take-over it deletes that plan\'s shards and runs its own', async (t) => {
  const { c, embedded } = await clusterAndEmbedded(t);
  // Plan A publishes its slices with no worker up, and dies.
  const abandoned = spawnCli(['analyze', CASE, ...FLAGS, '--slice-candidates', '10000', ...c.nats]);
  await abandoned.waitFor(/(\d+) slices through NATS/);
  abandoned.proc.kill('SIGKILL');
  await abandoned.exited.catch(() => undefined);
  // Plan B (other slices) on the same prefix.
  const out = join(c.dir, 'nats.json');
  const args = ['analyze', CASE, ...FLAGS, '--slice-candidates', '20000', ...c.nats, '--json', out];
  const refused = await runCli(args);
  t.is(refused.code, 2);
  t.regex(refused.stderr, /has not finished.*--take-over/);
  const taken = spawnCli([...args, '--take-over']);
  await taken.waitFor(/(\d+) slices through NATS/); // claimed: plan A's shards are gone
  const planned = Number(/(\d+) slices through NATS/.exec(taken.output())?.[1]);
  const port = await freePort();
  c.worker(['--metrics-port', String(port)]);
  t.is(await taken.exited, 0, taken.output());
  t.is(readFileSync(out, 'utf8'), readFileSync(embedded, 'utf8'));
  // The worker computed plan B's slices only: plan A's were deleted before it could take them.
  t.is(await scrape(port, 'identifiability_shards_processed_total{outcome="ok"}'), planned);
});

test('analyze --nats: nats-server restarted mid-run (file storage), the coordinator and the worker reconnect, the same file as embedded', async (t) => {
  const { c, embedded } = await clusterAndEmbedded(t);
  const out = join(c.dir, 'nats.json');
  const analyze = spawnCli(['analyze', CASE, ...FLAGS, '--slice-candidates', '10000', ...c.nats, '--json', out]);
  await analyze.waitFor(/(\d+) slices through NATS/);
  const planned = Number(/(\d+) slices through NATS/.exec(analyze.output())?.[1]);
  const done = await threeSlicesDone(c);
  await c.server.restart();
  t.true(done < planned, `restarted before the end (${done} of ${planned})`);
  t.is(await analyze.exited, 0, analyze.output());
  t.is(readFileSync(out, 'utf8'), readFileSync(embedded, 'utf8'));
});

test('analyze --nats --workers 1: the plan for one worker thread, at most 128 circuit slices per output, the same file as embedded', async (t) => {
  const { c, embedded } = await clusterAndEmbedded(t);
  const { input, config } = parseCase(JSON.parse(readFileSync(CASE, 'utf8')));
  const analysis = compileAnalysisOptions({ ...config, minSparsity: 0 }, input.model);
  const target = { model: input.model, validation: input.validation, grounding: input.grounding, gates: input.gates, analysis };
  const fleet = networkSliceSpecs(target, 5000, 2000, 1);
  t.true(fleet.length < networkSliceSpecs(target, 5000, 2000).length, 'fewer slices than the grain alone');
  t.true(fleet.filter((s) => s.kind === 'circuit-slice').length <= 128 * input.gates.length);
  c.worker();
  const out = join(c.dir, 'nats.json');
  const r = await runCli(['analyze', CASE, ...FLAGS, '--slice-candidates', '2000', '--workers', '1', ...c.nats, '--json', out]);
  t.is(r.code, 0, r.stderr);
  t.is(Number(/(\d+) slices through NATS/.exec(r.stdout)?.[1]), fleet.length);
  // The coordinator's own CPU, which no number of workers shares.
  const line = /^coordinator: ([\d.]+) s of CPU; its main thread ([\d.]+) s \(reading every result\), its busiest other thread ([\d.]+) s \(merging, or V8's own work\): no cluster/m.exec(r.stdout);
  const [cpu, main, other] = [line?.[1], line?.[2], line?.[3]].map(Number) as [number, number, number];
  t.true(cpu > 0 && main > 0 && other > 0 && main <= cpu + 0.01 && other <= cpu + 0.01, r.stdout);
  t.is(readFileSync(out, 'utf8'), readFileSync(embedded, 'utf8'));
});

const DEEP = 'examples/xor-3x3x3-s1.json';
const DEEP_FLAGS = ['--stages', 'circuits,groundings', '--slice-candidates', '1000'];

test('analyze --nats past two hidden layers: probes first, the coordinator killed -9 among the probes and again among the slices, the same command plans the same slices from the stored probes, the same file as embedded', async (t) => {
  const c = await cluster(t, ['--ack-wait-ms', '2000']);
  const embedded = join(c.dir, 'embedded.json');
  const local = await runCli(['analyze', DEEP, '--stages', 'circuits,groundings', '--json', embedded, '-q']);
  t.is(local.code, 0, local.stderr);
  const out = join(c.dir, 'nats.json');
  const times = join(c.dir, 'slices.jsonl');
  const args = ['analyze', DEEP, ...DEEP_FLAGS, ...c.nats, '--json', out, '--slice-times', times];
  // One worker, counted through its metrics: the first coordinator dies among the probes.
  const port = await freePort();
  const ok = 'identifiability_shards_processed_total{outcome="ok"}';
  const processed = async (): Promise<number> => (await scrape(port, ok).catch(() => null)) ?? 0;
  const first = spawnCli(args);
  const probes = Number((await first.waitFor(/\((\d+) slices of the circuit search alone\)/))[1]);
  const worker = c.worker(['--metrics-port', String(port)]);
  await until(async () => (await processed()) >= 3, 30_000, 'three probes done', 10);
  first.proc.kill('SIGKILL');
  await first.exited.catch(() => undefined);
  t.false(/probed in/.test(first.output()), `killed among the probes: ${first.output()}`);
  // The second dies among the slices, its probes all in (most of them from the store).
  const second = spawnCli(args);
  const planned = Number((await second.waitFor(/; (\d+) slices planned from them/, 60_000))[1]);
  const inPlan = await processed();
  await until(async () => (await processed()) >= inPlan + 3 && (await processed()), 30_000, 'three slices done', 10);
  second.proc.kill('SIGKILL');
  await second.exited.catch(() => undefined);
  t.false(/wrote /.test(second.output()), 'killed before the end');
  const third = spawnCli(args);
  t.is(await third.exited, 0, third.output());
  t.is(readFileSync(out, 'utf8'), readFileSync(embedded, 'utf8'));
  t.regex(third.output(), new RegExp(`; ${planned} slices planned from them`), 'the same plan from the stored probes');
  // Every probe and every slice once in the last run's slice times (the probes first, marked),
  // those stored before the kills included; the slices listed again for the whole list (8 725
  // kept, within the limit) apart.
  const all = readFileSync(times, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { slice: string; relisted: boolean; probe?: boolean });
  t.is(all.filter((r) => r.probe === true).length, probes);
  t.true(all.slice(0, probes).every((r) => r.probe === true), 'the probes first');
  const records = all.filter((r) => r.probe === undefined);
  const slices = records.filter((r) => !r.relisted).map((r) => r.slice);
  t.is(new Set(slices).size, planned);
  t.is(slices.length, planned);
  const relisted = records.length - slices.length;
  // Nothing computed twice: each probe and slice once on the worker (a redelivery past the ack wait aside).
  t.true((await processed()) <= probes + planned + relisted + 2, `${await processed()} shards for ${probes} probes, ${planned} slices and ${relisted} relisted`);
  worker.proc.kill('SIGKILL');
});

test('analyze --nats --criteria: every criterion runs in slices over the workers (faithful and mean-ablation judged in each slice, consistent from the slices\' kept circuits per unit, minimal-circuits among the listed ones), the same file as embedded', async (t) => {
  const c = await cluster(t, ['--ack-wait-ms', '2000']);
  const golden = 'test/golden/xor+and-k3-s3.json';
  c.worker();
  for (const names of ['all-pairs-iia,joint-iia,consistent', 'mean-ablation,joint-iia,consistent', 'minimal-circuits,faithful:0.1,consistent']) {
    const args = ['analyze', golden, '--criteria', names, '-q'];
    const embedded = join(c.dir, `criteria-embedded-${names}.json`);
    const local = await runCli([...args, '--json', embedded]);
    t.is(local.code, 0, local.stderr);
    const out = join(c.dir, `criteria-nats-${names}.json`);
    const r = await runCli([...args, '--slice-candidates', '300', ...c.nats, '--json', out]);
    t.is(r.code, 0, r.stderr);
    t.is(readFileSync(out, 'utf8'), readFileSync(embedded, 'utf8'), names);
    const outputs = JSON.parse(readFileSync(out, 'utf8')).outputs as { criteria: string[]; summary: { kept: number } }[];
    t.deepEqual(outputs.map((o) => o.criteria), [names.split(','), names.split(',')]);
    const authors = (JSON.parse(readFileSync(golden, 'utf8')) as { expected: { circuits: unknown[] }[] }).expected;
    if (!names.startsWith('all-pairs')) t.true(outputs.some((o, i) => o.summary.kept < (authors[i]?.circuits.length ?? 0)), `${names} dropped circuits`);
  }
});
