/**
 * Shared pieces of the distributed tests: one real nats-server per test, a unique run prefix,
 * the embedded answer to compare against, and worker/coordinator argument lists.
 */
import type { ExecutionContext } from 'ava';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cli.js';
import { startNatsServer, type NatsServer, type NatsServerOptions } from './natsServer.js';
import { killAll, spawnCli, type CliChild } from './processes.js';
import { dfOut, resultsWithoutTimings } from './runDir.js';
import { tempDir } from './tempDir.js';

export const uniquePrefix = (): string => `t${randomUUID().replaceAll('-', '').slice(0, 16)}`;

export interface Cluster {
  readonly server: NatsServer;
  readonly prefix: string;
  readonly dir: string;
  /** `--nats URL --prefix P` plus the connection and queue-policy flags given to `cluster()`. */
  readonly nats: string[];
  worker(extra?: string[]): CliChild;
  coordinator(study: readonly string[], out: string, extra?: string[]): CliChild;
}

export interface ClusterOptions {
  /** How the nats-server is started (auth, TLS, a config). */
  readonly server?: NatsServerOptions;
  /** Connection flags every process gets (e.g. `--nats-ca FILE`). */
  readonly connect?: readonly string[];
  /** Environment of every process (e.g. NATS_NKEY_SEED). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** A nats-server, a temp dir and a prefix for one test; everything is killed and removed on teardown. */
export async function cluster(t: Pick<ExecutionContext, 'teardown'>, policy: string[] = [], o: ClusterOptions = {}): Promise<Cluster> {
  const server = await startNatsServer(o.server);
  const dir = mkdtempSync(join(tmpdir(), 'identifiability-dist-'));
  const prefix = uniquePrefix();
  const children: CliChild[] = [];
  t.teardown(async () => {
    await killAll(children);
    await server.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  const nats = ['--nats', server.url, '--prefix', prefix, ...(o.connect ?? []), ...policy];
  const track = (c: CliChild): CliChild => (children.push(c), c);
  return {
    server,
    prefix,
    dir,
    nats,
    worker: (extra = []) => track(spawnCli(['worker', ...nats, '--threads', '1', ...extra], o.env)),
    coordinator: (study, out, extra = []) => track(spawnCli(['run', ...study, ...nats, '--out', out, ...extra], o.env)),
  };
}

/** The embedded answer (1 thread) of a study, computed once per test file. */
export async function embeddedRun(study: readonly string[]): Promise<string> {
  const out = join(tempDir('identifiability-embedded-'), 'run');
  const r = await runCli(['run', ...study, '--threads', '1', '-q', '--out', out]);
  if (r.code !== 0) throw new Error(`embedded run failed: ${r.stderr}`);
  return out;
}

/**
 * Both outputs, so one deepEqual compares the tables and the per-network records. Records are
 * compared as JSON text: ava's deepEqual of the parsed records of width-5 networks took 24 s.
 */
export function answer(dir: string): { df: string; results: string[] } {
  return { df: dfOut(dir), results: resultsWithoutTimings(dir).map((r) => JSON.stringify(r)) };
}
