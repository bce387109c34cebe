/**
 * Circuit files for `check`, parsed from decoded JSON into one circuit per network output. Pure:
 * a bad file throws a CaseFileError naming the field. Three forms (docs/discovery.md):
 *
 * - masks: `{"node_masks": [[...] per layer, inputs first], "edge_masks": [[[...]] per pair]}`, 0/1
 *   values, `edge_masks[l][j][i]` the edge from node i of layer l to node j of layer l + 1: the
 *   golden circuits' format. Shaped like the single-output network (one output node) it applies
 *   to every output; shaped like the whole network, output o gets output node o and row o of the
 *   last edge mask.
 * - edge list: `[["l.i", "l+1.j"], ...]`, layer 0 the inputs, layer L the outputs. A node is on when
 *   one of the edges kept for the output ends at it (inputs are always on); output o keeps every
 *   edge between hidden layers and the edges into output node o.
 * - per output: `{"outputs": [circuit, ...]}`, one mask object or edge list per output, each shaped
 *   like the single-output network (edge lists name the output node `L.0`).
 */
import { at, CaseFileError, expected, list, object } from '../case/fields.js';
import type { CheckedCircuit } from './checkedCircuit.js';

function bitOf(v: unknown, path: string): number {
  if (v !== 0 && v !== 1) expected(path, '0 or 1', v);
  return v;
}

function maskOf(v: unknown, path: string, n: number): number {
  const bits = list(v, path);
  if (bits.length !== n) throw new CaseFileError(path, `expected ${n} values, got ${bits.length}`);
  return bits.reduce<number>((m, b, i) => m | (bitOf(b, at(path, i)) << i), 0) >>> 0;
}

interface Masks {
  readonly nodes: number[];
  readonly rows: Uint32Array[];
}

/** Mask object shaped like `sizes`. */
function maskObject(v: unknown, path: string, sizes: readonly number[]): Masks {
  const o = object(v, path);
  const L = sizes.length - 1;
  const nodesPath = at(path, 'node_masks');
  const nodeList = list(o.node_masks, nodesPath);
  if (nodeList.length !== L + 1) throw new CaseFileError(nodesPath, `expected ${L + 1} layers (inputs first) for layer sizes ${JSON.stringify(sizes)}, got ${nodeList.length}`);
  const nodes = nodeList.map((m, l) => maskOf(m, at(nodesPath, l), sizes[l] as number));
  const edgesPath = at(path, 'edge_masks');
  const edgeList = list(o.edge_masks, edgesPath);
  if (edgeList.length !== L) throw new CaseFileError(edgesPath, `expected ${L} matrices for layer sizes ${JSON.stringify(sizes)}, got ${edgeList.length}`);
  const rows = edgeList.map((m, l) => {
    const p = at(edgesPath, l);
    const r = list(m, p);
    if (r.length !== sizes[l + 1]) throw new CaseFileError(p, `expected ${sizes[l + 1]} rows, got ${r.length}`);
    return Uint32Array.from(r, (row, j) => maskOf(row, at(p, j), sizes[l] as number));
  });
  return { nodes, rows };
}

const NODE = /^(\d+)\.(\d+)$/;

/** Edge list over `sizes`: rows of every pair, edges as given. */
function edgeList(v: readonly unknown[], path: string, sizes: readonly number[]): Uint32Array[] {
  const L = sizes.length - 1;
  const rows = sizes.slice(1).map((n) => new Uint32Array(n));
  v.forEach((e, k) => {
    const p = at(path, k);
    const pair = list(e, p);
    if (pair.length !== 2) throw new CaseFileError(p, `expected an edge ["layer.i", "layer+1.j"], got an array of length ${pair.length}`);
    const [from, to] = pair.map((s, side) => {
      const m = typeof s === 'string' ? NODE.exec(s) : null;
      if (!m) expected(at(p, side), 'a node "layer.index" (layer 0 = inputs)', s);
      const layer = Number(m[1]);
      const index = Number(m[2]);
      if (layer > L) throw new CaseFileError(at(p, side), `layer ${layer} does not exist (layers 0..${L}, 0 = inputs)`);
      if (index >= (sizes[layer] as number)) throw new CaseFileError(at(p, side), `layer ${layer} has ${sizes[layer]} nodes, got node ${index}`);
      return { layer, index };
    }) as [{ layer: number; index: number }, { layer: number; index: number }];
    if (to.layer !== from.layer + 1) throw new CaseFileError(p, `an edge joins layer l to layer l + 1, got ${from.layer} -> ${to.layer}`);
    const r = rows[from.layer] as Uint32Array;
    r[to.index] = ((r[to.index] as number) | (1 << from.index)) >>> 0;
  });
  return rows;
}

/** Node masks from the edges: on when an edge ends there; inputs always on. */
function nodesOfEdges(rows: readonly Uint32Array[], sizes: readonly number[]): number[] {
  const nodes = sizes.map((_, l) => (l === 0 ? 2 ** (sizes[0] as number) - 1 : 0));
  rows.forEach((r, p) => {
    r.forEach((row, j) => {
      if (row === 0) return;
      nodes[p] = ((nodes[p] as number) | row) >>> 0;
      nodes[p + 1] = ((nodes[p + 1] as number) | (1 << j)) >>> 0;
    });
  });
  nodes[0] = 2 ** (sizes[0] as number) - 1;
  return nodes;
}

function toChecked(m: Masks): CheckedCircuit {
  return { inputMask: m.nodes[0] as number, code: { masks: Uint32Array.from(m.nodes.slice(1)), rows: m.rows } };
}

/** Output o of a circuit over the whole network (its last layer has every output). */
function outputOf(rows: readonly Uint32Array[], nodes: number[] | null, sizes: readonly number[], o: number): CheckedCircuit {
  const L = sizes.length - 1;
  const own = [...rows.slice(0, L - 1), Uint32Array.of(rows[L - 1]?.[o] as number)];
  const single = [...sizes.slice(0, L), 1];
  const n = nodes ? [...nodes.slice(0, L), ((nodes[L] as number) >>> o) & 1] : nodesOfEdges(own, single);
  return toChecked({ nodes: n, rows: own });
}

function oneCircuit(v: unknown, path: string, single: readonly number[]): CheckedCircuit {
  if (Array.isArray(v)) {
    const rows = edgeList(v, path, single);
    return toChecked({ nodes: nodesOfEdges(rows, single), rows });
  }
  return toChecked(maskObject(v, path, single));
}

/** One circuit per output of a network with layer sizes `sizes` (last = outputs). */
export function parseCircuitFile(json: unknown, sizes: readonly number[]): CheckedCircuit[] {
  const L = sizes.length - 1;
  const nOut = sizes[L] as number;
  const single = [...sizes.slice(0, L), 1];
  const outputs = Array.from({ length: nOut }, (_, o) => o);
  if (Array.isArray(json)) {
    const rows = edgeList(json, '', sizes);
    return outputs.map((o) => outputOf(rows, null, sizes, o));
  }
  const root = object(json, '');
  if (root.outputs !== undefined) {
    const per = list(root.outputs, 'outputs');
    if (per.length !== nOut) throw new CaseFileError('outputs', `expected ${nOut} circuits (one per output), got ${per.length}`);
    return per.map((c, o) => oneCircuit(c, at('outputs', o), single));
  }
  if (root.node_masks === undefined && root.edge_masks === undefined) {
    throw new CaseFileError('', 'expected a circuit: {"node_masks", "edge_masks"}, an edge list [["l.i", "l+1.j"], ...] or {"outputs": [...]}');
  }
  // Shaped like the single-output network: the same circuit for every output.
  const lastNodes = Array.isArray(root.node_masks) ? (root.node_masks[L] as unknown) : undefined;
  if (nOut === 1 || (Array.isArray(lastNodes) && lastNodes.length === 1)) {
    const c = toChecked(maskObject(root, '', single));
    return outputs.map(() => c);
  }
  const m = maskObject(root, '', sizes);
  return outputs.map((o) => outputOf(m.rows, m.nodes, sizes, o));
}
