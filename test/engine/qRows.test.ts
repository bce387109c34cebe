import test from 'ava';
import { Q_TABLES, QRows } from '../../shared/engine/qRows.js';

test('with two inputs a row is the table itself, and Q never runs out', (t) => {
  const rows = new QRows(16, false);
  t.is(rows.tables, 16);
  for (const tau of [15, 0, 7]) t.is(rows.row(tau, 1), tau);
  t.false(rows.full(16));
});

test('past four patterns rows are ids in the order asked, per generation of Q', (t) => {
  const rows = new QRows(256, false);
  t.is(rows.tables, Q_TABLES);
  t.is(rows.row(200, 1), 0);
  t.is(rows.row(3, 1), 1);
  t.is(rows.row(200, 1), 0, 'a table keeps its row');
  t.false(rows.full(Q_TABLES - 2));
  t.true(rows.full(Q_TABLES - 1), 'two rows given: 62 more fit, 63 do not');
  rows.next();
  t.is(rows.row(3, 2), 0, 'a new generation gives rows from 0 again');
  t.is(rows.row(200, 2), 1);
  t.false(rows.full(Q_TABLES - 2));
});

test('a restamp makes every row stale, so a generation counter may start again', (t) => {
  const rows = new QRows(256, true);
  t.is(rows.tables, 4);
  t.is(rows.row(9, 1), 0);
  t.is(rows.row(8, 1), 1);
  rows.next();
  rows.restamp();
  t.is(rows.row(8, 1), 0, 'generation 1 again: the old stamp no longer holds');
});

test('Q may hold fewer ids than Q_TABLES (a layer below of many states), never fewer values', (t) => {
  const ids = new QRows(256, false);
  ids.size(7);
  t.is(ids.tables, 7);
  for (let tau = 0; tau < 5; tau++) ids.row(tau * 3, 1);
  t.false(ids.full(2));
  t.true(ids.full(3), 'five rows given of seven');
  ids.size(1000);
  t.is(ids.tables, Q_TABLES, 'never more than Q_TABLES');
  const values = new QRows(16, false);
  values.size(7);
  t.is(values.tables, 16, 'a row is its table: every table has one');
});
