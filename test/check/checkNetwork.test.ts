/**
 * Property tests: `check` and its diagnostics equal the plain oracle (shared/oracle/checkOracle.ts)
 * on random small networks, for valid circuits, perturbed ones and random masks.
 */
import test from 'ava';
import fc from 'fast-check';
import { analyzeOutput } from '../../shared/engine/analyze.js';
import { fromCircuitRecord, toCircuitRecord } from '../../shared/engine/circuitRecord.js';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import { checkOutput } from '../../shared/check/checkNetwork.js';
import type { CheckedCircuit } from '../../shared/check/checkedCircuit.js';
import { oracleCheck, type PlainCircuit } from '../../shared/oracle/checkOracle.js';
import { mulberry32, ORACLE_SHAPES, randomCase, TWO_INPUT_GATES } from '../helpers/randomNetwork.js';
import { goldenCases } from '../helpers/golden.js';
import { parseCase } from '../../shared/case/caseFile.js';

const shapes = ORACLE_SHAPES;
const gates = TWO_INPUT_GATES;

const toChecked = (c: PlainCircuit): CheckedCircuit => ({ inputMask: (c.node_masks[0] as number[]).reduce((m, b, i) => m | (b << i), 0), code: fromCircuitRecord(c) });
const clone = (c: PlainCircuit): PlainCircuit => JSON.parse(JSON.stringify({ node_masks: c.node_masks, edge_masks: c.edge_masks }));

/** Valid circuits, each with one bit flipped (node or edge), and uniformly random masks. */
function queries(valid: PlainCircuit[], sizes: number[], rand: () => number): PlainCircuit[] {
  const out: PlainCircuit[] = [];
  const L = sizes.length - 1;
  for (const v of valid.slice(0, 4)) {
    out.push(clone(v));
    const edge = clone(v);
    const l = Math.floor(rand() * L);
    const j = Math.floor(rand() * (sizes[l + 1] as number));
    const i = Math.floor(rand() * (sizes[l] as number));
    const row = (edge.edge_masks[l] as number[][])[j] as number[];
    row[i] = 1 - (row[i] as number);
    out.push(edge);
    const node = clone(v);
    const nl = 1 + Math.floor(rand() * L);
    const nm = node.node_masks[nl] as number[];
    const k = Math.floor(rand() * nm.length);
    nm[k] = 1 - (nm[k] as number);
    out.push(node);
  }
  for (let r = 0; r < 3; r++) {
    out.push({
      node_masks: sizes.map((n, l) => Array.from({ length: n }, () => (l === 0 ? (rand() < 0.9 ? 1 : 0) : rand() < 0.6 ? 1 : 0))),
      edge_masks: sizes.slice(1).map((n, l) => Array.from({ length: n }, () => Array.from({ length: sizes[l] as number }, () => (rand() < 0.5 ? 1 : 0)))),
    });
  }
  return out;
}

const names = (edges: [string, string][]): string[] => edges.map(([a, b]) => `${a}>${b}`).sort();

test('check verdicts, counts, nearest circuits and diagnostics equal the oracle on random small networks', (t) => {
  let compared = 0;
  let validSeen = 0;
  let invalidSeen = 0;
  fc.assert(
    fc.property(
      fc.record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), shape: fc.constantFrom(...shapes), gate: fc.constantFrom(...gates), noisy: fc.boolean(), sparsity: fc.constantFrom(0, 0.2, 0.5) }),
      ({ seed, shape, gate, noisy, sparsity }) => {
        const { input, threshold } = randomCase(seed, shape, [gate], noisy);
        const options = compileAnalysisOptions({ minSparsity: sparsity, accuracyThreshold: threshold, stages: ['circuits'] }, input.model);
        const valid = analyzeOutput(input, 0, options).circuits;
        const qs = queries(valid, shape, mulberry32(seed ^ 0x5bd1e995));
        const fast = checkOutput(input, 0, options, qs.map(toChecked));
        qs.forEach((q, k) => {
          const plain = oracleCheck(input, 0, sparsity, threshold, q);
          const v = fast.verdicts[k]!;
          const d = fast.diagnostics;
          const got = {
            valid: v.valid,
            accuracy: v.accuracy,
            minimal: v.minimal,
            validSubcircuits: v.validSubcircuits,
            validCircuits: v.validCircuits,
            atMost: v.validWithAtMostAsManyEdges,
            nearest: v.nearest && { node_masks: toCircuitRecord(fast.sizes, v.nearest, null).node_masks, edge_masks: toCircuitRecord(fast.sizes, v.nearest, null).edge_masks },
            jaccard: v.jaccardToNearest,
            core: names(d.core),
            union: names(d.union),
            maxJaccard: d.maxJaccard,
            minEdges: d.minEdges,
            minEdgeCircuits: d.minEdgeCircuits,
          };
          t.deepEqual(got, { ...plain }, `seed ${seed} shape ${JSON.stringify(shape)} query ${k}`);
          compared++;
          if (plain.valid) validSeen++;
          else invalidSeen++;
        });
      },
    ),
    { numRuns: 40, seed: 20261201 },
  );
  t.true(validSeen > 20 && invalidSeen > 20, `${validSeen} valid, ${invalidSeen} invalid of ${compared}`);
});

test('on every golden case, check agrees with the authors\' lists: golden circuits valid, one-edge changes valid exactly when listed, counts as listed', (t) => {
  for (const g of goldenCases()) {
    const { input, config } = parseCase(g.json);
    const options = compileAnalysisOptions({ ...config, stages: ['circuits'] }, input.model);
    g.json.expected.forEach((expected: { circuits: PlainCircuit[] }, o: number) => {
      const listed = expected.circuits.map(clone);
      const keys = new Set(listed.map((c) => JSON.stringify([c.node_masks, c.edge_masks])));
      const edgeSets = listed.map((c) => c.edge_masks.flat(2));
      const size = (c: PlainCircuit): number => c.edge_masks.flat(2).filter((b) => b === 1).length;
      const rand = mulberry32(o + 17);
      const qs = listed.slice(0, 40).flatMap((c) => {
        const flipped = clone(c);
        const flat = flipped.edge_masks.flat();
        const row = flat[Math.floor(rand() * flat.length)] as number[];
        const i = Math.floor(rand() * row.length);
        row[i] = 1 - (row[i] as number);
        return [c, flipped];
      });
      const fast = checkOutput(input, o, options, qs.map(toChecked));
      qs.forEach((q, k) => {
        const v = fast.verdicts[k]!;
        const bits = q.edge_masks.flat(2);
        const listedValid = keys.has(JSON.stringify([q.node_masks, q.edge_masks]));
        t.is(v.valid, listedValid, `${g.name} output ${o} query ${k}`);
        t.is(v.validCircuits, listed.length);
        t.is(v.validWithAtMostAsManyEdges, listed.filter((c) => size(c) <= size(q)).length);
        const subs = edgeSets.filter((e, j) => e.every((b, x) => !b || bits[x]) && JSON.stringify(listed[j]) !== JSON.stringify({ node_masks: q.node_masks, edge_masks: q.edge_masks }) && listed[j]!.node_masks.every((m, l) => m.every((b, x) => !b || q.node_masks[l]![x]))).length;
        t.is(v.validSubcircuits, subs);
        t.is(v.minimal, listedValid && subs === 0);
      });
      t.is(fast.diagnostics.minEdges, Math.min(...listed.map(size)));
    });
  }
});
