/** Circuit files: the three forms give the same circuits; bad files name the field. */
import test from 'ava';
import { parseCircuitFile } from '../../shared/check/circuitFile.js';
import { CaseFileError } from '../../shared/case/fields.js';

const golden = {
  node_masks: [[1, 1], [0, 1, 1], [0, 0, 1], [1]],
  edge_masks: [[[0, 0], [1, 1], [1, 1]], [[0, 0, 0], [0, 0, 0], [0, 1, 1]], [[0, 0, 1]]],
};
const edges = [['0.0', '1.1'], ['0.1', '1.1'], ['0.0', '1.2'], ['0.1', '1.2'], ['1.1', '2.2'], ['1.2', '2.2'], ['2.2', '3.0']];
const plain = (c: ReturnType<typeof parseCircuitFile>[number]) => ({ inputMask: c.inputMask, masks: [...c.code.masks], rows: c.code.rows.map((r) => [...r]) });

test('a mask object and the same edge list give one circuit; every output gets it', (t) => {
  const fromMasks = parseCircuitFile(golden, [2, 3, 3, 1]).map(plain);
  const fromEdges = parseCircuitFile(edges, [2, 3, 3, 1]).map(plain);
  t.deepEqual(fromEdges, fromMasks);
  t.deepEqual(fromMasks[0], { inputMask: 3, masks: [6, 4, 1], rows: [[0, 3, 3], [0, 0, 6], [4]] });
  const two = parseCircuitFile(golden, [2, 3, 3, 2]).map(plain);
  t.is(two.length, 2);
  t.deepEqual(two[1], fromMasks[0]);
});

test('whole-network masks and edge lists split per output; {"outputs"} gives one per output', (t) => {
  const whole = { node_masks: [[1, 1], [0, 1, 1], [0, 0, 1], [1, 0]], edge_masks: [golden.edge_masks[0], golden.edge_masks[1], [[0, 0, 1], [0, 0, 0]]] };
  const [o0, o1] = parseCircuitFile(whole, [2, 3, 3, 2]).map(plain);
  t.deepEqual(o0, plain(parseCircuitFile(golden, [2, 3, 3, 1])[0]!));
  t.deepEqual(o1, { inputMask: 3, masks: [6, 4, 0], rows: [[0, 3, 3], [0, 0, 6], [0]] });
  const list = parseCircuitFile([...edges.slice(0, -1), ['2.2', '3.1']], [2, 3, 3, 2]).map(plain);
  t.deepEqual(list[1], { inputMask: 3, masks: [6, 4, 1], rows: [[0, 3, 3], [0, 0, 6], [4]] });
  t.deepEqual(list[0]!.masks, [6, 4, 0]);
  const per = parseCircuitFile({ outputs: [golden, edges] }, [2, 3, 3, 2]).map(plain);
  t.deepEqual(per[0], per[1]);
});

const bad: [string, unknown, RegExp][] = [
  ['not a circuit', { nodes: [] }, /expected a circuit/],
  ['wrong layer count', { node_masks: [[1, 1]], edge_masks: [] }, /^node_masks: expected 4 layers/],
  ['wrong width', { ...golden, node_masks: [[1, 1], [0, 1], [0, 0, 1], [1]] }, /^node_masks\[1\]: expected 3 values, got 2/],
  ['not a bit', { ...golden, edge_masks: [golden.edge_masks[0], [[0, 0, 0], [0, 2, 0], [0, 1, 1]], golden.edge_masks[2]] }, /^edge_masks\[1\]\[1\]\[1\]: expected 0 or 1, got 2/],
  ['bad node name', [['0.0', '1.x']], /^\[0\]\[1\]: expected a node "layer.index"/],
  ['skipping a layer', [['0.0', '2.1']], /^\[0\]: an edge joins layer l to layer l \+ 1, got 0 -> 2/],
  ['no such node', [['1.3', '2.0']], /^\[0\]\[0\]: layer 1 has 3 nodes, got node 3/],
  ['no such layer', [['4.0', '5.0']], /^\[0\]\[0\]: layer 4 does not exist/],
  ['outputs count', { outputs: [golden, golden] }, /^outputs: expected 1 circuits/],
];
for (const [name, json, message] of bad) {
  test(`bad circuit file: ${name}`, (t) => {
    const err = t.throws(() => parseCircuitFile(json, [2, 3, 3, 1]), { instanceOf: CaseFileError });
    t.regex(err?.message ?? '', message);
  });
}
