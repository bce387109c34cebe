/**
 * Authentication and TLS against a real nats-server, end to end through the CLI: an nkey user
 * (seed from the environment), mutual TLS (CA, client certificate and key flags) and a `.creds`
 * file in operator mode (JWTs made with @nats-io/jwt). Each completes a study with the embedded
 * answer; a wrong credential is refused in one line with exit code 2 and no retry loop.
 */
import test, { type ExecutionContext } from 'ava';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeAccount, encodeOperator, encodeUser, fmtCreds } from '@nats-io/jwt';
import { createAccount, createOperator, createUser } from '@nats-io/nkeys';
import { answer, cluster, embeddedRun, type ClusterOptions } from '../helpers/distributed.js';
import { makeTlsFiles } from '../helpers/tlsFiles.js';

const study = ['--preset', 'basic', '--experiments', '4', '--seed', '9', '-q'];
let embedded: ReturnType<typeof answer>;

test.before(async () => {
  embedded = answer(await embeddedRun(study));
});

const seedOf = (kp: { getSeed(): Uint8Array }): string => new TextDecoder().decode(kp.getSeed());

/** One worker and the coordinator through a server set up by `o`; returns the run's answer. */
async function runThrough(t: ExecutionContext, o: ClusterOptions): Promise<ReturnType<typeof answer>> {
  const c = await cluster(t, [], o);
  const worker = c.worker(['--exit-when-done', '-q']);
  const out = join(c.dir, 'out');
  const run = c.coordinator(study, out);
  const code = await run.exited;
  if (code !== 0) throw new Error(`coordinator exited ${code}: ${run.output()}`);
  await worker.exited;
  return answer(out);
}

/** The coordinator alone against a server that must refuse it: exit 2, one line, no stack trace. */
async function refused(t: ExecutionContext, o: ClusterOptions): Promise<string> {
  const c = await cluster(t, [], o);
  const run = c.coordinator(study, join(c.dir, 'out'));
  t.is(await run.exited, 2, run.output());
  t.false(run.output().includes('    at '), 'no stack trace');
  return run.output();
}

test('nkey user: the seed from NATS_NKEY_SEED connects; another seed is refused in one line', async (t) => {
  const user = createUser();
  const server = { config: `authorization { users = [ { nkey: "${user.getPublicKey()}" } ] }\n` };
  t.deepEqual(await runThrough(t, { server, env: { ...process.env, NATS_NKEY_SEED: seedOf(user) } }), embedded);

  const output = await refused(t, { server, env: { ...process.env, NATS_NKEY_SEED: seedOf(createUser()) } });
  t.regex(output, /^identifiability: --nats: NATS refused the credentials for nats:\/\/127\.0\.0\.1:\d+ \(nkey\): /m);
});

test('mutual TLS: CA, client certificate and key connect; without a client certificate the server refuses', async (t) => {
  const tls = makeTlsFiles();
  t.teardown(() => tls.cleanup());
  const server = { config: `tls {\n  cert_file: "${tls.serverCert}"\n  key_file: "${tls.serverKey}"\n  ca_file: "${tls.ca}"\n  verify: true\n}\n` };
  const connect = ['--nats-ca', tls.ca, '--nats-cert', tls.clientCert, '--nats-key', tls.clientKey];
  t.deepEqual(await runThrough(t, { server, connect }), embedded);

  const output = await refused(t, { server, connect: ['--nats-ca', tls.ca] });
  t.regex(output, /^identifiability: --nats: cannot connect to NATS at .* \(no auth, TLS\): timeout \(with TLS: does the server want a client certificate/m);
});

test('operator mode: a .creds file from NATS_CREDS connects with JetStream enabled by the account JWT', async (t) => {
  const operator = createOperator();
  const account = createAccount();
  const user = createUser();
  const operatorJwt = await encodeOperator('identifiability-test', operator);
  const unlimited = { subs: -1, data: -1, payload: -1, imports: -1, exports: -1, wildcards: true, conn: -1, leaf: -1 };
  const jetstream = { mem_storage: -1, disk_storage: -1, streams: -1, consumer: -1 };
  const accountJwt = await encodeAccount('studies', account, { limits: { ...unlimited, ...jetstream } }, { signer: operator });
  const userJwt = await encodeUser('worker', user, account);
  // JetStream in operator mode needs a system account.
  const system = createAccount();
  const systemJwt = await encodeAccount('SYS', system, {}, { signer: operator });
  const server = {
    config: [
      `operator: ${operatorJwt}`,
      `system_account: ${system.getPublicKey()}`,
      'resolver: MEMORY',
      `resolver_preload: {\n  ${account.getPublicKey()}: ${accountJwt}\n  ${system.getPublicKey()}: ${systemJwt}\n}`,
      '',
    ].join('\n'),
  };
  const dir = mkdtempSync(join(tmpdir(), 'creds-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const creds = join(dir, 'worker.creds');
  writeFileSync(creds, fmtCreds(userJwt, user));
  t.deepEqual(await runThrough(t, { server, env: { ...process.env, NATS_CREDS: creds } }), embedded);
});
