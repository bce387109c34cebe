import test from 'ava';
import fc from 'fast-check';
import { Packr } from 'msgpackr';
import { GroundingSummary, type CircuitCount } from '../../shared/engine/groundingSummary.js';
import { spareTables, STAGED_CELLS } from '../../shared/engine/countTable.js';

const big = 2n ** 136n;

test('add, kept, total, min, max and the distribution, ascending', (t) => {
  const s = new GroundingSummary().add(5n).add(big, 3).add(5n).add(0n, 2n).add(7n, 0);
  t.is(s.kept, 7);
  t.is(s.size, 3);
  t.is(s.total, 10n + 3n * big);
  t.is(s.min, 0n);
  t.is(s.max, big);
  t.deepEqual(s.distribution(), [
    [0n, 2],
    [5n, 2],
    [big, 3],
  ]);
  const empty = new GroundingSummary();
  t.deepEqual([empty.kept, empty.total, empty.min, empty.max, empty.distribution()], [0, 0n, null, null, []]);
});

test('counts that round to the same float64 stay apart', (t) => {
  // 2^100 and 2^100 + 1 have the same float64 rounding: the table must compare the bigints.
  const s = new GroundingSummary();
  for (let i = 0; i < 3000; i++) s.add(2n ** 100n + BigInt(i % 7)).add(BigInt(i));
  t.is(s.size, 3000 + 7);
  t.is(s.kept, 6000);
  const threes = Array.from({ length: 3000 }, (_, i) => i).filter((i) => i % 7 === 3).length;
  t.is(s.distribution().find(([v]) => v === 2n ** 100n + 3n)?.[1], threes);
});

test('addNumber equals add of the same count as a bigint, next to counts that round to it', (t) => {
  const a = new GroundingSummary();
  const b = new GroundingSummary();
  for (const [v, c] of [[2 ** 100, 3], [0, 2], [-0, 1], [2 ** 100, 1], [12, 5]] as [number, number][]) {
    a.addNumber(v, c);
    b.add(BigInt(v), c);
  }
  a.add(2n ** 100n + 1n); // same float64 as 2^100: must stay apart from it
  b.add(2n ** 100n + 1n);
  a.addNumber(2 ** 100);
  b.add(2n ** 100n);
  t.deepEqual(a.distribution(), b.distribution());
  t.deepEqual(a.distribution(), [
    [0n, 3],
    [12n, 5],
    [2n ** 100n, 5],
    [2n ** 100n + 1n, 1],
  ]);
  t.throws(() => a.addNumber(1.5), { instanceOf: RangeError, message: 'GroundingSummary.addNumber: value must be a non-negative integer, got 1.5' });
});

test('numbers of circuits past 2^53 become bigints and stay exact', (t) => {
  const s = new GroundingSummary().add(3n, Number.MAX_SAFE_INTEGER).add(3n, 2).add(4n, 2n ** 70n);
  t.is(s.kept, BigInt(Number.MAX_SAFE_INTEGER) + 2n + 2n ** 70n);
  t.deepEqual(s.distribution(), [
    [3n, BigInt(Number.MAX_SAFE_INTEGER) + 2n],
    [4n, 2n ** 70n],
  ]);
  t.is(s.total, 3n * (BigInt(Number.MAX_SAFE_INTEGER) + 2n) + 4n * 2n ** 70n);
});

test('bad input is refused with the field named', (t) => {
  const s = new GroundingSummary();
  t.throws(() => s.add(-1n), { instanceOf: RangeError, message: 'GroundingSummary.add: value must be a non-negative bigint, got -1' });
  t.throws(() => s.add(1n, 1.5), { instanceOf: RangeError, message: 'GroundingSummary.add: circuits must be a non-negative safe integer or a bigint, got 1.5' });
  t.throws(() => GroundingSummary.fromRecord({ v: 2 } as never), { instanceOf: RangeError, message: 'GroundingSummary record: v must be 1, got 2' });
  t.throws(() => GroundingSummary.fromJSON({ v: 1, values: ['1e3'], circuits: ['1'] }), {
    instanceOf: RangeError,
    message: 'GroundingSummary JSON values[0]: expected a decimal string, got 1e3',
  });
});

test('the record survives the wire codec (msgpackr with the options of shared/wire/codec.ts) and JSON', (t) => {
  const s = new GroundingSummary().add(big * 3n, 2n ** 60n).add(12n).add(2n ** 64n - 1n, 5);
  // The same options as the codec's Packr: bigints as int64 or the bigint extension, read back as bigint.
  const packr = new Packr({ moreTypes: true, useRecords: false, useBigIntExtension: true, int64AsType: 'bigint', mapsAsObjects: true });
  const back = GroundingSummary.fromRecord(packr.unpack(packr.pack(s.toRecord())));
  t.deepEqual(back.distribution(), s.distribution());
  t.is(back.kept, s.kept);
  const json = GroundingSummary.fromJSON(JSON.parse(JSON.stringify(s)));
  t.deepEqual(json.distribution(), s.distribution());
});

const value = fc.oneof(fc.bigInt({ min: 0n, max: 40n }), fc.bigInt({ min: 0n, max: 2n ** 200n }), fc.integer({ min: 0, max: 5 }).map((i) => 2n ** 90n + BigInt(i)));
const circuits = fc.oneof(fc.constant<CircuitCount>(1), fc.integer({ min: 0, max: 1000 }), fc.bigInt({ min: 0n, max: 2n ** 60n }), fc.constant<CircuitCount>(Number.MAX_SAFE_INTEGER));
const summary = fc.array(fc.tuple(value, circuits), { maxLength: 40 });

function build(adds: [bigint, CircuitCount][]): GroundingSummary {
  const s = new GroundingSummary();
  for (const [v, c] of adds) s.add(v, c);
  return s;
}

const same = (a: GroundingSummary, b: GroundingSummary): boolean => JSON.stringify(a) === JSON.stringify(b);

test('merge is commutative and associative, and equals adding everything to one summary', (t) => {
  fc.assert(
    fc.property(summary, summary, summary, (a, b, c) => {
      const ab = build(a).merge(build(b));
      const ba = build(b).merge(build(a));
      const left = build(a).merge(build(b)).merge(build(c));
      const right = build(a).merge(build(b).merge(build(c)));
      const flat = build([...a, ...b, ...c]);
      return same(ab, ba) && same(left, right) && same(left, flat) && left.total === flat.total && left.kept === flat.kept;
    }),
    { numRuns: 300 },
  );
  t.pass();
});

test('merging a summary leaves it unchanged; merging one into itself doubles it', (t) => {
  const a = build([[7n, 2]]);
  const b = build([[7n, 3], [9n, 1]]);
  a.merge(b);
  t.deepEqual(b.distribution(), [
    [7n, 3],
    [9n, 1],
  ]);
  t.deepEqual(a.distribution(), [
    [7n, 5],
    [9n, 1],
  ]);
  t.deepEqual(b.merge(b).distribution(), [
    [7n, 6],
    [9n, 2],
  ]);
});

test('addNumbers equals addNumber of each value times scale with circuits times times, read from any offset', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ v: fc.integer({ min: 0, max: 40 }), c: fc.integer({ min: 0, max: 5 }) }), { maxLength: 30 }),
      fc.integer({ min: 0, max: 80 }),
      fc.constantFrom(1, 3, 2 ** 40, 2 ** 52),
      fc.boolean(),
      fc.integer({ min: 0, max: 5 }),
      (cells, shift, times, prefilled, from) => {
        const one = new GroundingSummary();
        const many = new GroundingSummary();
        if (prefilled) {
          // Counts already there, one of them close to the safe limit of circuits.
          for (const s of [one, many]) s.addNumber(2 ** shift * 3, Number.MAX_SAFE_INTEGER - 2).add(7n);
        }
        // The values after `from` others that must not be read (a pool of several rows).
        const values = Float64Array.from([...Array<number>(from).fill(99), ...cells.map((x) => x.v), 98]);
        const circuits = Float64Array.from(cells, (x) => x.c);
        many.addNumbers(values, circuits, cells.length, 2 ** shift, times, from);
        for (const { v, c } of cells) one.add(BigInt(v) * 2n ** BigInt(shift), BigInt(c) * BigInt(times));
        t.deepEqual(many.distribution(), one.distribution());
        t.is(many.kept, one.kept);
      },
    ),
  );
});

test('addNumbers of many cells at once (several staged batches, the table growing between them) equals a plain map of the counts', (t) => {
  // Past STAGED_CELLS cells a call stages its cells in batches, and a new count can grow the table
  // (new memory) in the middle of one; -0 is the count 0.
  const cell = fc.tuple(fc.oneof(fc.integer({ min: 0, max: 6000 }), fc.constant(-0)), fc.integer({ min: 0, max: 4 }));
  fc.assert(
    fc.property(fc.array(cell, { minLength: 0, maxLength: 3 * STAGED_CELLS + 7, size: 'max' }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 9 }), fc.constantFrom(1, 2, 5), (cells, from, circuitsFrom, times) => {
      const s = new GroundingSummary();
      const values = Float64Array.from([...Array<number>(from).fill(1), ...cells.map(([v]) => v)]);
      const circuits = Float64Array.from([...Array<number>(circuitsFrom).fill(1), ...cells.map(([, c]) => c)]);
      s.addNumbers(values, circuits, cells.length, 2 ** 10, times, from, circuitsFrom);
      const plain = new Map<bigint, number>();
      for (const [v, c] of cells) if (c !== 0) plain.set(BigInt(v) << 10n, (plain.get(BigInt(v) << 10n) ?? 0) + c * times);
      const expected = [...plain].sort((a, b) => (a[0] < b[0] ? -1 : 1));
      t.deepEqual(s.distribution(), expected);
      t.is(s.kept, cells.reduce((sum, [, c]) => sum + c * times, 0));
    }),
    { numRuns: 30, seed: 9, endOnFailure: true },
  );
});

test('through several table growths, any mix of add and addNumber equals a plain map of the counts, in order', (t) => {
  // Float64-exact counts (m * 2^e, some past 2^53), counts that are not (2^60 + i rounds to 2^60),
  // each added as a bigint or, when exact, as a number: the table starts at 1024 slots.
  const exact = fc.tuple(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 70 })).map(([m, e]) => BigInt(m) << BigInt(e));
  const inexact = fc.integer({ min: 1, max: 400 }).map((i) => 2n ** 60n + BigInt(i));
  const step = fc.tuple(fc.oneof(exact, inexact), fc.integer({ min: 1, max: 9 }), fc.boolean());
  fc.assert(
    fc.property(fc.array(step, { minLength: 600, maxLength: 2500 }), (steps) => {
      const s = new GroundingSummary();
      const plain = new Map<bigint, number>();
      for (const [v, c, asNumber] of steps) {
        const f = Number(v);
        if (asNumber && BigInt(f) === v) s.addNumber(f, c);
        else s.add(v, c);
        plain.set(v, (plain.get(v) ?? 0) + c);
      }
      const values = [...plain.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const cols = s.columns();
      return s.size === values.length && cols.values.every((v, i) => v === values[i] && cols.circuits[i] === plain.get(v)) && cols.values.length === values.length;
    }),
    { numRuns: 25, seed: 5 },
  );
  t.pass();
});

test('many distinct counts that round to one float64 are each kept apart, through the table\'s growth', (t) => {
  // 2^80 + odd: no float64 holds them, and every one rounds to 2^80.
  const n = 20_000;
  const s = new GroundingSummary();
  for (let k = n - 1; k >= 0; k--) s.add(2n ** 80n + 2n * BigInt(k) + 1n, 1 + (k % 3));
  for (let k = 0; k < n; k += 7) s.add(2n ** 80n + 2n * BigInt(k) + 1n);
  t.is(s.size, n);
  const d = s.distribution();
  t.true(d.every(([v, c], k) => v === 2n ** 80n + 2n * BigInt(k) + 1n && c === 1 + (k % 3) + (k % 7 === 0 ? 1 : 0)));
});

test('counts past float64\'s range (their rounding is Infinity) are each kept apart too', (t) => {
  const n = 3_000;
  const s = new GroundingSummary();
  for (let k = 0; k < n; k++) s.add(2n ** 1100n + BigInt(k) * 3n ** 200n, 1 + (k % 2));
  s.add(2n ** 1100n, 4);
  t.is(s.size, n);
  const d = s.distribution();
  t.true(d.every(([v, c], k) => v === 2n ** 1100n + BigInt(k) * 3n ** 200n && c === 1 + (k % 2) + (k === 0 ? 4 : 0)));
});

test('a summary after another, in the tables the first let go (grown past and released), holds exactly its own counts; a released one refuses use', (t) => {
  const fill = (s: GroundingSummary, from: number, n: number, seed: number): Map<number, number> => {
    const expect = new Map<number, number>();
    const values = new Float64Array(n);
    const circuits = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      values[i] = (from + ((i * seed) % n)) * 2;
      circuits[i] = 1 + (i % 5);
      expect.set(values[i] as number, (expect.get(values[i] as number) ?? 0) + (circuits[i] as number));
    }
    s.addNumbers(values, circuits, n, 1, 1);
    return expect;
  };
  const first = new GroundingSummary();
  fill(first, 0, 150_000, 7);
  first.release();
  t.true(spareTables().length >= 3, 'the tables grown past and the last one are spares');
  t.throws(() => first.addNumber(4), { message: /after release/ });
  t.throws(() => first.split(), { message: /after release/ });
  t.throws(() => first.total, { message: /after release/ });
  const second = new GroundingSummary();
  const expect = fill(second, 100_000, 120_000, 11);
  const { num, numCircuits } = second.split();
  t.is(num.length, expect.size);
  t.deepEqual([...num], [...expect.keys()].sort((a, b) => a - b));
  t.deepEqual([...numCircuits], [...num].map((v) => expect.get(v)));
  t.is(second.kept, [...expect.values()].reduce((a, b) => a + b, 0));
});
