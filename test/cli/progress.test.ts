import test from 'ava';
import { etaLabel } from '../../cli/progress.js';

test('etaLabel: the ETA, or a floor while some large network has no pace yet', (t) => {
  t.is(etaLabel({ eta: 1800, untimed: 0 }), '30 min');
  t.is(etaLabel({ eta: null, untimed: 0 }), '?');
  t.is(etaLabel({ eta: 1800, untimed: 2 }), 'over 30 min (2 large networks not timed yet)');
  t.is(etaLabel({ eta: 0, untimed: 1 }), '? (1 large network not timed yet)');
  t.is(etaLabel({ eta: 59, untimed: 1 }), '? (1 large network not timed yet)');
  t.is(etaLabel({ eta: 60, untimed: 1 }), 'over 60 s (1 large network not timed yet)');
  t.is(etaLabel({ eta: null, untimed: 1 }), '? (1 large network not timed yet)');
});
