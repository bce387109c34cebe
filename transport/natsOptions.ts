/**
 * Turns a plain options object (the CLI maps flags and env to it) into nats.js connection
 * options, and connects with them. Secrets never appear in an error or in `describeNats`; only
 * their presence does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { connect, credsAuthenticator, nkeyAuthenticator, type NatsConnection, type NodeConnectionOptions } from '@nats-io/transport-node';
import type { Authenticator } from '@nats-io/transport-node';
import { ConfigError, TransportError } from '../shared/wire/errors.js';

export const DEFAULT_NATS_URL = 'nats://127.0.0.1:4222';
export const DEFAULT_RECONNECT_WAIT_MS = 1_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export interface NatsTlsOptions {
  /** PEM file of the CA that signed the server certificate. */
  readonly caFile?: string;
  /** Client certificate and key for mutual TLS; give both or neither. */
  readonly certFile?: string;
  readonly keyFile?: string;
}

export interface NatsConnectOptions {
  /** @default DEFAULT_NATS_URL */
  readonly servers?: string | readonly string[];
  readonly user?: string;
  readonly pass?: string;
  readonly token?: string;
  /** A user nkey seed (starts with "SU"). */
  readonly nkeySeed?: string;
  /** Path of a `.creds` file (JWT + seed); re-read on each reconnect so rotation works. */
  readonly credsFile?: string;
  readonly tls?: NatsTlsOptions;
  /** Connection name shown by the server's monitoring. */
  readonly name?: string;
  /** @default DEFAULT_RECONNECT_WAIT_MS */
  readonly reconnectWaitMs?: number;
  /** @default DEFAULT_CONNECT_TIMEOUT_MS */
  readonly connectTimeoutMs?: number;
}

/** Validated, defaulted nats.js options; reconnects forever so a server restart is survived. */
export function natsConnectionOptions(o: NatsConnectOptions): NodeConnectionOptions {
  const servers = serverList(o.servers);
  const auth = authOptions(o);
  return {
    servers,
    ...auth,
    ...(o.tls === undefined ? {} : { tls: tlsOptions(o.tls) }),
    ...(o.name === undefined ? {} : { name: o.name }),
    maxReconnectAttempts: -1,
    reconnectTimeWait: positiveMs(o.reconnectWaitMs ?? DEFAULT_RECONNECT_WAIT_MS, 'reconnectWaitMs'),
    timeout: positiveMs(o.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, 'connectTimeoutMs'),
  };
}

/** One loggable line: servers and which auth is used, never the secret itself. */
export function describeNats(o: NatsConnectOptions): string {
  const auth =
    o.credsFile !== undefined ? `creds file ${o.credsFile}`
    : o.nkeySeed !== undefined ? 'nkey'
    : o.token !== undefined ? 'token'
    : o.user !== undefined ? `user "${o.user}"`
    : 'no auth';
  const tls = o.tls === undefined ? '' : ', TLS';
  return `${serverList(o.servers).join(',')} (${auth}${tls})`;
}

function serverList(s: NatsConnectOptions['servers']): string[] {
  const list = s === undefined ? [DEFAULT_NATS_URL] : typeof s === 'string' ? s.split(',') : [...s];
  const trimmed = list.map((u) => u.trim()).filter((u) => u.length > 0);
  if (trimmed.length === 0) throw new ConfigError('nats.servers must name at least one server, e.g. nats://host:4222');
  for (const u of trimmed) {
    if (/\s/.test(u)) throw new ConfigError(`nats.servers: "${u}" contains whitespace`);
    if (/^[a-z]+:\/\/[^/]*@/i.test(u)) {
      throw new ConfigError('nats.servers must not embed credentials in the URL; use nats.user/pass or nats.token');
    }
  }
  return trimmed;
}

/** Exactly one authentication method, so a stale env variable cannot silently win. */
function authOptions(o: NatsConnectOptions): Partial<NodeConnectionOptions> {
  const given = (['user', 'token', 'nkeySeed', 'credsFile'] as const).filter((k) => o[k] !== undefined);
  if (given.length > 1) throw new ConfigError(`nats: give one of user/pass, token, nkeySeed, credsFile; got ${given.join(' and ')}`);
  if (o.pass !== undefined && o.user === undefined) throw new ConfigError('nats.pass needs nats.user');
  if (o.user !== undefined) return { user: o.user, pass: o.pass ?? '' };
  if (o.token !== undefined) return { token: o.token };
  if (o.nkeySeed !== undefined) return { authenticator: nkeyAuth(o.nkeySeed) };
  if (o.credsFile !== undefined) return { authenticator: credsAuth(o.credsFile) };
  return {};
}

function nkeyAuth(seed: string): Authenticator {
  if (!seed.startsWith('SU')) throw new ConfigError('nats.nkeySeed must be a user seed (it starts with "SU")');
  return nkeyAuthenticator(new TextEncoder().encode(seed));
}

function credsAuth(path: string): Authenticator {
  readable(path, 'nats.credsFile');
  return credsAuthenticator(() => readFileSync(path));
}

function tlsOptions(t: NatsTlsOptions): NonNullable<NodeConnectionOptions['tls']> {
  if ((t.certFile === undefined) !== (t.keyFile === undefined)) {
    throw new ConfigError('nats.tls: give both certFile and keyFile for client certificates, or neither');
  }
  for (const k of ['caFile', 'certFile', 'keyFile'] as const) {
    const path = t[k];
    if (path !== undefined) readable(path, `nats.tls.${k}`);
  }
  return { ...t };
}

function readable(path: string, field: string): void {
  if (!existsSync(path)) throw new ConfigError(`${field}: no such file ${path}`);
}

function positiveMs(v: number, field: string): number {
  if (!Number.isSafeInteger(v) || v < 1) throw new ConfigError(`nats.${field} must be a positive integer (ms), got ${v}`);
  return v;
}

/** Connects once; the returned connection reconnects forever. Auth failures are not retryable. */
export async function connectNats(o: NatsConnectOptions): Promise<NatsConnection> {
  const where = describeNats(o);
  try {
    return await connect(natsConnectionOptions(o));
  } catch (err) {
    const text = String((err as Error)?.message ?? err);
    if (/authoriz|authenticat/i.test(text)) {
      throw new TransportError(`NATS refused the credentials for ${where}: check user/password, token, nkey or creds (a retry will not help)`, 'TRANSPORT_AUTH', false, { cause: err });
    }
    // A server that requires a client certificate drops the handshake without a reason; the
    // client only sees its connect timeout.
    const hint = o.tls !== undefined && /timeout/i.test(text) ? ' (with TLS: does the server want a client certificate, --nats-cert/--nats-key, and does --nats-ca sign the server\'s?)' : '';
    throw new TransportError(`cannot connect to NATS at ${where}: ${text}${hint}`, 'TRANSPORT_CONNECT', true, { cause: err });
  }
}
