/**
 * The number of groundings (interpretations) of a circuit, counted by dynamic programming over
 * layers instead of listing every joint choice of truth tables.
 *
 * f_1(s_1) = 1 for every joint choice s_1 of the first hidden layer's tables;
 * f_l(s_l) = sum over s_{l-1} of f_{l-1}(s_{l-1}) * prod over on nodes n of layer l of
 *            gates(n, s_l[n], tables of n's parents in s_{l-1});
 * the total is the sum of f_L. Counts run in float64 and are redone in BigInt when any value
 * reaches 2^53, so the result is always exact.
 */
import { bitIndices } from './bits.js';
import type { CircuitCode } from './circuitRecord.js';
import { circuitTables, type GroundingPatterns } from './truthTables.js';
import type { NetworkModel } from './types.js';

/**
 * Admissible local gates of a node with truth table `table` whose parents have `parents` tables,
 * over `patterns` patterns: 0 if two patterns with the same parent bits disagree, else 2^(free
 * parent tuples), less XOR and XNOR when the node has exactly two parents.
 */
export function localGateCount(table: number, parents: readonly number[], patterns: number): number {
  const seen = new Map<number, number>();
  for (let p = 0; p < patterns; p++) {
    let tuple = 0;
    for (const t of parents) tuple = (tuple << 1) | ((t >>> p) & 1);
    const bit = (table >>> p) & 1;
    const prior = seen.get(tuple);
    if (prior === undefined) seen.set(tuple, bit);
    else if (prior !== bit) return 0;
  }
  let count = 2 ** (2 ** parents.length - seen.size);
  if (parents.length === 2) {
    let xor = true;
    let xnor = true;
    for (const [tuple, bit] of seen) {
      const x = (tuple & 1) ^ (tuple >>> 1);
      if (bit !== x) xor = false;
      if (bit === x) xnor = false;
    }
    count -= Number(xor) + Number(xnor);
  }
  return count;
}

interface Layer {
  /** On nodes of the layer, ascending. */
  readonly nodes: number[];
  /** tables[r]: the tables of nodes[r]. */
  readonly tables: number[][];
  /** parents[r]: positions (in the previous layer's nodes) of nodes[r]'s parents. */
  readonly parents: number[][];
  /** Joint choices: the product of table counts. */
  readonly states: number;
}

function layersOf(code: CircuitCode, tables: number[][][]): Layer[] {
  const layers: Layer[] = [];
  tables.forEach((layerTables, l) => {
    const nodes = bitIndices(code.masks[l] as number);
    const prevNodes = l === 0 ? [] : bitIndices(code.masks[l - 1] as number);
    const rows = code.rows[l] as Uint32Array;
    const parents = nodes.map((j) => bitIndices(rows[j] as number).map((i) => prevNodes.indexOf(i)));
    const t = nodes.map((j) => layerTables[j] as number[]);
    layers.push({ nodes, tables: t, parents, states: t.reduce((a, x) => a * x.length, 1) });
  });
  return layers;
}

/** Decodes joint state s of a layer into each node's chosen table. */
function chosenTables(layer: Layer, s: number, out: number[]): void {
  for (let r = layer.tables.length - 1; r >= 0; r--) {
    const options = layer.tables[r] as number[];
    out[r] = options[s % options.length] as number;
    s = Math.floor(s / options.length);
  }
}

interface Arith<T> {
  readonly zero: T;
  readonly one: T;
  from(n: number): T;
  add(a: T, b: T): T;
  mul(a: T, b: T): T;
}
const float: Arith<number> = { zero: 0, one: 1, from: (n) => n, add: (a, b) => a + b, mul: (a, b) => a * b };
const big: Arith<bigint> = { zero: 0n, one: 1n, from: (n) => BigInt(n), add: (a, b) => a + b, mul: (a, b) => a * b };

/** Per node of `layer` and per its table: the gate count given the previous layer's choice. */
function gateFactors(layer: Layer, prevChosen: number[], patterns: number): number[][] {
  return layer.tables.map((options, r) => {
    const parentTables = (layer.parents[r] as number[]).map((q) => prevChosen[q] as number);
    return options.map((t) => localGateCount(t, parentTables, patterns));
  });
}

function runDp<T>(layers: Layer[], patterns: number, a: Arith<T>, guard: (v: T) => void): T {
  let f: T[] = new Array<T>((layers[0] as Layer).states).fill(a.one);
  const prevChosen: number[] = [];
  for (let l = 1; l < layers.length; l++) {
    const prev = layers[l - 1] as Layer;
    const layer = layers[l] as Layer;
    const next: T[] = new Array<T>(layer.states).fill(a.zero);
    for (let sp = 0; sp < prev.states; sp++) {
      const weight = f[sp] as T;
      if (weight === a.zero) continue;
      chosenTables(prev, sp, prevChosen);
      const factors = gateFactors(layer, prevChosen, patterns);
      for (let s = 0; s < layer.states; s++) {
        let prod = weight;
        let rest = s;
        for (let r = layer.tables.length - 1; r >= 0; r--) {
          const fr = factors[r] as number[];
          const g = fr[rest % fr.length] as number;
          rest = Math.floor(rest / fr.length);
          prod = a.mul(prod, a.from(g));
        }
        next[s] = a.add(next[s] as T, prod);
        guard(next[s] as T);
      }
    }
    f = next;
  }
  let total = a.zero;
  for (const v of f) total = a.add(total, v);
  guard(total);
  return total;
}

class Inexact extends Error {}

/** Exact number of groundings of one circuit. */
export function groundingCount(model: NetworkModel, patterns: GroundingPatterns, code: CircuitCode): bigint {
  const tables = circuitTables(model, patterns, code);
  const layers = layersOf(code, tables);
  if (layers.some((layer) => layer.tables.some((t) => t.length === 0))) return 0n;
  try {
    return BigInt(runDp(layers, patterns.count, float, (v) => {
      if (v >= 2 ** 53) throw new Inexact();
    }));
  } catch (err) {
    if (!(err instanceof Inexact)) throw err;
    return runDp(layers, patterns.count, big, () => {});
  }
}
