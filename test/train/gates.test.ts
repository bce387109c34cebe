import test from 'ava';
import { gateNames, type Gate } from '../../shared/engine/types.js';
import { gateOutput, patternBits, truthTable } from '../../shared/train/gates.js';

// Truth tables over 00, 01, 10, 11 (A is input 0, the most significant bit); 000 ... 111 for three inputs.
const expected: Record<Gate, number[]> = {
  AND: [0, 0, 0, 1],
  OR: [0, 1, 1, 1],
  IMP: [1, 1, 0, 1],
  NAND: [1, 1, 1, 0],
  NOR: [1, 0, 0, 0],
  NIMP: [0, 0, 1, 0],
  XOR: [0, 1, 1, 0],
  MAJORITY: [0, 0, 0, 1, 0, 1, 1, 1],
  PARITY: [0, 1, 1, 0, 1, 0, 0, 1],
};

for (const gate of gateNames) {
  test(`${gate} truth table`, (t) => {
    t.deepEqual(truthTable(gate), expected[gate]);
  });
}

test('patterns are lexicographic with input 0 most significant', (t) => {
  t.deepEqual([0, 1, 2, 3].map((p) => patternBits(p, 2)), [[0, 0], [0, 1], [1, 0], [1, 1]]);
  t.deepEqual(patternBits(4, 3), [1, 0, 0]);
});

test('IMP and NIMP are asymmetric in A and B', (t) => {
  t.is(gateOutput('IMP', [1, 0]), 0);
  t.is(gateOutput('IMP', [0, 1]), 1);
  t.is(gateOutput('NIMP', [1, 0]), 1);
  t.is(gateOutput('NIMP', [0, 1]), 0);
});

test('a truth table gate gives its outputs in pattern order', (t) => {
  t.deepEqual(truthTable('tt:01101001'), expected.PARITY);
  t.deepEqual(truthTable('tt:1000000000000001'), [1, ...new Array<number>(14).fill(0), 1]);
  t.is(gateOutput('tt:00010111', [1, 1, 0]), 1);
  t.is(gateOutput('MAJORITY', [1, 0, 0]), 0);
});

test('bad inputs are rejected', (t) => {
  t.throws(() => gateOutput('MAJORITY', [1, 1]), { instanceOf: RangeError, message: 'gate MAJORITY takes 3 bits, got 2' });
  t.throws(() => gateOutput('AND', [1]), { instanceOf: RangeError, message: 'gate AND takes 2 bits, got 1' });
  t.throws(() => gateOutput('AND', [1, 2]), { instanceOf: RangeError, message: 'gate inputs must be 0 or 1, got [1, 2]' });
  t.throws(() => gateOutput('FOO' as Gate, [1, 1]), { instanceOf: RangeError });
});
