import test from 'ava';
import { ConfigError } from '../../shared/wire/errors.js';
import { resultMsgId, shardId, subjects } from '../../shared/wire/subjects.js';

test('every name derives from the prefix', (t) => {
  t.deepEqual(subjects('run-1'), {
    prefix: 'run-1',
    workStream: 'run-1_WORK',
    workSubject: 'run-1.work',
    consumer: 'run-1_workers',
    resultStream: 'run-1_RESULTS',
    resultSubject: 'run-1.results',
    resultConsumer: 'run-1_collector',
    deadLetterSubject: '$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.run-1_WORK.run-1_workers',
    kvBucket: 'run-1_run',
  });
});

test('shard ids are deterministic', (t) => {
  t.is(shardId('plan', 12), 'plan:12');
  t.is(resultMsgId(shardId('plan', 12)), 'result:plan:12');
});

for (const bad of ['', 'a.b', 'a b', 'a*', 'a>', 'x'.repeat(49)]) {
  test(`prefix ${JSON.stringify(bad.slice(0, 10))} is rejected`, (t) => {
    t.throws(() => subjects(bad), { instanceOf: ConfigError, message: /^run prefix: expected 1-48 characters from A-Z a-z 0-9 _ -, got / });
  });
}
