import test from 'ava';
import fc from 'fast-check';
import { candidateCount, candidateFormulas, candidateRange, candidateSizes, formulaTable, formulaText, maxFormulaDepth, nodeCount, numberNodes, variableTable, type Formula } from '../../shared/engine/formulas.js';
import { firstNegation, firstNegations } from '../../shared/engine/negationSearch.js';
import { plainFirstNegationText } from '../../shared/oracle/negationOracle.js';
import { gateArity, gateTable } from '../../shared/engine/gates.js';
import { mappingSearch, relevantNodes } from '../../shared/engine/mappingSearch.js';
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

test('the first negation subset equals the plain walk over every subset, for every candidate of several gates', (t) => {
  // The fast search skips the sizes below the fewest negations that can give the target and
  // evaluates a laid-out tree; the plain one walks every subset from the empty one.
  const cases: [number, number, string[]][] = [
    [2, 4, ['XOR', 'AND', 'IMP', 'NOR']],
    [3, 3, ['MAJORITY', 'tt:10000000']],
    [3, 2, ['PARITY']],
  ];
  for (const [nVars, depth, gates] of cases) {
    const candidates = candidateFormulas(nVars, depth);
    for (const gate of gates) {
      const target = gateTable(gate as Parameters<typeof gateTable>[0]);
      let found = 0;
      candidates.forEach((c, i) => {
        // Every 17th candidate at 2 variables, every 11th at 3 (the plain walk is slow).
        if (i % (nVars === 2 ? 17 : 11) !== 0) return;
        const fast = firstNegation(c, target, nVars);
        const plain = plainFirstNegationText(c, target, nVars);
        if (plain !== null) found++;
        t.is(fast === null ? null : formulaText(fast), plain, `${gate} candidate ${i} ${formulaText(c)}`);
      });
      t.true(found > 0 || gate === 'PARITY', `${gate}: some candidate computes it`);
    }
  }
});

test('first negations kept per gate equal each candidate searched alone, for any ranges, gates taken in turn', (t) => {
  // The thread keeps two gates' answers: ranges asked in any order, overlapping or past the end,
  // and a third gate evicting the oldest, must give what a fresh search of each candidate gives.
  const text = (f: Formula | null): string | null => (f === null ? null : formulaText(f));
  const alone = (nVars: number, depth: number, target: number, start: number, end: number): (string | null)[] =>
    candidateRange(nVars, depth, start, end).map((c) => text(firstNegation(c, target, nVars)));
  const asks: [number, number, string, number, number][] = [
    [2, 3, 'XOR', 10, 40], [2, 3, 'XOR', 20, 60], [2, 3, 'XOR', 0, Infinity], [2, 3, 'AND', 30, 35], [2, 3, 'XOR', 35, 60],
    [2, 3, 'NOR', 80, 200], [2, 3, 'XOR', 0, 88], [2, 3, 'AND', 0, Infinity], [3, 2, 'MAJORITY', 5, 50], [2, 3, 'AND', 87, 88],
  ];
  for (const [nVars, depth, gate, start, end] of asks) {
    const target = gateTable(gate as Parameters<typeof gateTable>[0]);
    t.deepEqual(firstNegations(nVars, depth, target, start, end).map(text), alone(nVars, depth, target, start, end), `${gate} [${start}, ${end})`);
  }
});

test('node ids are pre-order, added NOT nodes are numbered after, relevant nodes as the golden keys', (t) => {
  const [candidate] = candidateFormulas(2, 3).filter((f) => formulaText(f) === '(A*B)*(A+B)');
  const f = firstNegation(candidate!, gateTable('XOR'), 2)!;
  t.deepEqual(numberNodes(f).map((n) => `${n.text} ${n.id}`), ['¬(A*B)*(A+B) 0', 'A*B 1', 'A 2', 'B 3', 'A+B 4', 'A 5', 'B 6', '¬(A*B) 7']);
  t.deepEqual(relevantNodes(f).map((n) => `${n.text} ${n.id}`).sort(), ['A+B 4', '¬(A*B) 7']);
});

test('every two-input gate has candidates that compute it', (t) => {
  for (const g of gateNames.filter((n) => gateArity(n) === 2)) t.true(candidateFormulas(2, 3).some((f) => firstNegation(f, gateTable(g), 2)), g);
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
  for (const gate of gateNames.filter((n) => gateArity(n) === 2)) {
    for (const depth of gate === 'XOR' || gate === 'IMP' ? [3, 4] : [3]) {
      const texts = candidateFormulas(2, depth).flatMap((c) => {
        const f = firstNegation(c, gateTable(gate), 2);
        return f ? [formulaText(f)] : [];
      });
      t.is(new Set(texts).size, texts.length, `${gate} depth ${depth}`);
    }
  }
});


test('3 variables: candidates are the plain enumeration up to depth 3 (3409); 4 variables to depth 2', (t) => {
  for (let depth = 0; depth <= 3; depth++) t.deepEqual(candidateFormulas(3, depth).map(formulaText), plainCandidates(3, depth), `depth ${depth}`);
  t.deepEqual([0, 1, 2, 3].map((d) => candidateCount(3, d)), [3, 9, 59, 3409]);
  t.deepEqual(candidateFormulas(4, 2).map(formulaText), plainCandidates(4, 2));
  t.is(candidateCount(4, 3), 41376);
  t.deepEqual([2, 3, 4].map(maxFormulaDepth), [4, 3, 3]);
});

test('3 variables: tables are 8-bit masks over the samples, A the most significant bit', (t) => {
  t.deepEqual([0, 1, 2].map((v) => variableTable(v, 3)), [0b11110000, 0b11001100, 0b10101010]);
  // The deeper operand comes first: depth-3 candidates are (depth-2 formula) op (shallower formula).
  const [maj] = candidateFormulas(3, 3).filter((f) => formulaText(f) === '((A*C)+(B*C))+(A*B)');
  if (!maj) return t.fail('no candidate ((A*C)+(B*C))+(A*B)');
  const vars = [0, 1, 2].map((v) => variableTable(v, 3));
  t.is(formulaTable(maj, vars, 255), gateTable('MAJORITY'));
  t.is(formulaText(firstNegation(maj, gateTable('MAJORITY'), 3)!), '((A*C)+(B*C))+(A*B)');
  const [and] = candidateFormulas(3, 2).filter((f) => formulaText(f) === '(A*B)*C');
  t.is(formulaText(firstNegation(and!, gateTable('tt:11111110'), 3)!), '¬((A*B)*C)'); // NAND of three
  t.is(formulaText(firstNegation(and!, gateTable('tt:01111111'), 3)!), '¬((¬A*¬B)*¬C)'); // OR of three
});

test('3 variables: MAJORITY is computed by 1504 candidates of depth <= 3, PARITY by none (it needs depth 4); texts are distinct', (t) => {
  const kept = (gate: 'MAJORITY' | 'PARITY'): string[] => candidateFormulas(3, 3).flatMap((c) => {
    const f = firstNegation(c, gateTable(gate), 3);
    return f ? [formulaText(f)] : [];
  });
  const majority = kept('MAJORITY');
  t.is(majority.length, 1504);
  t.is(new Set(majority).size, majority.length);
  t.is(kept('PARITY').length, 0);
});

test('the mapping search refuses a gate table of another width and a depth past the cap', (t) => {
  const model = { layerSizes: [3, 2, 1], weights: [new Float32Array(6), new Float32Array(2)], biases: [new Float32Array(2), new Float32Array(1)] };
  t.throws(() => mappingSearch(model, 256, 2, 'lexicographic'), { message: 'gate table 256 is not a table over the 8 patterns of 3 inputs' });
  t.throws(() => mappingSearch(model, 1, 4, 'lexicographic'), { message: 'formula depth 4 with 3 inputs: at most 3' });
});
