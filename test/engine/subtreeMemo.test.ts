import test from 'ava';
import fc from 'fast-check';
import { GroundingSummary } from '../../shared/engine/groundingSummary.js';
import { SubtreeMemo } from '../../shared/engine/subtreeMemo.js';
import type { TermsView } from '../../shared/engine/termList.js';

/** A subtree as the memo sees it: its terms, their shift, and per cell a raw sum and shift (-1: no table). */
interface Subtree {
  terms: number;
  shift: number;
  /** Some circuits of the row only (a last row's options): the ranks of their cells; null: the whole row. */
  cells: number[] | null;
}

const LISTS: TermsView[] = [
  { idx: Int32Array.of(0, 3, 7), val: Float64Array.of(1, -2, 4), len: 3 },
  { idx: Int32Array.of(0, 3, 7), val: Float64Array.of(1, -2, 5), len: 3 },
  { idx: Int32Array.of(0, 3), val: Float64Array.of(1, -2), len: 2 },
  // A longer buffer than the list: only the first len entries are the terms.
  { idx: Int32Array.of(0, 3, 9), val: Float64Array.of(1, -2, 8), len: 2 },
];
const COUNTS = Float64Array.of(2, 0, 5, 1);
/** Sums are a function of the terms: lists 2 and 3 hold the same terms. */
const cellSums = (list: number): [number, number][] => [
  [10 + Math.min(list, 2), 3],
  [999, 0], // no circuits: never read
  [7 * Math.min(list, 2), 0],
  [0, -1], // the free node has no table: counts 0
];

/** The cells with circuits, by rank (the order of a sealed row's counts). */
const LIVE = [0, 2, 3];

test('tallied subtrees and cells flushed equal each circuit added on its own, whatever the memory bound', (t) => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          terms: fc.integer({ min: 0, max: 3 }),
          shift: fc.integer({ min: 0, max: 60 }),
          cells: fc.option(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 5 })),
        }),
        { maxLength: 40 },
      ),
      fc.integer({ min: 0, max: 40 }),
      (subtrees: Subtree[], limit) => {
        const memo = new SubtreeMemo(limit);
        const group = {};
        const got = new GroundingSummary();
        const want = new GroundingSummary();
        for (const { terms, shift, cells } of subtrees) {
          const list = LISTS[terms] as TermsView;
          const entry = memo.entry(group, list);
          let sums = entry.row(0);
          if (!sums) {
            const row = memo.addRow(entry, 0, COUNTS);
            cellSums(terms).forEach(([raw, cs], c) => {
              if (cs >= 0 && (COUNTS[c] as number) > 0) row.set(c, raw, cs);
            });
            sums = row;
          }
          t.true(memo.fits(sums, shift));
          const value = (c: number): bigint => {
            const [raw, cs] = cellSums(terms)[c] as [number, number];
            return cs < 0 ? 0n : BigInt(raw) * 2n ** BigInt(shift + cs);
          };
          if (cells) {
            memo.tallyCells(sums, shift, Int32Array.from(cells), cells.length, got);
            for (const r of cells) want.add(value(LIVE[r] as number));
          } else {
            memo.tally(sums, shift, got);
            for (const c of LIVE) want.add(value(c), COUNTS[c] as number);
          }
          memo.trim();
        }
        memo.flush();
        t.deepEqual(got.distribution(), want.distribution());
      },
    ),
  );
});

test('lists 2 and 3 are equal (the same first len terms) and share one entry; 0 and 1 do not', (t) => {
  const memo = new SubtreeMemo(1e6);
  const group = {};
  const a = memo.entry(group, LISTS[2] as TermsView);
  t.true(memo.entry(group, LISTS[3] as TermsView) === a);
  const b = memo.entry(group, LISTS[0] as TermsView);
  const c = memo.entry(group, LISTS[1] as TermsView);
  t.true(c !== b && c !== a, 'list 1 differs from list 0 in one value: an entry of its own');
  t.true(memo.entry(group, LISTS[1] as TermsView) === c);
  t.true(memo.entry({}, LISTS[2] as TermsView) !== a, 'another grouping has its own entries');
});

test('entries keep their terms when the pool grows: each list is found again, by content', (t) => {
  const memo = new SubtreeMemo(1e9);
  const group = {};
  const lists = Array.from({ length: 300 }, (_, i): TermsView => ({ idx: Int32Array.from({ length: 9 }, (_, k) => k * 3), val: Float64Array.from({ length: 9 }, (_, k) => i * 10 + k), len: 9 }));
  const entries = lists.map((l) => memo.entry(group, l));
  lists.forEach((l, i) => {
    t.true(memo.entry(group, { idx: l.idx.slice(), val: l.val.slice(), len: 9 }) === entries[i]);
  });
  t.is(new Set(entries).size, 300);
});

test('sums that are inexact, or past float64 at a shift, do not fit; two tallies count twice', (t) => {
  const memo = new SubtreeMemo(1e6);
  const group = {};
  const summary = new GroundingSummary();
  const nan = memo.addRow(memo.entry(group, LISTS[0] as TermsView), 0, COUNTS);
  nan.set(0, NaN, 0);
  t.false(memo.fits(nan, 0));
  const huge = memo.addRow(memo.entry(group, LISTS[1] as TermsView), 0, COUNTS);
  huge.set(0, 2 ** 52, 800);
  t.true(memo.fits(huge, 100));
  memo.tally(huge, 100, summary);
  memo.tally(huge, 100, summary);
  t.false(memo.fits(huge, 200), '2^52 * 2^1000 is past float64');
  t.false(memo.fits(huge, 224), 'no power of two past 2^1023');
  memo.flush();
  // Cells 2 and 3 have circuits but no sum set: their free node has no table, so they count 0.
  t.deepEqual(summary.distribution(), [
    [0n, 12],
    [2n ** 952n, 4],
  ]);
});
