import test from 'ava';
import { ClassMatrices } from '../../shared/engine/classMatrices.js';
import { SubtreeGroup } from '../../shared/engine/groundingSubtree.js';
import { newNodeRow, type NodeRow } from '../../shared/engine/groundingUnit.js';

const node = (a: number[] | null): NodeRow => ({ ...newNodeRow(1), stamp: 1, a: a ? Float64Array.from(a) : null, max: a ? Math.max(0, ...a) : 0, cls: 1 });
const classes = (n: number): NodeRow[] => Array.from({ length: n }, (_, c) => node([c, c + 1]));
const grouping = (n: number): SubtreeGroup => new SubtreeGroup(1, [classes(n), []], new Float64Array(n).fill(1), n, new Float64Array(4));

test('within the cap a grouping is laid out on first use: a column per class with a table and circuits', (t) => {
  // 3 classes -> one block of 8 columns; dim 4: 32 values.
  const group = new SubtreeGroup(1, [[node([1, 2, 3, 4]), node(null), node([5, 6, 7, 8])], []], Float64Array.of(1, 1, 0), 2, new Float64Array(4));
  const store = new ClassMatrices();
  const m = store.matrices(group, 4, 0);
  t.deepEqual([...(m?.[0]?.cols ?? [])], [0]);
  const at = m?.[0]?.at as number;
  t.deepEqual([...store.kernel.f64.subarray(at, at + 32)].filter((_, e) => e % 8 === 0), [1, 2, 3, 4]);
  t.is(store.matrices(group, 4, 0), m, 'laid out once');
});

test('past what is left under the cap, a grouping waits until its callers spent its layout, then forgets the others', (t) => {
  const a = grouping(8);
  const b = grouping(8);
  const store = new ClassMatrices(20); // room for one grouping of 2 x 8 values
  const first = store.matrices(a, 2, 0);
  t.truthy(first);
  t.is(store.matrices(b, 2, 10), null, 'would forget a: not yet');
  t.truthy(store.matrices(b, 2, 6), '16 values spent: laid out');
  t.is(store.matrices(a, 2, 0), null, 'a was forgotten, and waits in turn');
  store.reset();
  t.truthy(store.matrices(a, 2, 0), 'a new unit: room again');
});

test('a grouping larger than the cap is never laid out', (t) => {
  const store = new ClassMatrices(20);
  t.is(store.matrices(grouping(9), 2, Infinity), null, '2 x 16 values');
});
