/**
 * Starts a real `nats-server` with JetStream on a free port and a temp store dir, like nats.js's
 * `nst` helper. Tests call `startNatsServer()` and register `server.cleanup` with `t.teardown`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../cli/freePort.js';

export const NATS_SERVER_BIN = process.env.NATS_SERVER_BIN ?? 'nats-server';

export interface NatsServerOptions {
  readonly user?: string;
  readonly pass?: string;
  readonly token?: string;
  /** Extra server configuration (nats-server config syntax: TLS, nkey users, operator mode). */
  readonly config?: string;
}

export interface NatsServer {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  /** SIGTERM, then wait for exit: JetStream flushes its file store. */
  stop(): Promise<void>;
  /** SIGKILL: a crash. */
  kill(): Promise<void>;
  /** Stops (if running) and starts again on the same port and store dir. */
  restart(): Promise<void>;
  /** Stops and removes the store dir; safe to call twice. */
  cleanup(): Promise<void>;
}

export async function startNatsServer(opts: NatsServerOptions = {}): Promise<NatsServer> {
  const port = await freePort();
  const storeDir = await mkdtemp(join(tmpdir(), 'nats-test-'));
  const configArgs: string[] = [];
  if (opts.config !== undefined) {
    const file = join(storeDir, 'server.conf');
    await writeFile(file, opts.config);
    configArgs.push('-c', file);
  }
  // Flags after -c override the file: port, store dir and JetStream always come from here.
  const args = [...configArgs, '-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir, ...authArgs(opts)];
  let child: ChildProcess | null = await launch(args, port);

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const c = child;
    child = null;
    if (c === null || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill(signal);
    await exited;
  };
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    stop: () => halt('SIGTERM'),
    kill: () => halt('SIGKILL'),
    async restart() {
      await halt('SIGTERM');
      child = await launch(args, port);
    },
    async cleanup() {
      await halt('SIGKILL');
      await rm(storeDir, { recursive: true, force: true });
    },
  };
}

function authArgs(o: NatsServerOptions): string[] {
  if (o.token !== undefined) return ['--auth', o.token];
  if (o.user !== undefined) return ['--user', o.user, '--pass', o.pass ?? ''];
  return [];
}

/** Spawns the server and resolves once it answers a client with its INFO line. */
async function launch(args: string[], port: number): Promise<ChildProcess> {
  const child = spawn(NATS_SERVER_BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-4000);
  });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}:\n${log}`);
    if (await answersInfo(port)) return child;
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGKILL');
  throw new Error(`nats-server did not accept connections on ${port} within 10 s:\n${log}`);
}

function answersInfo(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.once('data', (d) => done(d.toString().startsWith('INFO')));
    sock.once('error', () => done(false));
    sock.setTimeout(500, () => done(false));
  });
}
