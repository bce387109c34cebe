/**
 * NATS connection flags shared by `run` and `worker`. Secrets may come from the environment
 * (NATS_USER, NATS_PASSWORD, NATS_TOKEN, NATS_NKEY_SEED, NATS_CREDS) so they stay out of process
 * listings; they are never printed.
 */
import { Option, type Command } from 'commander';
import { UsageError } from './errors.js';
import { positiveInt } from './flags.js';
import type { NatsConnectOptions } from '../transport/natsOptions.js';
import type { Transport } from '../transport/transport.js';

export const DEFAULT_PREFIX = 'identifiability';

export interface NatsFlags {
  readonly nats?: string;
  readonly natsUser?: string;
  readonly natsPassword?: string;
  readonly natsToken?: string;
  readonly natsNkeySeed?: string;
  readonly natsCreds?: string;
  readonly natsCa?: string;
  readonly natsCert?: string;
  readonly natsKey?: string;
  readonly prefix: string;
  /** `run` and `analyze`: take the prefix from an unfinished plan whose coordinator is gone. */
  readonly takeOver?: boolean;
  /** Advanced: applied only by the process that creates the run's work consumer. */
  readonly ackWaitMs?: number;
  readonly maxDeliver?: number;
}

export function addNatsFlags(cmd: Command, required: boolean): Command {
  const url = '--nats <url>';
  const help = required ? 'NATS server URL(s), comma-separated (env NATS_URL)' : 'run distributed through this NATS server (env NATS_URL); without it, everything runs in this process';
  cmd
    .option(url, help)
    .option('--nats-user <user>', 'NATS user (env NATS_USER)')
    .option('--nats-password <password>', 'NATS password (env NATS_PASSWORD)')
    .option('--nats-token <token>', 'NATS token (env NATS_TOKEN)')
    .option('--nats-nkey-seed <seed>', 'NATS nkey seed (env NATS_NKEY_SEED)')
    .option('--nats-creds <file>', 'NATS .creds file (env NATS_CREDS)')
    .option('--nats-ca <file>', 'TLS: CA certificate file')
    .option('--nats-cert <file>', 'TLS: client certificate file')
    .option('--nats-key <file>', 'TLS: client key file')
    .option('--prefix <name>', 'name prefix of the JetStream streams, consumers and KV bucket', DEFAULT_PREFIX)
    // Advanced: the first process of a run fixes them on the server; later ones inherit its values.
    .addOption(new Option('--ack-wait-ms <ms>', 'advanced: an unacked shard is redelivered after this long (default 30000)').argParser(positiveInt))
    .addOption(new Option('--max-deliver <n>', 'advanced: deliveries of a shard before it is dead-lettered (default 3)').argParser(positiveInt));
  // Coordinators claim the prefix; workers (required) never do.
  if (!required) cmd.option('--take-over', 'with --nats: take the --prefix from another plan that has not finished and whose coordinator is gone (its shards and results on the server are deleted)');
  return cmd;
}

/** --take-over names a run prefix on a NATS server: refused without one (flag or NATS_URL). */
export function takeOverNeedsNats(f: Partial<NatsFlags>, env: NodeJS.ProcessEnv = process.env): void {
  if (f.takeOver === true && !(f.nats ?? env.NATS_URL)) throw new UsageError('--take-over: only with --nats (it takes a run prefix on a NATS server)');
}

/** The queue policy flags given, for `natsTransport`. */
export function queueFlags(f: NatsFlags): { ackWaitMs?: number; maxDeliver?: number } {
  return { ...(f.ackWaitMs !== undefined && { ackWaitMs: f.ackWaitMs }), ...(f.maxDeliver !== undefined && { maxDeliver: f.maxDeliver }) };
}

/** Connection options from flags and, for anything not given, the environment. */
export function natsConnection(f: NatsFlags, env: NodeJS.ProcessEnv, name: string): NatsConnectOptions | null {
  const servers = f.nats ?? env.NATS_URL;
  if (!servers) return null;
  const pick = (flag: string | undefined, key: string): string | undefined => flag ?? (env[key] || undefined);
  const tls = f.natsCa || f.natsCert || f.natsKey ? { ...(f.natsCa && { caFile: f.natsCa }), ...(f.natsCert && { certFile: f.natsCert }), ...(f.natsKey && { keyFile: f.natsKey }) } : undefined;
  const user = pick(f.natsUser, 'NATS_USER');
  const pass = pick(f.natsPassword, 'NATS_PASSWORD');
  const token = pick(f.natsToken, 'NATS_TOKEN');
  const nkeySeed = pick(f.natsNkeySeed, 'NATS_NKEY_SEED');
  const credsFile = pick(f.natsCreds, 'NATS_CREDS');
  return {
    servers: servers.split(',').map((s) => s.trim()).filter(Boolean),
    name,
    ...(user && { user }),
    ...(pass && { pass }),
    ...(token && { token }),
    ...(nkeySeed && { nkeySeed }),
    ...(credsFile && { credsFile }),
    ...(tls && { tls }),
  };
}

/**
 * Connects to the NATS server the flags (or NATS_URL) name, or returns null when none is named.
 * The NATS client is imported here, only when a server is named; a bad URL, refused credentials
 * or an unreachable server is one line naming --nats (exit 2).
 */
export async function connectNats(f: NatsFlags, name: string): Promise<Transport | null> {
  const connection = natsConnection(f, process.env, name);
  if (!connection) return null;
  const [{ natsTransport }, { ConfigError, TransportError }, { UsageError }] = await Promise.all([
    import('../transport/natsTransport.js'),
    import('../shared/wire/errors.js'),
    import('./errors.js'),
  ]);
  try {
    return await natsTransport({ prefix: f.prefix, connection, ...queueFlags(f) });
  } catch (err) {
    if (err instanceof ConfigError || err instanceof TransportError) throw new UsageError(`--nats: ${err.message}`, { cause: err });
    throw err;
  }
}
