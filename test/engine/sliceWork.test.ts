import test from 'ava';
import fc from 'fast-check';
import { popcount } from '../../shared/engine/bits.js';
import { circuitSpace, comboOfUnit } from '../../shared/engine/circuitSpace.js';
import { DEEP_PART_SHARES, PART_SHARES, TAIL_SHARES, TAIL_SPLIT, unitWork, workSliceRanges } from '../../shared/engine/sliceWork.js';
import { unitParts } from '../../shared/engine/unitParts.js';
import type { CircuitSpace } from '../../shared/engine/circuitSpace.js';
import { groundingPatterns } from '../../shared/engine/truthTables.js';
import { parseCase } from '../../shared/case/caseFile.js';
import { goldenCases } from '../helpers/golden.js';

const space = circuitSpace([2, 3, 3, 1], 0);
// Past two hidden layers a unit's parts are its second-pair edge masks (7 of 2 x 2 nodes).
const deep = circuitSpace([2, 2, 2, 2, 1], 0);

test('a unit has as many parts as its first rows with two hidden layers, its second-pair edge masks past two', (t) => {
  for (let c = 0; c < space.combos; c++) t.is(unitParts(space, c), 2 ** popcount(space.nodeMasks[c * 3] as number) - 1);
  // Valid edge masks from m1 lower to m2 upper nodes: rows non-empty, every lower node covered.
  const counts = [1, 0, 0, 0, 1, 1, 0, 1, 7];
  for (let c = 0; c < deep.combos; c++) {
    const [m1, m2] = [popcount(deep.nodeMasks[c * 4] as number), popcount(deep.nodeMasks[c * 4 + 1] as number)];
    t.is(unitParts(deep, c), counts[m1 * 3 + m2] as number, `masks of ${m1} and ${m2} nodes`);
  }
});

for (const [name, sp, partShares] of [['two hidden layers', space, PART_SHARES], ['three hidden layers', deep, DEEP_PART_SHARES]] as const) {
  test(`work slices cover every unit once in search order, the first TAIL_SHARES shares finer; only a unit heavier than its part shares is cut, into parts of at most about that many (${name})`, (t) => {
    sliceProperty(t, sp, partShares);
  });
}

function sliceProperty(t: import('ava').ExecutionContext, space: CircuitSpace, partShares: number): void {
  const firstRowsOf = (u: number): number => unitParts(space, comboOfUnit(space, u));
  fc.assert(
    fc.property(fc.array(fc.double({ min: 0, max: 1000, noNaN: true }), { minLength: space.units, maxLength: space.units }), fc.integer({ min: 1, max: 200 }), (raw, n) => {
      const work = Float64Array.from(raw);
      const ranges = workSliceRanges(space, work, n);
      const share = work.reduce((a, b) => a + b, 0) / n;
      let unit = 0;
      let row = 0;
      let before = 0;
      for (const r of ranges) {
        // A range closes as soon as it reaches its share: a TAIL_SPLIT-th of one in the tail.
        if (!r.firstRows && r.end - r.start > 1) {
          let without = 0;
          for (let u = r.start; u < r.end - 1; u++) without += work[u] as number;
          const tail = n > TAIL_SHARES * TAIL_SPLIT && before < TAIL_SHARES * share;
          t.true(without < (tail ? share / TAIL_SPLIT : share) * (1 + 1e-12), 'a range ends at the unit that fills its share');
        }
        before += r.work * share;
        if (r.firstRows) {
          t.is(r.end, r.start + 1);
          if (row === 0) t.is(r.start, unit);
          t.is(r.firstRows[0], row);
          t.true(r.firstRows[1] > r.firstRows[0]);
          t.true((work[r.start] as number) > partShares * share, 'only a unit heavier than its part shares is cut');
          // As many parts as it takes to keep each at its part shares, while the unit's parts allow.
          const parts = Math.min(firstRowsOf(r.start), Math.ceil((work[r.start] as number) / (partShares * share)));
          t.true(r.firstRows[1] - r.firstRows[0] <= Math.ceil(firstRowsOf(r.start) / parts));
          row = r.firstRows[1];
          if (row === firstRowsOf(r.start)) [unit, row] = [r.end, 0];
        } else {
          t.is(row, 0);
          t.is(r.start, unit);
          t.true(r.end > r.start);
          unit = r.end;
        }
      }
      t.is(unit, space.units);
      if (n === 1) t.deepEqual(ranges, [{ start: 0, end: space.units, work: 1 }]);
      // The estimates are shares of the whole: they add up to the slices asked for.
      else if (share > 0) t.true(Math.abs(ranges.reduce((a, r) => a + r.work, 0) - n) < 1e-6 * n);
    }),
    { numRuns: 200, seed: 2 },
  );
}

test('with groundings the estimate weighs a unit by its first layer\'s states; without, by its candidates', (t) => {
  const c = goldenCases().find((g) => g.name === 'xor+and-k3-s3');
  if (!c) return t.fail();
  const { input } = parseCase(c.json);
  const plain = unitWork(space, input.model, null);
  const weighed = unitWork(space, input.model, groundingPatterns(input.grounding));
  for (let u = 0; u < space.units; u++) {
    const per = space.candidatesPerUnit[comboOfUnit(space, u)] as number;
    t.is(plain[u], per);
    // candidates x (1 + states^1.3), states >= 0: at least the candidates, and 0 with none.
    t.true((weighed[u] as number) >= per && (per > 0 || weighed[u] === 0));
  }
  t.true(weighed.some((w, u) => w > (plain[u] as number) * 2), 'some unit has several joint states');
});
