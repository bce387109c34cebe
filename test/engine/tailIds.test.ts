import test from 'ava';
import { A_IDS, TAU_BITS, TailIds } from '../../shared/engine/tailIds.js';

test('tails are ids in the order asked, decoded back to both tables, distinct for distinct pairs', (t) => {
  const ids = new TailIds(256);
  t.is(ids.perState, A_IDS << TAU_BITS);
  const pairs: [number, number][] = [
    [200, 7],
    [3, 7],
    [200, 255],
    [3, 255],
    [200, 7],
  ];
  const tails = pairs.map(([a, tau]) => ids.tail(a, tau));
  t.deepEqual(tails, [0, 1 << TAU_BITS, 1, (1 << TAU_BITS) | 1, 0]);
  pairs.forEach(([a, tau], k) => {
    t.is(ids.aOfTail(tails[k] as number), a);
    t.is(ids.tauOfTail(tails[k] as number), tau);
  });
});

test('past its ids a table has no tail until the ids are cleared; then ids start from 0 again', (t) => {
  const ids = new TailIds(256, 2, 1);
  t.is(ids.perState, 4);
  t.is(ids.tail(10, 20), 0);
  t.is(ids.tail(11, 21), 3);
  t.is(ids.tail(12, 20), -1, 'a third table of node z - 1');
  t.is(ids.tail(10, 22), -1, 'a third table of node z');
  t.is(ids.tail(11, 20), 2, 'known tables keep their ids');
  ids.clear();
  t.is(ids.tail(12, 22), 0);
  t.is(ids.aOfTail(0), 12);
  t.is(ids.tauOfTail(0), 22);
  t.is(ids.tail(10, 20), 3, 'the old ids are gone');
});
