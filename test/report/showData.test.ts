/**
 * The show page's data against the analysis it comes from (shared/engine/analyze.ts), and the
 * inlined functions run outside their modules, as the browser runs them.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { parseCase } from '../../shared/case/caseFile.js';
import { analyzeOutput } from '../../shared/engine/analyze.js';
import { circuitKey, fromCircuitRecord, toCircuitRecord } from '../../shared/engine/circuitRecord.js';
import { groundingAt, groundingNodes, groundingTotal } from '../../shared/engine/groundingList.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import { circuitTables, groundingPatterns } from '../../shared/engine/truthTables.js';
import { formulaTree, parseFormula, type TreeNode } from '../../report/show/formulaTree.js';
import { buildShowPayload, type ShowPayload } from '../../report/show/showData.js';
import { decodeCircuit, encodeCircuit, gateLabel } from '../../report/show/showGraph.js';
import { outputWords } from '../../report/show/showPage.js';
import { inlinedFunctions } from '../../report/show/showScripts.js';
import { goldenDir } from '../helpers/golden.js';
import { mulberry32 } from '../helpers/randomNetwork.js';

const { input, config } = parseCase(JSON.parse(readFileSync(join(goldenDir, 'xor-k3-s4.json'), 'utf8')));
const options = compileAnalysisOptions(config, input.model);
const analysis = analyzeOutput(input, 0, options);
const meta = { title: 't', source: 'xor-k3-s4.json', settings: {} };
const payload: ShowPayload = buildShowPayload(input, options, meta, null);
const sizes = input.model.layerSizes;

test('the page lists every kept circuit of the analysis once, with its grounding count, sparsest first', (t) => {
  const out = payload.outputs[0];
  if (!out?.circuits) return t.fail('no circuit list');
  t.is(out.kept, analysis.circuits.length);
  t.is(out.kept, 54); // the golden case's count
  const expected = new Map(analysis.circuits.map((c) => [circuitKey(c), String(c.groundings)]));
  const listed = out.circuits.codes.map((code, i) => {
    const d = decodeCircuit(sizes, code);
    const record = toCircuitRecord(sizes, { masks: Uint32Array.from(d.masks), rows: d.rows.map((r) => Uint32Array.from(r)) }, null);
    t.is(out.circuits?.groundings[i], expected.get(circuitKey(record)), `groundings of circuit ${i}`);
    return circuitKey(record);
  });
  t.deepEqual([...listed].sort(), [...expected.keys()].sort());
  t.is(listed.length, expected.size);
  const onHidden = out.circuits.codes.map((code) => decodeCircuit(sizes, code).masks.slice(0, -1).reduce((s, m) => s + m.toString(2).replace(/0/g, '').length, 0));
  t.deepEqual(onHidden, [...onHidden].sort((a, b) => a - b));
  t.is(out.groundingsTotal, String(analysis.circuits.reduce((s, c) => s + (c.groundings ?? 0n), 0n)));
});

test('usage shares count the nodes and edges of the kept circuits, with or without the list', (t) => {
  const nodeUse = sizes.slice(1).map((w) => new Array<number>(w).fill(0));
  for (const c of analysis.circuits) c.node_masks.slice(1).forEach((m, l) => m.forEach((b, j) => ((nodeUse[l] as number[])[j] = ((nodeUse[l] as number[])[j] as number) + b)));
  const edgeUse = analysis.circuits.reduce((acc, c) => acc.map((pair, l) => pair.map((row, j) => row.map((v, i) => v + (c.edge_masks[l]?.[j]?.[i] as number)))), sizes.slice(1).map((w, l) => Array.from({ length: w }, () => new Array<number>(sizes[l] as number).fill(0))));
  t.deepEqual(payload.outputs[0]?.nodeUse, nodeUse);
  t.deepEqual(payload.outputs[0]?.edgeUse, edgeUse);
  const capped = buildShowPayload(input, options, meta, 10).outputs[0];
  t.is(capped?.circuits, null, 'above the list limit: no list');
  t.deepEqual(capped?.nodeUse, nodeUse);
  t.is(capped?.kept, 54);
});

test('formula trees print back, and every mapping key is a relevant node of its tree', (t) => {
  const out = payload.outputs[0];
  t.is(out?.formulas.length, analysis.formulas.length);
  for (const f of analysis.formulas) {
    const tree = formulaTree(f.formula);
    const keys = new Set<string>();
    const walk = (n: TreeNode): void => {
      if (n.key) keys.add(n.key);
      n.children.forEach(walk);
    };
    walk(tree);
    for (const m of f.minimal_mappings ?? []) for (const k of Object.keys(m)) t.true(keys.has(k), `${f.formula}: mapping key ${k}`);
  }
  t.deepEqual(outputWords(out as NonNullable<typeof out>), [
    '54 circuits are kept of 3000 candidates, with 26292 groundings in total.',
    '56 formulas compute XOR; 10 formulas are aligned with IIA = 1, by 54 minimal mappings.',
  ]);
  t.throws(() => parseFormula('A*B)'), { message: /unexpected text/ });
  t.throws(() => parseFormula('(A*B)'), { message: /prints back/ });
});

test('the inlined functions run on their own, as in the browser, and agree with their modules', (t) => {
  const context = vm.createContext({});
  vm.runInContext(inlinedFunctions(), context);
  const patterns = groundingPatterns(input.grounding);
  for (const c of analysis.circuits.slice(0, 12)) {
    const code = fromCircuitRecord(c);
    const tables = circuitTables(input.model, patterns, code).flatMap((layer, l) => layer.filter((_, j) => ((code.masks[l] as number) >>> j) & 1));
    const nodes = groundingNodes(sizes, code.masks, code.rows, tables);
    context.args = { sizes, masks: Array.from(code.masks), rows: code.rows.map((r) => Array.from(r)), tables, P: patterns.count };
    const inPage = vm.runInContext('(() => { const n = groundingNodes(args.sizes, args.masks, args.rows, args.tables); return [String(groundingTotal(n, args.P)), JSON.stringify(groundingAt(n, args.P, 1n))]; })()', context) as string[];
    t.is(inPage[0], String(groundingTotal(nodes, patterns.count)));
    t.is(inPage[0], String(c.groundings));
    t.is(inPage[1], JSON.stringify(groundingAt(nodes, patterns.count, 1n)));
  }
});

test('circuit codes round-trip, and gate names tell the 16 two-input gates apart', (t) => {
  const rand = mulberry32(7);
  for (const s of [[2, 3, 3, 1], [2, 6, 6, 1], [3, 11, 4, 2, 1]]) {
    for (let k = 0; k < 50; k++) {
      const masks = s.slice(1).map((w) => Math.floor(rand() * 2 ** w));
      const rows = s.slice(1).map((w, l) => Array.from({ length: w }, () => Math.floor(rand() * 2 ** (s[l] as number))));
      t.deepEqual(decodeCircuit(s, encodeCircuit(s, masks, rows)), { masks, rows });
    }
  }
  const names = Array.from({ length: 16 }, (_, v) => gateLabel(Array.from({ length: 4 }, (_, i) => (v >> i) & 1).join(''), ['A', 'B']));
  t.is(new Set(names).size, 16);
  t.is(gateLabel('0001', ['A', 'B']), 'AND');
  t.is(gateLabel('1101', ['A', 'B']), '¬A+B');
  t.is(gateLabel('01', ['a']), 'a');
  t.is(gateLabel('01101001', ['a', 'b', 'c']), 'f3:96');
});
