import test from 'ava';
import { CountTable, hashOf, releaseTable, spareTables, takeTable } from '../../shared/engine/countTable.js';
import { COUNT_TABLE_BASE64 } from '../../shared/engine/countTableBytes.js';
import { compiledWat } from '../helpers/watBytes.js';

test('the committed bytes are countTable.wat compiled (npm run build:wasm)', async (t) => {
  t.is(await compiledWat('countTable'), COUNT_TABLE_BASE64);
});

/** Puts `value` where groundingSummary.ts would: linear probing from its hash. */
function put(table: CountTable, value: number, circuits: number): void {
  let i = hashOf(value) & (table.size - 1);
  while (table.slots[2 * i + 1] !== 0) i = (i + 1) & (table.size - 1);
  table.slots[2 * i] = value;
  table.slots[2 * i + 1] = circuits;
}

function circuitsOf(table: CountTable, value: number): number | undefined {
  for (let i = 0; i < table.size; i++) if (table.slots[2 * i + 1] !== 0 && table.slots[2 * i] === value) return table.slots[2 * i + 1];
  return undefined;
}

test('add adds to present counts, skips cells without circuits, and stops at a count it does not hold', (t) => {
  const table = new CountTable(16);
  for (const v of [0, 8, 24, 40, 1 << 20]) put(table, v, 1);
  table.values.set([1, 3, 5, -0, 0.5, 7, 9]);
  table.circuits.set([2, 1, 4, 3, 0, 2, 1]);
  // Scale 8: 8, 24, 40, 0 (from -0), then a cell with no circuits (4, absent), then 56 (absent).
  t.is(table.add(0, 7, 8, 10), 5);
  t.is(table.added, 20 + 10 + 40 + 30);
  t.deepEqual([0, 8, 24, 40].map((v) => circuitsOf(table, v)), [31, 21, 11, 41]);
  t.is(circuitsOf(table, 56), undefined);
  // From the next cell on, after the caller put the count in.
  put(table, 56, 1);
  t.is(table.add(5, 7, 8, 10), 6);
  t.is(table.added, 20);
  t.is(circuitsOf(table, 56), 21);
});

test('add stops where a number of circuits would pass 2^53 - 1, in its slot or in its own sum', (t) => {
  const table = new CountTable(8);
  put(table, 3, Number.MAX_SAFE_INTEGER - 5);
  put(table, 4, 1);
  table.values.set([3, 4, 3]);
  table.circuits.set([5, Number.MAX_SAFE_INTEGER - 1, 1]);
  t.is(table.add(0, 3, 1, 1), 1); // 3 reached the limit exactly; 4's cell would pass the call's sum
  t.is(table.added, 5);
  t.is(circuitsOf(table, 3), Number.MAX_SAFE_INTEGER);
  t.is(table.add(1, 3, 1, 1), 2); // alone it fits its slot
  t.is(table.add(2, 3, 1, 1), 2); // 3's slot would pass
  t.is(table.added, 0);
  // A count whose circuits are a bigint (Infinity in the slot) is never added to here.
  put(table, 9, Infinity);
  table.values.set([9]);
  table.circuits.set([1]);
  t.is(table.add(0, 1, 1, 1), 0);
});

test('spare tables: one of each size, the smallest too, handed out again empty', (t) => {
  const big = takeTable(1 << 16);
  for (let v = 1; v <= 1000; v++) put(big, v * 3, v);
  releaseTable(big);
  releaseTable(big); // given back twice, held once
  const small = takeTable(1 << 10);
  put(small, 7, 1);
  releaseTable(small);
  t.true(spareTables().includes(1 << 16));
  t.true(spareTables().includes(1 << 10));
  const smallAgain = takeTable(1 << 10);
  t.is(smallAgain, small, 'the small spare itself: its instance is kept too');
  t.true(smallAgain.slots.every((x) => x === 0), 'the small one cleared');
  const again = takeTable(1 << 16);
  t.is(again, big, 'the spare table itself');
  t.false(spareTables().includes(1 << 16), 'taken out of the spares');
  t.true(again.slots.every((x) => x === 0), 'cleared');
  t.not(takeTable(1 << 16), again, 'a second table of that size is a new one');
});
