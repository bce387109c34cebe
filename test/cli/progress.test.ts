import test from 'ava';
import { etaLabel, slicesText } from '../../cli/progress.js';

test('etaLabel: the ETA, or a floor while some large network has no pace yet', (t) => {
  t.is(etaLabel({ eta: 1800, untimed: 0 }), '30 min');
  t.is(etaLabel({ eta: null, untimed: 0 }), '?');
  t.is(etaLabel({ eta: 1800, untimed: 2 }), 'over 30 min (2 large networks not timed yet)');
  t.is(etaLabel({ eta: 0, untimed: 1 }), '? (1 large network not timed yet)');
  t.is(etaLabel({ eta: 59, untimed: 1 }), '? (1 large network not timed yet)');
  t.is(etaLabel({ eta: 60, untimed: 1 }), 'over 60 s (1 large network not timed yet)');
  t.is(etaLabel({ eta: null, untimed: 1 }), '? (1 large network not timed yet)');
});

test('slicesText: the merge of stored slices at a restart, then the slices done of those planned', (t) => {
  t.is(slicesText({ slicesPlanned: 0, slicesDone: 0, merging: null }, ', '), '');
  t.is(slicesText({ slicesPlanned: 0, slicesDone: 0, merging: { index: 8, read: 500, stored: 1322 } }, ', '), ', merging the stored slices of network 8: 500/1322');
  t.is(slicesText({ slicesPlanned: 2024, slicesDone: 1322, merging: null }, ' | '), ' | slices 1322/2024');
});
