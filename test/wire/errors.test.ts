import test from 'ava';
import { ConfigError, errorFromRecord, errorToRecord, ShardError, TransportError, WireError } from '../../shared/wire/errors.js';

test('named errors keep name, code, retryable and cause', (t) => {
  const cause = new Error('socket closed');
  const err = new TransportError('lost NATS', 'TRANSPORT', true, { cause });
  t.is(err.name, 'TransportError');
  t.is(err.cause, cause);
  t.true(err instanceof Error);
  t.false(new WireError('x').retryable);
  t.false(new ConfigError('x').retryable);
  t.is(new ConfigError('x').code, 'CONFIG_INVALID');
});

test('errors cross structured clone as records and come back as their class', (t) => {
  for (const err of [new WireError('bad field'), new TransportError('auth', 'TRANSPORT_AUTH', false), new ShardError('oom', 'OOM', true)]) {
    // structuredClone is what postMessage does; a raw Error would lose name and code here.
    const back = errorFromRecord(structuredClone(errorToRecord(err)));
    t.is(back.constructor, err.constructor);
    t.is(back.name, err.name);
    t.is(back.message, err.message);
    t.is(back.code, err.code);
    t.is(back.retryable, err.retryable);
    t.is(back.stack, err.stack);
  }
});

test('foreign errors and non-errors become retryable ShardErrors that keep the original name', (t) => {
  const back = errorFromRecord(errorToRecord(new RangeError('too big')));
  t.true(back instanceof ShardError);
  t.is(back.message, 'RangeError: too big');
  t.true(back.retryable);
  t.deepEqual(errorToRecord('boom'), { name: 'Error', message: 'boom', code: 'UNKNOWN', retryable: true });
});
