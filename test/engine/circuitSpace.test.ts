import test from 'ava';
import { circuitSpace, edgeMaskCount, edgeMasksOf, sliceBoundaries } from '../../shared/engine/circuitSpace.js';
import { oracleCircuits } from '../../shared/oracle/oracle.js';

test('candidate counts match SEMANTICS.md and the paper-scale figures', (t) => {
  t.is(circuitSpace([2, 3, 3, 1], 0).candidates, 3000);
  t.is(circuitSpace([2, 4, 4, 1], 0.2).candidates, 168_672);
  t.is(circuitSpace([2, 5, 5, 1], 0.3).candidates, 1_092_035);
  t.is(circuitSpace([2, 5, 5, 1], 0).candidates, 1_247_432_400);
  t.is(circuitSpace([2, 6, 6, 1], 0).candidates, 5_202_634_902_560);
});

test('edge mask counts equal the enumerated masks', (t) => {
  for (let p = 1; p <= 4; p++) {
    for (let q = 1; q <= 4; q++) {
      t.is(edgeMasksOf(2 ** p - 1, 2 ** q - 1, q).length / q, edgeMaskCount(p, q), `N(${p}, ${q})`);
    }
  }
  t.is(edgeMaskCount(0, 0), 1);
  t.is(edgeMaskCount(2, 0), 0);
  t.is(edgeMaskCount(0, 3), 0);
});

test('the space has as many candidates as the plain oracle enumerates', (t) => {
  for (const [sizes, sparsity] of [[[2, 2, 2, 1], 0], [[2, 2, 3, 1], 0], [[2, 3, 2, 1], 0.3], [[2, 2, 2, 2, 1], 0]] as [number[], number][]) {
    t.is(circuitSpace(sizes, sparsity).candidates, [...oracleCircuits(sizes, sparsity)].length, sizes.join(','));
  }
});

test('slice boundaries partition the units in order and balance candidates', (t) => {
  const space = circuitSpace([2, 4, 4, 1], 0.2);
  for (const n of [1, 2, 7, 64]) {
    const b = sliceBoundaries(space, n);
    t.is(b.length, n + 1);
    t.is(b[0], 0);
    t.is(b[n], space.units);
    for (let i = 0; i < n; i++) t.true((b[i] as number) <= (b[i + 1] as number));
  }
});

test('a space is built once per shape and filter, and a caller changing its sizes later changes nothing', (t) => {
  const sizes = [2, 3, 3, 1];
  const a = circuitSpace(sizes, 0);
  t.is(circuitSpace([2, 3, 3, 1], 0), a);
  t.not(circuitSpace([2, 3, 3, 1], 0.3), a);
  t.true(circuitSpace([2, 3, 3, 1], 0.3).candidates < a.candidates);
  sizes[1] = 2;
  t.deepEqual(a.layerSizes, [2, 3, 3, 1]);
  t.is(circuitSpace([2, 3, 3, 1], 0), a);
  t.is(circuitSpace(sizes, 0).candidates, circuitSpace([2, 2, 3, 1], 0).candidates);
});
