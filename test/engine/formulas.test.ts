import test from 'ava';
import { candidateFormulas, firstNegation, formulaText, numberNodes } from '../../shared/engine/formulas.js';
import { gateTable } from '../../shared/engine/gates.js';
import { relevantNodes } from '../../shared/engine/mappingSearch.js';
import { gateNames } from '../../shared/engine/types.js';

test('2 variables, depth 3: 88 candidates, in depth order, each text once', (t) => {
  const texts = candidateFormulas(2, 3).map(formulaText);
  t.is(texts.length, 88);
  t.deepEqual(texts.slice(0, 6), ['A', 'B', 'A*B', 'A+B', '(A*B)*B', '(A*B)+B']);
  t.is(new Set(texts).size, 88);
});

test('formulas checked: 56 for XOR and 86 for AND with two hidden layers', (t) => {
  const count = (gate: 'XOR' | 'AND'): number => candidateFormulas(2, 3).filter((f) => firstNegation(f, gateTable(gate), 2)).length;
  t.is(count('XOR'), 56);
  t.is(count('AND'), 86);
});

test('the first negation subset is the smallest, then lexicographic', (t) => {
  const [candidate] = candidateFormulas(2, 3).filter((f) => formulaText(f) === '(A*B)*(A+B)');
  const f = firstNegation(candidate!, gateTable('XOR'), 2);
  t.is(formulaText(f!), '¬(A*B)*(A+B)');
  const a = candidateFormulas(2, 1).find((g) => formulaText(g) === 'A*B');
  t.is(formulaText(firstNegation(a!, gateTable('NAND'), 2)!), '¬(A*B)');
});

test('node ids are pre-order, added NOT nodes are numbered after, relevant nodes as the golden keys', (t) => {
  const [candidate] = candidateFormulas(2, 3).filter((f) => formulaText(f) === '(A*B)*(A+B)');
  const f = firstNegation(candidate!, gateTable('XOR'), 2)!;
  t.deepEqual(numberNodes(f).map((n) => `${n.text} ${n.id}`), ['¬(A*B)*(A+B) 0', 'A*B 1', 'A 2', 'B 3', 'A+B 4', 'A 5', 'B 6', '¬(A*B) 7']);
  t.deepEqual(relevantNodes(f).map((n) => `${n.text} ${n.id}`).sort(), ['A+B 4', '¬(A*B) 7']);
});

test('every gate has candidates that compute it', (t) => {
  for (const g of gateNames) t.true(candidateFormulas(2, 3).some((f) => firstNegation(f, gateTable(g), 2)), g);
});
