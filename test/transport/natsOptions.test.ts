import test from 'ava';
import { describeNats, natsConnectionOptions } from '../../transport/natsOptions.js';
import { ConfigError } from '../../shared/wire/errors.js';

test('defaults: local server, reconnect forever', (t) => {
  t.like(natsConnectionOptions({}), { servers: ['nats://127.0.0.1:4222'], maxReconnectAttempts: -1, reconnectTimeWait: 1000 });
});

test('a comma-separated server list and user/password', (t) => {
  const o = natsConnectionOptions({ servers: 'nats://a:4222, nats://b:4222', user: 'u', pass: 'p' });
  t.deepEqual(o.servers, ['nats://a:4222', 'nats://b:4222']);
  t.is(o.user, 'u');
  t.is(o.pass, 'p');
});

test('a token and an nkey seed become auth options', (t) => {
  t.is(natsConnectionOptions({ token: 'tok' }).token, 'tok');
  t.is(typeof natsConnectionOptions({ nkeySeed: 'SUAEXAMPLE' }).authenticator, 'function');
});

const rejects = (name: string, o: Parameters<typeof natsConnectionOptions>[0], message: string) =>
  test(`rejects ${name}`, (t) => {
    const err = t.throws(() => natsConnectionOptions(o), { instanceOf: ConfigError, message });
    t.false(err?.message.includes('hunter2'), 'no secret in the message');
  });

rejects('two auth methods', { user: 'u', pass: 'hunter2', token: 'hunter2' }, 'nats: give one of user/pass, token, nkeySeed, credsFile; got user and token');
rejects('a password without user', { pass: 'hunter2' }, 'nats.pass needs nats.user');
rejects('a seed that is not a user seed', { nkeySeed: 'SAhunter2' }, 'nats.nkeySeed must be a user seed (it starts with "SU")');
rejects('a missing creds file', { credsFile: '/nonexistent/x.creds' }, 'nats.credsFile: no such file /nonexistent/x.creds');
rejects('a cert without key', { tls: { certFile: '/etc/hostname' } }, 'nats.tls: give both certFile and keyFile for client certificates, or neither');
rejects('credentials in the URL', { servers: 'nats://u:hunter2@host:4222' }, 'nats.servers must not embed credentials in the URL; use nats.user/pass or nats.token');
rejects('a zero reconnect wait', { reconnectWaitMs: 0 }, 'nats.reconnectWaitMs must be a positive integer (ms), got 0');

test('describeNats names the auth method, never the secret', (t) => {
  t.is(describeNats({ servers: 'nats://h:1', user: 'ident', pass: 'hunter2', tls: {} }), 'nats://h:1 (user "ident", TLS)');
  t.is(describeNats({ token: 'hunter2' }), 'nats://127.0.0.1:4222 (token)');
});
