import test from 'ava';
import fc from 'fast-check';
import { newNodeRow, type NodeRow } from '../../shared/engine/groundingUnit.js';
import { ClassMatrices } from '../../shared/engine/classMatrices.js';
import { SubtreeGroup } from '../../shared/engine/groundingSubtree.js';
import { PairSums } from '../../shared/engine/pairSums.js';

const DIM = 12;

/** A node with factors `a` (null: no table) as the kernel reads it: a, shift and max. */
function node(a: number[] | null, shift: number): NodeRow {
  return { ...newNodeRow(1), stamp: 1, a: a ? Float64Array.from(a) : null, shift, max: a ? Math.max(0, ...a) : 0, cls: 1 };
}

const factors = fc.option(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: DIM, maxLength: DIM }), { freq: 6 });

test('every cell with circuits gets the exact sum of val * a_c0 * a_c1, or NaN past the limit', (t) => {
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: DIM - 1 }), { minLength: 1, maxLength: DIM }),
      fc.array(fc.integer({ min: -40, max: 40 }), { minLength: DIM, maxLength: DIM }),
      fc.array(factors, { minLength: 1, maxLength: 7 }),
      fc.array(factors, { minLength: 1, maxLength: 9 }),
      fc.array(fc.boolean(), { minLength: 63, maxLength: 63 }),
      fc.constantFrom(2 ** 53, 5000, 300),
      // Matrices within the cap, laid out again past it, and too large for it (each cell alone).
      fc.constantFrom(2 ** 22, 300, 20),
      // Matrices laid out before the run (when within the cap), or rows gathered in JavaScript.
      fc.boolean(),
      (at, vals, firstA, secondA, on, limit, cap, laid) => {
        const idx = Int32Array.from([...at].sort((x, y) => x - y));
        const val = Float64Array.from(idx, (_, i) => vals[i] as number);
        const firsts = firstA.map((a, i) => node(a, i));
        const seconds = secondA.map((a, i) => node(a, 2 * i));
        const C1 = seconds.length;
        const counts = Float64Array.from({ length: firsts.length * C1 }, (_, c) => (on[c % 63] ? 1 + (c % 3) : 0));
        const got = new Map<number, [number, number]>();
        const store = new ClassMatrices(cap);
        // A grouping laid out before: a cap it does not fit under sets it aside.
        store.matrices(new SubtreeGroup(1, [firsts, []], Float64Array.from(firsts, () => 1), 0, new Float64Array(4)), DIM, Infinity);
        const group = new SubtreeGroup(2, [firsts, seconds], counts, 0, new Float64Array(4));
        if (laid) store.matrices(group, DIM, Infinity);
        new PairSums(store, limit).run({ idx, val, len: idx.length, abs: val.reduce((a, v) => a + Math.abs(v), 0) }, group, DIM, {
          set: (cell, sum, shift) => {
            t.false(got.has(cell), `cell ${cell} set twice`);
            got.set(cell, [sum, shift]);
          },
        });
        firsts.forEach((f, c0) =>
          seconds.forEach((s, c1) => {
            const cell = c0 * C1 + c1;
            if (counts[cell] === 0 || !f.a || !s.a) {
              t.false(got.has(cell), `cell ${cell} needs no sum`);
              return;
            }
            let pos = 0;
            let neg = 0;
            idx.forEach((x, i) => {
              const v = (val[i] as number) * (f.a?.[x] as number) * (s.a?.[x] as number);
              if (v > 0) pos += v;
              else neg -= v;
            });
            const [sum, shift] = got.get(cell) ?? [undefined, undefined];
            t.is(shift, f.shift + s.shift);
            // Exact whenever returned; NaN only when a part reaches the limit.
            if (Number.isNaN(sum)) t.true(pos >= limit || neg >= limit, `cell ${cell}: NaN though ${pos} and ${neg} are below ${limit}`);
            else t.is(sum, pos - neg);
          }),
        );
      },
    ),
    { numRuns: 300 },
  );
});

test('near 2^53 every sum returned is exact (checked in bigints): the bounds, not luck, decide', (t) => {
  const big = fc.integer({ min: -(2 ** 50), max: 2 ** 50 });
  fc.assert(
    fc.property(
      fc.uniqueArray(fc.integer({ min: 0, max: DIM - 1 }), { minLength: 1, maxLength: DIM }),
      fc.array(big, { minLength: DIM, maxLength: DIM }),
      fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: DIM, maxLength: DIM }), { minLength: 1, maxLength: 5 }),
      fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: DIM, maxLength: DIM }), { minLength: 1, maxLength: 5 }),
      fc.boolean(),
      (at, vals, firstA, secondA, laid) => {
        const idx = Int32Array.from([...at].sort((x, y) => x - y));
        const val = Float64Array.from(idx, (_, i) => vals[i] as number);
        const firsts = firstA.map((a, i) => node(a, i));
        const seconds = secondA.map((a, i) => node(a, i));
        const counts = new Float64Array(firsts.length * seconds.length).fill(1);
        const group = new SubtreeGroup(2, [firsts, seconds], counts, 0, new Float64Array(4));
        const store = new ClassMatrices();
        if (laid) store.matrices(group, DIM, Infinity);
        const got = new Map<number, number>();
        new PairSums(store, 2 ** 53).run({ idx, val, len: idx.length, abs: val.reduce((a, v) => a + Math.abs(v), 0) }, group, DIM, { set: (cell, sum) => void got.set(cell, sum) });
        firsts.forEach((f, c0) =>
          seconds.forEach((s, c1) => {
            const sum = got.get(c0 * seconds.length + c1) as number;
            if (Number.isNaN(sum)) return;
            const exact = Array.from(idx).reduce((acc, x, i) => acc + BigInt(val[i] as number) * BigInt(f.a?.[x] as number) * BigInt(s.a?.[x] as number), 0n);
            t.is(BigInt(sum), exact, `cell (${c0}, ${c1})`);
          }),
        );
      },
    ),
    { numRuns: 300, seed: 12 },
  );
});

test('the narrow form\'s edges: operands at and just past an int16, sums past 2^31, all exact', (t) => {
  // The same rows summed with matrices (where the int16 form may be taken) and gathered in
  // JavaScript (never), against bigints. Each case sits on one edge of one of its three conditions.
  const cases: [string, number, number, number][] = [
    // [what, every term's value, the first class's a, the second class's a]
    ['u = 32 760, inside', 3640, 9, 3],
    ['u = 32 769, just past an int16', 3641, 9, 3],
    ['a_c1 = 32 767, inside', 1, 1, 32767],
    ['a_c1 = 32 768, just past an int16', 1, 1, 32768],
    ['operands inside, a sum past 2^31', 3640, 9, 32767],
  ];
  for (const [what, v, a0, a1] of cases) {
    const idx = Int32Array.from({ length: DIM }, (_, i) => i);
    // Alternating signs but for the last two terms, so that the sum is large either way.
    const val = Float64Array.from(idx, (i) => (i < DIM - 2 && i % 2 === 1 ? -v : v));
    const firsts = [node(Array<number>(DIM).fill(a0), 0), node(Array.from({ length: DIM }, (_, i) => (i % 3 === 0 ? a0 : 1)), 0)];
    const seconds = Array.from({ length: 5 }, (_, c) => node(Array.from({ length: DIM }, (_, i) => (i + c) % 4 === 0 ? 1 : a1), 0));
    const counts = new Float64Array(firsts.length * seconds.length).fill(1);
    for (const laid of [true, false]) {
      const group = new SubtreeGroup(2, [firsts, seconds], counts, 0, new Float64Array(4));
      const store = new ClassMatrices();
      if (laid) store.matrices(group, DIM, Infinity);
      const got = new Map<number, number>();
      new PairSums(store, 2 ** 53).run({ idx, val, len: DIM, abs: val.reduce((a, x) => a + Math.abs(x), 0) }, group, DIM, { set: (cell, sum) => void got.set(cell, sum) });
      firsts.forEach((f, c0) =>
        seconds.forEach((s, c1) => {
          const exact = Array.from(idx).reduce((acc, x, i) => acc + BigInt(val[i] as number) * BigInt(f.a?.[x] as number) * BigInt(s.a?.[x] as number), 0n);
          t.is(BigInt(got.get(c0 * seconds.length + c1) as number), exact, `${what}, ${laid ? 'matrices' : 'JavaScript'}: cell (${c0}, ${c1})`);
        }),
      );
    }
  }
});
