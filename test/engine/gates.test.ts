import test from 'ava';
import { commonArity, gateArity, GateError, gateNameProblem, gateSpec, gateTable, isGate, parseGateList } from '../../shared/engine/gates.js';
import { gateNames } from '../../shared/engine/types.js';

test('named gates: seven of two inputs, MAJORITY and PARITY of three', (t) => {
  t.deepEqual(gateNames.map(gateArity), [2, 2, 2, 2, 2, 2, 2, 3, 3]);
  // Bit p = output on pattern p (A most significant): XOR on 01 and 10.
  t.is(gateTable('XOR'), 0b0110);
  t.is(gateTable('AND'), 0b1000);
  t.is(gateTable('IMP'), 0b1011);
  t.is(gateTable('MAJORITY'), 0b11101000);
  t.is(gateTable('PARITY'), 0b10010110);
});

test('a tt: gate reads its outputs in pattern order; its length sets the arity', (t) => {
  t.deepEqual(gateSpec('tt:0110'), { name: 'tt:0110', arity: 2, table: gateTable('XOR') });
  t.deepEqual(gateSpec('tt:01101001'), { name: 'tt:01101001', arity: 3, table: gateTable('PARITY') });
  t.deepEqual(gateSpec('TT:0000000000000001'), { name: 'tt:0000000000000001', arity: 4, table: 1 << 15 });
});

test('parseGateList: any case, spaces, canonical names, one arity', (t) => {
  t.deepEqual(parseGateList(' parity, Majority ').map((g) => g.name), ['PARITY', 'MAJORITY']);
  t.deepEqual(parseGateList('xor,tt:0001').map((g) => [g.name, g.arity]), [['XOR', 2], ['tt:0001', 2]]);
  t.deepEqual(parseGateList('XOR,MAJORITY', { mixedArities: true }).map((g) => g.arity), [2, 3]);
});

const refused: [string, string][] = [
  ['', 'expected at least one gate'],
  [' , ', 'expected at least one gate'],
  ['XAND', "unknown gate 'XAND' (expected AND, OR, IMP, NAND, NOR, NIMP, XOR, MAJORITY, PARITY or tt: followed by 4, 8 or 16 outputs (0 or 1))"],
  ['tt:011', "gate 'tt:011': a truth table has 4, 8 or 16 outputs (2, 3 or 4 inputs), got 3"],
  ['tt:01100110011001100110011001100110', "gate 'tt:01100110011001100110011001100110': a truth table has 4, 8 or 16 outputs (2, 3 or 4 inputs), got 32"],
  ['tt:0120', "gate 'tt:0120': a truth table holds only 0 and 1"],
  ['tt:', "gate 'tt:': a truth table has 4, 8 or 16 outputs (2, 3 or 4 inputs), got 0"],
  ['XOR,MAJORITY', 'gates XOR (2 inputs) and MAJORITY (3 inputs) cannot share one network: every gate of a network takes the same inputs'],
  ['PARITY,tt:0110', 'gates PARITY (3 inputs) and tt:0110 (2 inputs) cannot share one network: every gate of a network takes the same inputs'],
];
for (const [text, message] of refused) {
  test(`parseGateList refuses '${text}'`, (t) => {
    t.throws(() => parseGateList(text), { instanceOf: GateError, message });
  });
}

test('isGate accepts canonical names only; gateNameProblem says why not', (t) => {
  for (const g of ['XOR', 'PARITY', 'tt:01101001']) t.true(isGate(g), g);
  for (const g of ['xor', 'tt:011', 'TT:0110', ' XOR', 7, null, 'constructor', 'toString']) t.false(isGate(g), String(g));
  t.is(gateNameProblem('xor'), 'gate "xor" must be written "XOR"');
  t.is(gateNameProblem('tt:2'), 'gate "tt:2": a truth table holds only 0 and 1');
  t.regex(gateNameProblem(3), /^unknown gate 3 \(expected AND/);
});

test('commonArity: the one arity of a network, or an error naming the two gates', (t) => {
  t.is(commonArity(['PARITY', 'MAJORITY']), 3);
  t.is(commonArity(['tt:0110100110010110']), 4);
  t.throws(() => commonArity([]), { instanceOf: GateError });
  t.throws(() => commonArity(['AND', 'tt:01101001']), { message: /AND \(2 inputs\) and tt:01101001 \(3 inputs\)/ });
});
