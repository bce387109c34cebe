/**
 * The last two rows' box query against a plain check of every pair: it must answer every first
 * option that some pair keeps exactly (in the search's order of additions), and, away from the
 * intervals' ends, nothing more.
 */
import test from 'ava';
import fc from 'fast-check';
import { LastPairBoxes } from '../../shared/engine/lastPairBoxes.js';
import { RowTables } from '../../shared/engine/rowTables.js';

interface Draw {
  count: number;
  nLower: number;
  values: number[];
  dots: number[];
  bounds: [number, number][];
}

/** Rows 0 and 1 of tables with 2^nLower - 1 options, their contributions drawn. */
function tablesOf(d: Draw): RowTables {
  const t = new RowTables(2, d.nLower, d.count);
  t.O = 2 ** d.nLower - 1;
  for (let i = 0; i < 2 * t.O * d.count; i++) t.contrib[i] = d.values[i % d.values.length] as number;
  return t;
}

/** First options with a pair that the search keeps: ((dot + c1) + c2) in [lo, hi] on every sample. */
function plainKept(t: RowTables, d: Draw, widen: number): Set<number> {
  const kept = new Set<number>();
  const O = t.O;
  for (let o1 = 0; o1 < O; o1++) {
    for (let o2 = 0; o2 < O; o2++) {
      let ok = true;
      for (let p = 0; p < d.count && ok; p++) {
        const [lo, hi] = d.bounds[p] as [number, number];
        const v = (d.dots[p] as number) + (t.contrib[o1 * d.count + p] as number) + (t.contrib[(O + o2) * d.count + p] as number);
        ok = v >= lo - widen && v <= hi + widen;
      }
      if (ok) kept.add(o1);
    }
  }
  return kept;
}

function answered(boxes: LastPairBoxes, O: number): Set<number> {
  const out = new Set<number>();
  for (let o = 0; o < O; o++) if (o < 32 ? (boxes.lo >>> o) & 1 : (boxes.hi >>> (o - 32)) & 1) out.add(o);
  return out;
}

const draw = fc
  .record({ count: fc.integer({ min: 1, max: 6 }), nLower: fc.integer({ min: 1, max: 6 }) })
  .chain(({ count, nLower }) =>
    fc.record({
      count: fc.constant(count),
      nLower: fc.constant(nLower),
      // Few distinct values, so that sums land exactly on the intervals' ends as well.
      values: fc.array(fc.oneof(fc.integer({ min: -4, max: 4 }).map((v) => v / 4), fc.double({ min: -3, max: 3, noNaN: true })), { minLength: 1, maxLength: 40 }),
      dots: fc.array(fc.oneof(fc.integer({ min: -4, max: 4 }).map((v) => v / 4), fc.double({ min: -2, max: 2, noNaN: true })), { minLength: count, maxLength: count }),
      bounds: fc.array(
        fc.oneof(
          fc.tuple(fc.integer({ min: -8, max: 8 }), fc.integer({ min: 0, max: 8 })).map(([a, w]): [number, number] => [a / 4, (a + w) / 4]),
          fc.double({ min: -3, max: 3, noNaN: true }).map((a): [number, number] => [-Infinity, a]),
          fc.double({ min: -3, max: 3, noNaN: true }).map((a): [number, number] => [a, Infinity]),
        ),
        { minLength: count, maxLength: count },
      ),
    }),
  );

test('the box query answers every first option the search keeps, and away from the ends no other', (t) => {
  fc.assert(
    fc.property(draw, (d) => {
      const tables = tablesOf(d);
      const boxes = new LastPairBoxes(d.count);
      boxes.build(tables, 0, 1);
      boxes.query(Float64Array.from(d.dots), 0, Float64Array.from(d.bounds.map((b) => b[0])), Float64Array.from(d.bounds.map((b) => b[1])));
      const got = answered(boxes, tables.O);
      // Sound: each kept o1 answered (the exact order of additions, as the search does it).
      for (const o1 of plainKept(tables, d, 0)) if (!got.has(o1)) return false;
      // Tight: an answered o1 has a pair within a hair of the box.
      const near = plainKept(tables, d, 1e-9);
      for (const o1 of got) if (!near.has(o1)) return false;
      return true;
    }),
    { numRuns: 400 },
  );
  t.pass();
});

test('a tree rebuilt for other rows or values answers for them, not for the old ones', (t) => {
  const d: Draw = { count: 2, nLower: 3, values: [1, -1, 2, 0.25, 0.75, -0.5, 3, -2], dots: [0, 0], bounds: [[0.6, 1.1], [-5, 0]] };
  const tables = tablesOf(d);
  const boxes = new LastPairBoxes(2);
  const lo = Float64Array.from([0.6, -5]);
  const hi = Float64Array.from([1.1, 0]);
  boxes.build(tables, 0, 1);
  boxes.query(Float64Array.from([0, 0]), 0, lo, hi);
  t.deepEqual(answered(boxes, 7), plainKept(tables, d, 0));
  // Row 1 all zero: a pair keeps o1 iff c1 alone is in the box.
  tables.contrib.fill(0, 7 * 2, 14 * 2);
  boxes.build(tables, 0, 1);
  boxes.query(Float64Array.from([0, 0]), 0, lo, hi);
  const alone = new Set<number>();
  for (let o1 = 0; o1 < 7; o1++) {
    const a = tables.contrib[o1 * 2] as number;
    const b = tables.contrib[o1 * 2 + 1] as number;
    if (a >= 0.6 && a <= 1.1 && b >= -5 && b <= 0) alone.add(o1);
  }
  t.true(alone.size > 0 && alone.size < 7);
  t.deepEqual(answered(boxes, 7), alone);
});
