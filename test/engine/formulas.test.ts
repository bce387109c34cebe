import test from 'ava';
import fc from 'fast-check';
import { candidateCount, candidateFormulas, candidateRange, candidateSizes, firstNegation, formulaText, nodeCount, numberNodes } from '../../shared/engine/formulas.js';
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

/** SEMANTICS.md's enumeration written plainly: every level built as texts, texts compared. */
function plainCandidates(nVars: number, maxDepth: number): string[] {
  const full = (text: string): string => (text.length > 1 ? `(${text})` : text);
  const byDepth: string[][] = [Array.from({ length: nVars }, (_, v) => 'ABCD'[v] as string)];
  for (let d = 1; d <= maxDepth; d++) {
    const shallower = byDepth.flat();
    byDepth.push((byDepth[d - 1] ?? []).flatMap((a) => shallower.filter((b) => a < b).flatMap((b) => ['*', '+'].map((op) => `${full(a)}${op}${full(b)}`))));
  }
  return byDepth.flat();
}

test('candidate ranges are the plain enumeration, cut anywhere', (t) => {
  for (let depth = 0; depth <= 4; depth++) {
    const plain = plainCandidates(2, depth);
    t.is(candidateCount(2, depth), plain.length, `depth ${depth}`);
    t.deepEqual(candidateFormulas(2, depth).map(formulaText), plain, `depth ${depth}`);
  }
  t.deepEqual([0, 1, 2, 3, 4].map((d) => candidateCount(2, d)), [2, 4, 10, 88, 7654]);
  for (let depth = 0; depth <= 4; depth++) t.deepEqual([...candidateSizes(2, depth)], candidateFormulas(2, depth).map(nodeCount), `sizes at depth ${depth}`);
  const all = plainCandidates(2, 4);
  fc.assert(
    fc.property(fc.nat(7700), fc.nat(200), (start, length) => JSON.stringify(candidateRange(2, 4, start, start + length).map(formulaText)) === JSON.stringify(all.slice(start, start + length))),
    { numRuns: 40, seed: 11 },
  );
});

test('no two candidates keep the same formula text, for any gate (mappingSlices adds up slice counts)', (t) => {
  for (const gate of gateNames) {
    for (const depth of gate === 'XOR' || gate === 'IMP' ? [3, 4] : [3]) {
      const texts = candidateFormulas(2, depth).flatMap((c) => {
        const f = firstNegation(c, gateTable(gate), 2);
        return f ? [formulaText(f)] : [];
      });
      t.is(new Set(texts).size, texts.length, `${gate} depth ${depth}`);
    }
  }
});

