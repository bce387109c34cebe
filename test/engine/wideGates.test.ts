import test from 'ava';
import { localGateCount } from '../../shared/engine/localGates.js';
import { WideGateCount } from '../../shared/engine/wideGates.js';
import { mulberry32 } from '../helpers/randomNetwork.js';

/**
 * The cache holds one key per slot: keys that differ in one parent, in the table, or only in their
 * parent count must never be taken for each other, and a key met again after others took its
 * slot is counted again. Tables are drawn from a few, so that keys repeat and counts above 0 come up.
 */
for (const [patterns, slotBits] of [[8, 16], [8, 3], [16, 5]] as const) {
  test(`cached wide gate counts equal localGateCount over ${patterns} patterns, 2^${slotBits} slots`, (t) => {
    const rand = mulberry32(patterns * 7919 + slotBits);
    const full = 2 ** patterns;
    const wide = new WideGateCount(patterns, 7, slotBits);
    const pool = Array.from({ length: 5 }, () => Math.floor(rand() * full));
    const table = (): number => (rand() < 0.8 ? (pool[Math.floor(rand() * pool.length)] as number) : Math.floor(rand() * full));
    const parents = new Int32Array(7);
    let nonZero = 0;
    let checked = 0;
    for (let round = 0; round < 200_000; round++) {
      const n = 1 + Math.floor(rand() * 7);
      const view = parents.subarray(0, n);
      if (rand() < 0.5) view[Math.floor(rand() * n)] = table(); // one parent changed in place
      else for (let i = 0; i < n; i++) view[i] = table();
      const node = rand() < 0.5 ? table() : (view[0] as number) & (view[n - 1] as number);
      const expected = localGateCount(node, view, patterns);
      const got = wide.gates(node, view);
      if (got !== expected) {
        t.fail(`patterns ${patterns}, parents ${Array.from(view)}, table ${node}: ${got} != ${expected}`);
        return;
      }
      if (expected > 0) nonZero++;
      checked++;
    }
    t.true(nonZero > checked / 20, `${nonZero} of ${checked} non-zero`);
  });
}

test('a key that is a prefix of another (fewer parents, the same tables) is its own', (t) => {
  const wide = new WideGateCount(8, 4, 1);
  const parents = Int32Array.from([0b11110000, 0b11001100, 0b10101010, 0b10101010]);
  for (let rep = 0; rep < 2; rep++) {
    for (const n of [4, 3, 2, 1]) {
      const view = parents.subarray(0, n);
      t.is(wide.gates(0b11000000, view), localGateCount(0b11000000, view, 8), `${n} parents`);
    }
  }
  // Wider than the cache was made for: counted, not cached.
  const wider = Int32Array.from([1, 2, 3, 4, 5]);
  t.is(wide.gates(7, wider), localGateCount(7, wider, 8));
});
