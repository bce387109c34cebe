import test from 'ava';
import { fromCircuitRecord } from '../../shared/engine/circuitRecord.js';
import { GroundingCounter } from '../../shared/engine/groundingCount.js';
import { gateOptions, groundingAt, groundingNodes, groundingTotal, type GroundingNode } from '../../shared/engine/groundingList.js';
import { singleOutput } from '../../shared/engine/network.js';
import { circuitTables, groundingPatterns } from '../../shared/engine/truthTables.js';
import type { AnalysisInput } from '../../shared/engine/types.js';
import { oracleCircuits } from '../../shared/oracle/oracle.js';
import { oracleGroundingList } from '../../shared/oracle/groundingListOracle.js';
import { mulberry32, randomCase } from '../helpers/randomNetwork.js';

function nodesOf(input: AnalysisInput, code: ReturnType<typeof fromCircuitRecord>): GroundingNode[] {
  const patterns = groundingPatterns(input.grounding);
  const tables = circuitTables(input.model, patterns, code).flatMap((layer, l) => layer.filter((_, j) => ((code.masks[l] as number) >>> j) & 1));
  return groundingNodes(input.model.layerSizes, code.masks, code.rows, tables);
}

test('gate options: forced tuples, free tuples, and no XOR/XNOR for two parents', (t) => {
  // Parents 1100 and 1010 over 4 patterns: every tuple occurs once, the gate is the table itself.
  const and = gateOptions(0b1000, [0b1100, 0b1010], 4);
  t.deepEqual(and?.free, []);
  t.is(and?.count, 1n);
  // The table XOR of the parents is the only completion, and it is dropped: no gate.
  t.is(gateOptions(0b0110, [0b1100, 0b1010], 4), null);
  // Equal parents: tuples 01 and 10 never occur; of 4 completions, XOR (0 on 00 and 11) is one.
  t.is(gateOptions(0b0000, [0b1100, 0b1100], 4)?.count, 3n);
  // Two patterns with equal parent bits and different own bits: inconsistent.
  t.is(gateOptions(0b0001, [0b1100], 4), null);
});

test('the i-th grounding equals the i-th listed by the plain oracle, on random networks, clean and noisy', (t) => {
  let compared = 0;
  let circuits = 0;
  for (let seed = 1; seed <= 10; seed++) {
    const sizes = seed % 3 === 0 ? [2, 2, 2, 2, 1] : [2, 3, 3, 1];
    const { input } = randomCase(500 + seed, sizes, ['XOR'], seed % 2 === 0);
    const model = singleOutput(input.model, 0);
    const xTT = Array.from({ length: input.grounding.n }, (_, i) => Array.from(input.grounding.x.subarray(2 * i, 2 * i + 2)));
    const patterns = groundingPatterns(input.grounding);
    const counter = new GroundingCounter(model, patterns);
    const pick = mulberry32(seed);
    for (const c of oracleCircuits(sizes, 0)) {
      if (pick() > 0.02) continue;
      const code = fromCircuitRecord({ node_masks: c.nodeMasks, edge_masks: c.edgeMasks });
      const nodes = nodesOf(input, code);
      const total = groundingTotal(nodes, patterns.count);
      t.is(total, counter.count(code), 'the walk counts what the engine counts');
      if (total > 1500n) {
        t.not(groundingAt(nodes, patterns.count, total - 1n), null);
        continue;
      }
      const listed = oracleGroundingList(model, xTT, c.nodeMasks, c.edgeMasks);
      t.is(BigInt(listed.length), total);
      for (let i = 0; i < listed.length; i++) t.deepEqual(groundingAt(nodes, patterns.count, BigInt(i)), listed[i]);
      t.is(groundingAt(nodes, patterns.count, total), null, 'past the end');
      t.is(groundingAt(nodes, patterns.count, -1n), null);
      compared += listed.length;
      circuits++;
    }
  }
  t.log(`${compared} groundings of ${circuits} circuits compared`);
  t.true(circuits > 200 && compared > 10000, `only ${compared} groundings of ${circuits} circuits compared`);
});

test('node list: parents are the on nodes of the layer below joined by an edge, in index order', (t) => {
  // [2, 3, 2, 1]: layer 1 nodes 0 and 2 on, layer 2 node 1 on with edges from nodes 0 and 2.
  const nodes = groundingNodes([2, 3, 2, 1], Uint32Array.from([0b101, 0b10, 1]), [Uint32Array.from([3, 0, 1]), Uint32Array.from([0, 0b101]), Uint32Array.from([0b10])], [[1], [2], [3], [4]]);
  t.deepEqual(
    nodes.map((n) => [n.layer, n.index, n.parents]),
    [
      [1, 0, []],
      [1, 2, []],
      [2, 1, [0, 1]],
      [3, 0, [2]],
    ],
  );
  t.throws(() => groundingNodes([2, 3, 2, 1], Uint32Array.from([0b101, 0b10, 1]), [Uint32Array.from([3, 0, 1]), Uint32Array.from([0, 0b101]), Uint32Array.from([0b10])], [[1]]), { instanceOf: RangeError });
});
