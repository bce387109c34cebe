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
  // Room for one grouping: 2 x 8 values and their int16 copy, the space of 4 more float64s.
  const store = new ClassMatrices(20);
  const first = store.matrices(a, 2, 0);
  t.truthy(first);
  t.is(store.matrices(b, 2, 10), null, 'would forget a: not yet');
  t.is(store.matrices(b, 2, 6), null, '16 values spent: not yet either');
  t.truthy(store.matrices(b, 2, 4), '20 values spent: laid out');
  t.is(store.matrices(a, 2, 0), null, 'a was forgotten, and waits in turn');
  store.reset();
  t.truthy(store.matrices(a, 2, 0), 'a new unit: room again');
});

test('a grouping larger than the cap is never laid out', (t) => {
  const store = new ClassMatrices(20);
  t.is(store.matrices(grouping(9), 2, Infinity), null, '2 x 16 values');
});

test('a matrix has an int16 copy, row for row, unless an entry passes an int16', (t) => {
  const store = new ClassMatrices();
  const small = new SubtreeGroup(1, [[node([1, 2, 3]), node([32767, 0, 4])], []], Float64Array.of(1, 1), 2, new Float64Array(4));
  const m = store.matrices(small, 3, 0)?.[0];
  t.is(m?.max, 32767);
  const at = m?.at as number;
  const at16 = m?.at16 as number;
  t.true(at16 >= 0);
  t.deepEqual([...store.kernel.i16.subarray(at16, at16 + 24)], [...store.kernel.f64.subarray(at, at + 24)]);
  const large = new SubtreeGroup(1, [[node([1, 2, 3]), node([32768, 0, 4])], []], Float64Array.of(1, 1), 2, new Float64Array(4));
  t.is(store.matrices(large, 3, 0)?.[0]?.at16, -1);
});
