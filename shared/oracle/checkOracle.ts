/**
 * The plain oracle of `check` and its diagnostics: every candidate circuit listed by oracle.ts,
 * kept by its accuracy, then every verdict from the definitions with 0/1 arrays and sets of edge
 * names, every pair of valid circuits compared. Slow and literal, for small networks.
 */
import { roundHalfEven } from '../engine/network.js';
import type { AnalysisInput } from '../engine/types.js';
import { oracleCircuits, oracleForward, oracleSingleOutput } from './oracle.js';

type Matrix = number[][];
export interface PlainCircuit {
  readonly node_masks: number[][];
  readonly edge_masks: Matrix[];
}

export interface OracleCheck {
  readonly valid: boolean;
  readonly accuracy: number;
  readonly minimal: boolean;
  readonly validSubcircuits: number;
  readonly validCircuits: number;
  readonly atMost: number;
  readonly nearest: PlainCircuit | null;
  readonly jaccard: number | null;
  readonly core: string[];
  readonly union: string[];
  readonly maxJaccard: number | null;
  readonly minEdges: number | null;
  readonly minEdgeCircuits: number;
}

/** Edge names `l.i>l+1.j` of the ones in the edge masks, sorted. */
export function plainEdges(c: PlainCircuit): string[] {
  const out: string[] = [];
  c.edge_masks.forEach((m, l) => m.forEach((row, j) => row.forEach((b, i) => b && out.push(`${l}.${i}>${l + 1}.${j}`))));
  return out.sort();
}

function jaccard(a: string[], b: string[]): number {
  const inter = a.filter((e) => b.includes(e)).length;
  const union = new Set([...a, ...b]).size;
  return union === 0 ? 0 : (union - inter) / union;
}

const key = (c: PlainCircuit): string => JSON.stringify([c.node_masks, c.edge_masks]);

export function oracleCheck(input: AnalysisInput, o: number, minSparsity: number, threshold: number, circuit: PlainCircuit): OracleCheck {
  const model = oracleSingleOutput(input.model, o);
  const { n, nIn, nOut } = input.validation;
  const xs = Array.from({ length: n }, (_, i) => Array.from(input.validation.x.subarray(i * nIn, (i + 1) * nIn)));
  const ys = Array.from({ length: n }, (_, i) => input.validation.y[i * nOut + o] as number);
  const accuracy = (c: PlainCircuit): number => {
    let correct = 0;
    xs.forEach((x, i) => {
      const acts = oracleForward(model, x, c.node_masks, c.edge_masks);
      if (roundHalfEven((acts[acts.length - 1] as number[])[0] as number) === ys[i]) correct++;
    });
    return correct / n;
  };
  const valid: PlainCircuit[] = [];
  for (const c of oracleCircuits(model.layerSizes, minSparsity)) {
    const plain = { node_masks: c.nodeMasks, edge_masks: c.edgeMasks };
    if (accuracy(plain) > threshold) valid.push(plain);
  }
  const edges = valid.map(plainEdges);
  const mine = plainEdges(circuit);
  const isValid = valid.some((v) => key(v) === key(circuit));
  const within = (a: PlainCircuit, b: PlainCircuit): boolean =>
    a.node_masks.every((m, l) => m.every((bit, i) => !bit || (b.node_masks[l] as number[])[i])) && plainEdges(a).every((e) => plainEdges(b).includes(e));
  const subs = valid.filter((v) => key(v) !== key(circuit) && within(v, circuit)).length;
  let nearest: PlainCircuit | null = null;
  let best = Infinity;
  valid.forEach((v, k) => {
    const d = jaccard(edges[k] as string[], mine);
    if (d < best || (d === best && nearest && key(v) < key(nearest))) {
      best = d;
      nearest = v;
    }
  });
  let maxJaccard: number | null = valid.length < 2 ? null : 0;
  for (let a = 0; a < valid.length; a++) for (let b = a + 1; b < valid.length; b++) maxJaccard = Math.max(maxJaccard as number, jaccard(edges[a] as string[], edges[b] as string[]));
  const sizes = edges.map((e) => e.length);
  const minEdges = sizes.length ? Math.min(...sizes) : null;
  const all = [...new Set(edges.flat())].sort();
  return {
    valid: isValid,
    accuracy: accuracy(circuit),
    minimal: isValid && subs === 0,
    validSubcircuits: subs,
    validCircuits: valid.length,
    atMost: sizes.filter((s) => s <= mine.length).length,
    nearest: isValid ? null : nearest,
    jaccard: isValid || nearest === null ? null : best,
    core: valid.length ? all.filter((e) => edges.every((es) => es.includes(e))) : [],
    union: all,
    maxJaccard,
    minEdges,
    minEdgeCircuits: sizes.filter((s) => s === minEdges).length,
  };
}
