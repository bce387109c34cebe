import test from 'ava';
import { etaText } from '../../cli/etaText.js';

test('etaText: seconds, then minutes, then hours and minutes', (t) => {
  t.is(etaText(null), '?');
  t.is(etaText(54.4), '54 s');
  t.is(etaText(1800), '30 min');
  t.is(etaText(7530), '2 h 06 min');
});
