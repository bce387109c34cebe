import test from 'ava';
import fc from 'fast-check';
import { ClassMatrices } from '../../shared/engine/classMatrices.js';
import { ClassRows, type PairTerms } from '../../shared/engine/classRows.js';
import { SubtreeGroup } from '../../shared/engine/groundingSubtree.js';
import { newNodeRow, type NodeRow } from '../../shared/engine/groundingUnit.js';
import { scaleTerms, TermList } from '../../shared/engine/termList.js';

/** A node with factors `a` (null: no table) as the rows read it: a, shift and max. */
function node(a: number[] | null, shift: number): NodeRow {
  return { ...newNodeRow(1), stamp: 1, a: a ? Float64Array.from(a) : null, shift, max: a ? Math.max(0, ...a) : 0, cls: 1 };
}

function terms(idx: number[], val: number[]): TermList {
  const list = new TermList();
  // Longer buffers than the list: only the first len entries are the terms.
  list.idx = Int32Array.from([...idx, 0, 1]);
  list.val = Float64Array.from([...val, 99, -99]);
  list.len = idx.length;
  list.abs = val.reduce((s, v) => s + Math.abs(v), 0);
  return list;
}

/** The plain sum of a class: exact, NaN only when its positive or negative part reaches the limit. */
function plain(list: TermList, a: Float64Array, limit: number): number {
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < list.len; i++) {
    const v = (list.val[i] as number) * (a[list.idx[i] as number] as number);
    if (v > 0) pos += v;
    else neg -= v;
  }
  return pos < limit && neg < limit ? pos - neg : NaN;
}

const grouping = (dim: number): fc.Arbitrary<{ a: (number[] | null)[]; counts: number[] }> =>
  fc.integer({ min: 1, max: 21 }).chain((C) =>
    fc.record({
      a: fc.array(fc.option(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: dim, maxLength: dim }), { freq: 6 }), { minLength: C, maxLength: C }),
      counts: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: C, maxLength: C }),
    }),
  );

test('every class with circuits and a table gets the plain sum of val * a, exact or NaN past the limit', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 40 }).chain((dim) =>
        fc.tuple(
          fc.constant(dim),
          fc.array(grouping(dim), { minLength: 1, maxLength: 4 }),
          fc.array(fc.tuple(fc.nat(3), fc.uniqueArray(fc.nat(dim - 1), { maxLength: dim }), fc.array(fc.integer({ min: -50, max: 50 }), { minLength: dim, maxLength: dim })), { minLength: 1, maxLength: 12 }),
        ),
      ),
      fc.constantFrom(2 ** 53, 3000, 200),
      // A cap that holds every matrix, one that makes them laid out again, one that holds none.
      fc.constantFrom(2 ** 22, 200, 8),
      ([dim, groups, runs], limit, cap) => {
        const made = groups.map(({ a, counts }) => {
          const reps = a.map((f, c) => node(f, c));
          return new SubtreeGroup(1, [reps, []], Float64Array.from(counts), 0, new Float64Array(4));
        });
        const store = new ClassMatrices(cap);
        const rows = new ClassRows(store, limit);
        for (const [g, at, vals] of runs) {
          const group = made[g % made.length] as SubtreeGroup;
          const list = terms([...at].sort((x, y) => x - y), at.map((_, i) => vals[i] as number));
          if (g >= 2) store.matrices(group, dim, Infinity); // some laid out whatever they forget
          const got = new Map<number, [number, number]>();
          const ran = rows.run(list, group, dim, {
            set: (cell, sum, shift) => {
              t.false(got.has(cell), `class ${cell} set twice`);
              got.set(cell, [sum, shift]);
            },
          });
          // A grouping is laid out while there is room, else once its runs have cost the layout.
          const size = dim * Math.ceil(group.reps[0].length / 8) * 8;
          if (size > cap) t.false(ran, 'no matrix past the cap');
          if (!ran) continue;
          group.reps[0].forEach((n, c) => {
            if (group.counts[c] === 0 || !n.a) return t.false(got.has(c), `class ${c} needs no sum`);
            const want = plain(list, n.a, limit);
            const [sum, shift] = got.get(c) ?? [undefined, undefined];
            t.is(shift, n.shift);
            if (Number.isNaN(sum)) t.true(Number.isNaN(want), `class ${c}: NaN though the plain sum is ${want}`);
            else t.is(sum, want);
          });
        }
      },
    ),
    { numRuns: 300, seed: 11 },
  );
});

test('a reset forgets the matrices: the same grouping object with new factors (a new unit) sums the new ones', (t) => {
  const a = [1, 2, 3, 4];
  const reps = [node(a, 0)];
  const group = new SubtreeGroup(1, [reps, []], Float64Array.of(1), 1, new Float64Array(4));
  const store = new ClassMatrices();
  const rows = new ClassRows(store, 2 ** 53);
  const list = terms([0, 3], [5, -1]);
  const sums: number[] = [];
  const set = { set: (_c: number, sum: number): void => void sums.push(sum) };
  store.matrices(group, 4, Infinity);
  t.true(rows.run(list, group, 4, set));
  (reps[0] as NodeRow).a?.set([7, 7, 7, 10]);
  store.reset();
  t.true(rows.run(list, group, 4, set));
  t.deepEqual(sums, [5 - 4, 35 - 10]);
});

test('memory that grows keeps the matrices laid out before', (t) => {
  const dim = 40_000;
  const a = Array.from({ length: dim }, (_, k) => k % 7);
  const small = new SubtreeGroup(1, [[node([1, 2], 0)], []], Float64Array.of(1), 1, new Float64Array(4));
  const big = new SubtreeGroup(1, [[node(a, 0)], []], Float64Array.of(1), 1, new Float64Array(4));
  const store = new ClassMatrices();
  const rows = new ClassRows(store, 2 ** 53);
  const got: number[] = [];
  const set = { set: (_c: number, sum: number): void => void got.push(sum) };
  store.matrices(small, 2, Infinity);
  t.true(rows.run(terms([1], [3]), small, 2, set));
  store.matrices(big, dim, Infinity);
  t.true(rows.run(terms([dim - 1, 8], [1, 2]), big, dim, set)); // 320 000 values: a new memory
  t.true(rows.run(terms([0, 1], [3, 4]), small, 2, set));
  t.deepEqual(got, [6, ((dim - 1) % 7) + 2, 3 + 8]);
});

/** Pair terms as prefixTerms.ts keeps them, with its product by a node's a made in JavaScript. */
function pairTerms(list: TermList): PairTerms & { products: number } {
  const one = new TermList();
  return {
    pairList: list,
    oneList: one,
    products: 0,
    pairFirst(first: NodeRow | null): void {
      this.products++;
      scaleTerms(one, list, first ? (first.a as Float64Array) : null);
    },
  };
}

test('runScaled sets what run sets for the pair terms times the last node\'s a, scaled in the kernel or not', (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 40 }).chain((dim) =>
        fc.tuple(
          fc.constant(dim),
          fc.array(grouping(dim), { minLength: 1, maxLength: 3 }),
          // The last fixed nodes' a, 0 at some indices (their products are dropped).
          fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: dim, maxLength: dim }), { minLength: 1, maxLength: 3 }),
          fc.array(fc.tuple(fc.nat(5), fc.nat(2), fc.uniqueArray(fc.nat(dim - 1), { maxLength: dim }), fc.array(fc.integer({ min: -50, max: 50 }), { minLength: dim, maxLength: dim }), fc.boolean()), { minLength: 1, maxLength: 12 }),
        ),
      ),
      fc.constantFrom(2 ** 53, 3000, 200),
      // A cap with room for every vector, one with room for a few (then scaled in JavaScript), one for none.
      fc.constantFrom(2 ** 22, 200, 8),
      ([dim, groups, lastAs, runs], limit, cap) => {
        const made = groups.map(({ a, counts }) => new SubtreeGroup(1, [a.map((f, c) => node(f, c)), []], Float64Array.from(counts), 0, new Float64Array(4)));
        const lasts = lastAs.map((a) => node(a, 0));
        const store = new ClassMatrices(cap);
        const rows = new ClassRows(store, limit);
        for (const [g, l, at, vals, rebuilt] of runs) {
          const group = made[g % made.length] as SubtreeGroup;
          const last = lasts[l % lasts.length] as NodeRow;
          // The same node rebuilt (a new unit's a in the same object): its new a is the one read.
          if (rebuilt) last.a = Float64Array.from(last.a as Float64Array, (x) => (x * 3) % 7);
          const list = terms([...at].sort((x, y) => x - y), at.map((_, i) => vals[i] as number));
          const pair = pairTerms(list);
          const got = new Map<number, number>();
          const ran = rows.runScaled(pair, last, group, dim, { set: (cell, sum) => void got.set(cell, sum) });
          if (!ran) continue;
          const scaled = new TermList();
          scaleTerms(scaled, list, last.a);
          group.reps[0].forEach((n, c) => {
            if (group.counts[c] === 0 || !n.a) return t.false(got.has(c), `class ${c} needs no sum`);
            const want = plain(scaled, n.a, limit);
            const sum = got.get(c);
            if (sum !== undefined && Number.isNaN(sum)) t.true(Number.isNaN(want), `class ${c}: NaN though the plain sum is ${want}`);
            else t.is(sum, want);
          });
        }
      },
    ),
    { numRuns: 300, seed: 13 },
  );
});

test('runScaled builds the product in JavaScript only for a class past the bound, or without room for the vector', (t) => {
  const dim = 4;
  const group = new SubtreeGroup(1, [[node([1, 2, 3, 4], 0), node([9, 9, 9, 9], 0)], []], Float64Array.of(1, 1), 1, new Float64Array(4));
  const last = node([2, 0, 1, 1], 0);
  const list = terms([0, 1, 3], [5, 7, -1]);
  const sums: number[] = [];
  const set = { set: (_c: number, sum: number): void => void sums.push(sum) };
  const roomy = pairTerms(list);
  t.true(new ClassRows(new ClassMatrices(), 2 ** 53).runScaled(roomy, last, group, dim, set));
  t.is(roomy.products, 0);
  // |10| + |-1| = 11 times 9 passes 95: the second class is summed from the JavaScript product.
  const bounded = pairTerms(list);
  t.true(new ClassRows(new ClassMatrices(), 95).runScaled(bounded, last, group, dim, set));
  t.is(bounded.products, 1);
  // Room for the matrix (a block of 8 columns and its int16 copy, a quarter as large) but not for the vector as well.
  const tight = pairTerms(list);
  t.true(new ClassRows(new ClassMatrices(dim * 10 + dim - 1), 2 ** 53).runScaled(tight, last, group, dim, set));
  t.is(tight.products, 1);
  t.deepEqual(sums, [10 - 4, 90 - 9, 10 - 4, 90 - 9, 10 - 4, 90 - 9]);
});

test('the narrow form\'s edges: values and entries at and just past an int16, sums past 2^31, all exact', (t) => {
  const dim = 6;
  const mixed = (v: number): number[] => [v, -v, v, v, v, -(v - 1)];
  // [what, the terms' values, the largest entry]
  const cases: [string, number[], number][] = [
    ['values at 32 767', mixed(32767), 3],
    ['values at 32 768', mixed(32768), 3],
    ['an entry at 32 767', mixed(2), 32767],
    ['an entry at 32 768 (no int16 copy)', mixed(2), 32768],
    ['operands inside, sums past 2^31', Array<number>(6).fill(32767), 32767],
  ];
  for (const [what, values, most] of cases) {
    const reps = Array.from({ length: 11 }, (_, c) => node(Array.from({ length: dim }, (_, x) => ((x + c) % 3 === 0 ? most : (x + c) % 3)), c));
    const group = new SubtreeGroup(1, [reps, []], new Float64Array(reps.length).fill(1), 0, new Float64Array(4));
    const list = terms([0, 1, 2, 3, 4, 5], values);
    const got = new Map<number, number>();
    t.true(new ClassRows(new ClassMatrices(), 2 ** 53).run(list, group, dim, { set: (cell, sum) => void got.set(cell, sum) }));
    reps.forEach((n, c) => {
      const exact = Array.from({ length: list.len }, (_, i) => BigInt(list.val[i] as number) * BigInt(n.a?.[list.idx[i] as number] as number)).reduce((s, x) => s + x, 0n);
      t.is(BigInt(got.get(c) as number), exact, `${what}: class ${c}`);
    });
  }
});
