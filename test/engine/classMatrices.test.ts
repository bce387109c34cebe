import test from 'ava';
import { ClassMatrices } from '../../shared/engine/classMatrices.js';
import { SubtreeGroup } from '../../shared/engine/groundingSubtree.js';
import type { NodeRow } from '../../shared/engine/groundingUnit.js';

const node = (a: number[] | null): NodeRow => ({ stamp: 1, a: a ? Float64Array.from(a) : null, shift: 0, contrib: new Float64Array(1), max: a ? Math.max(0, ...a) : 0, cls: 1 });

test('a grouping is laid out once what its callers spent without matrices reaches the layout size; a new unit starts again', (t) => {
  // 3 classes -> one block of 8 columns; dim 4: 32 values.
  const group = new SubtreeGroup(1, [[node([1, 2, 3, 4]), node(null), node([5, 6, 7, 8])], []], Float64Array.of(1, 1, 0), 2, new Float64Array(4));
  const store = new ClassMatrices();
  t.is(store.matrices(group, 4, 20), null);
  const m = store.matrices(group, 4, 12);
  t.truthy(m);
  t.deepEqual([...(m?.[0]?.cols ?? [])], [0], 'only classes with a table and circuits get a column');
  t.is(store.matrices(group, 4, 0), m, 'laid out: returned at any cost');
  const at = m?.[0]?.at as number;
  t.deepEqual([...store.kernel.f64.subarray(at, at + 32)].filter((_, e) => e % 8 === 0), [1, 2, 3, 4]);
  store.reset();
  t.is(store.matrices(group, 4, 31), null, 'a new unit: earned again');
});

test('past the cap a grouping is never laid out; laying out past what is left forgets the others', (t) => {
  const classes = (n: number): NodeRow[] => Array.from({ length: n }, (_, c) => node([c, c + 1]));
  const small = new SubtreeGroup(1, [classes(8), []], new Float64Array(8).fill(1), 8, new Float64Array(4));
  const other = new SubtreeGroup(1, [classes(8), []], new Float64Array(8).fill(1), 8, new Float64Array(4));
  const wide = new SubtreeGroup(1, [classes(9), []], new Float64Array(9).fill(1), 9, new Float64Array(4));
  const store = new ClassMatrices(20); // room for one grouping of 2 x 8 values
  t.is(store.matrices(wide, 2, Infinity), null, '2 x 16 values: past the cap');
  const a = store.matrices(small, 2, Infinity);
  t.truthy(a);
  t.truthy(store.matrices(other, 2, Infinity));
  t.not(store.matrices(small, 2, 0), a, 'forgotten: laid out again only when earned');
});
