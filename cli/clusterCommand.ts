/**
 * `identifiability cluster --workers N [study flags]` (`npm run cluster -- --workers N`): a whole
 * distributed deployment on loopback for people without Kubernetes. It starts nats-server, N
 * worker processes and Prometheus, runs the study through them as the coordinator, and stops all
 * of it when the study ends or on Ctrl-C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { UsageError } from './errors.js';
import { distinctFreePort } from './freePort.js';
import { runCommand, type RunFlags } from './runCommand.js';

export interface ClusterFlags extends RunFlags {
  readonly workers: number;
  readonly threadsPerWorker?: number;
  /** Keep everything (Prometheus included) up after the study until Ctrl-C. */
  readonly keep?: boolean;
}

const BIN = fileURLToPath(new URL('../../bin/identifiability.js', import.meta.url));

async function waitForPort(port: number, child: ChildProcess, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new UsageError(`cluster: ${what} exited at start (code ${child.exitCode}); is it installed? (deploy/setup.sh)`);
    const open = await new Promise<boolean>((done) => {
      const s = createConnection({ port, host: '127.0.0.1' }, () => s.end(() => done(true)));
      s.once('error', () => done(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new UsageError(`cluster: ${what} did not open port ${port}`);
}

function start(cmd: string, args: string[], log: (line: string) => void, name: string): ChildProcess {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.on('error', (err) => log(`cluster: ${name}: ${err.message}`));
  return child;
}

function prometheusConfig(coordinator: number, workers: number[]): string {
  const job = (name: string, ports: number[]): string =>
    `  - job_name: ${name}\n    static_configs:\n      - targets: [${ports.map((p) => `'127.0.0.1:${p}'`).join(', ')}]\n`;
  return `global:\n  scrape_interval: 2s\nscrape_configs:\n${job('coordinator', [coordinator])}${job('worker', workers)}`;
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  const alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
  for (const c of alive) c.kill('SIGTERM');
  const deadline = Date.now() + 10_000;
  while (alive.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline) await sleep(50);
  for (const c of alive) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

export async function clusterCommand(flags: ClusterFlags, print: (line: string) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'identifiability-cluster-'));
  const children: ChildProcess[] = [];
  const prefix = `cluster${process.pid}`;
  // Nothing listens on the coordinator's metrics port until the study starts, after Prometheus:
  // without this set a later pick could be the same port (CI saw Prometheus take it).
  const taken = new Set<number>(flags.metricsPort !== undefined ? [flags.metricsPort] : []);
  try {
    const natsPort = await distinctFreePort(taken);
    const nats = start('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(natsPort), '-sd', join(dir, 'nats')], print, 'nats-server');
    children.push(nats);
    await waitForPort(natsPort, nats, 'nats-server');
    const url = `nats://127.0.0.1:${natsPort}`;
    const coordinatorPort = flags.metricsPort ?? (await distinctFreePort(taken));
    const workerPorts: number[] = [];
    for (let i = 0; i < flags.workers; i++) {
      const port = await distinctFreePort(taken);
      workerPorts.push(port);
      const args = [BIN, 'worker', '--nats', url, '--prefix', prefix, '--threads', String(flags.threadsPerWorker ?? 1), '--metrics-port', String(port), '-q'];
      children.push(start(process.execPath, flags.keep ? args : [...args, '--exit-when-done'], print, `worker ${i}`));
    }
    const promPort = await distinctFreePort(taken);
    writeFileSync(join(dir, 'prometheus.yml'), prometheusConfig(coordinatorPort, workerPorts));
    const prom = start('prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'prom')}`, `--web.listen-address=127.0.0.1:${promPort}`], print, 'prometheus');
    children.push(prom);
    await waitForPort(promPort, prom, 'prometheus').catch((err: Error) => print(`${err.message}; continuing without it`));
    if (!flags.quiet) {
      print(`cluster: nats ${url}, ${flags.workers} workers (metrics ${workerPorts.join(', ')}), Prometheus http://127.0.0.1:${promPort}/graph`);
    }
    await runCommand({ ...flags, nats: url, prefix, metricsPort: coordinatorPort }, print);
    if (flags.keep) {
      print('cluster: study done; everything stays up until Ctrl-C');
      await new Promise<void>((done) => process.once('SIGINT', () => done()));
    }
  } finally {
    await stopAll(children);
    rmSync(dir, { recursive: true, force: true });
    if (!flags.quiet) print('cluster: stopped nats-server, workers and Prometheus');
  }
}
