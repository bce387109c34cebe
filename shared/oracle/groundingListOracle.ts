/**
 * The plain grounding lister: every grounding of a circuit written out, SEMANTICS.md read
 * literally (masks as 0/1 arrays in oracleForward, tables from the sorted distinct values, every
 * gate function of the parents tried and kept when it agrees on every pattern), in the order of
 * shared/engine/groundingList.ts. Exponential; for small circuits in tests only.
 */
import { roundHalfEven } from '../engine/network.js';
import type { NetworkModel } from '../engine/types.js';
import { oracleForward } from './oracle.js';

const f32 = Math.fround;

export interface ListedGrounding {
  readonly tables: number[];
  readonly gates: string[];
}

/** All groundings of the circuit, in order; `xTT` is the grounding set's inputs, one row per sample. */
export function oracleGroundingList(model: NetworkModel, xTT: number[][], nodeMasks: number[][], edgeMasks: number[][][]): ListedGrounding[] {
  // The last sample of each truncated pattern, patterns in sorted order of their text key.
  const byPattern = new Map<string, number[][]>();
  for (const x of xTT) byPattern.set(x.map((v) => Math.trunc(v) || 0).join(','), oracleForward(model, x, nodeMasks, edgeMasks));
  const runs = [...byPattern.keys()].sort().map((k) => byPattern.get(k) as number[][]);
  const P = runs.length;
  const L = model.layerSizes.length - 1;
  const nodes: { l: number; j: number; tables: number[] }[] = [];
  for (let l = 1; l <= L; l++) {
    (nodeMasks[l] as number[]).forEach((on, j) => {
      if (!on) return;
      const values = runs.map((r) => ((r[l] as number[])[j] as number)).map((v) => (l === L ? roundHalfEven(v) : v));
      const sorted = [...new Set(values.map((v) => v || 0))].sort((a, b) => a - b);
      const tables: number[] = [];
      for (let g = 0; g + 1 < sorted.length; g++) {
        const t = f32(f32((sorted[g] as number) + (sorted[g + 1] as number)) / 2);
        const table = values.reduce((m, v, p) => (v > t ? m | (1 << p) : m), 0);
        if (table !== 0) tables.push(table);
      }
      nodes.push({ l, j, tables });
    });
  }
  const parentsOf = (k: number): number[] => {
    const node = nodes[k] as (typeof nodes)[number];
    return nodes.flatMap((n, i) => (n.l === node.l - 1 && ((edgeMasks[node.l - 1] as number[][])[node.j] as number[])[n.j] ? [i] : []));
  };
  // Every gate function of the parents (ascending by value) that agrees with the chosen tables.
  const gatesOf = (k: number, chosen: number[]): string[] => {
    const node = nodes[k] as (typeof nodes)[number];
    const own = chosen[k] as number;
    if (node.l === 1) return [Array.from({ length: P }, (_, p) => (own >>> p) & 1).join('')];
    const parents = parentsOf(k);
    const tuples = 2 ** parents.length;
    const out: string[] = [];
    for (let fn = 0; fn < 2 ** tuples; fn++) {
      const text = Array.from({ length: tuples }, (_, t) => Math.floor(fn / 2 ** t) % 2).join('');
      if (parents.length === 2 && (text === '0110' || text === '1001')) continue;
      let agrees = true;
      for (let p = 0; p < P; p++) {
        const tuple = parents.reduce((t, q) => t * 2 + (((chosen[q] as number) >>> p) & 1), 0);
        if (Number(text[tuple]) !== ((own >>> p) & 1)) agrees = false;
      }
      if (agrees) out.push(text);
    }
    return out;
  };
  const listed: ListedGrounding[] = [];
  const chosen: number[] = [];
  const chooseTables = (k: number): void => {
    if (k === nodes.length) {
      let combos: string[][] = [[]];
      for (let i = 0; i < nodes.length; i++) {
        const gates = gatesOf(i, chosen);
        combos = combos.flatMap((c) => gates.map((g) => [...c, g]));
      }
      for (const gates of combos) listed.push({ tables: chosen.slice(), gates });
      return;
    }
    for (const t of (nodes[k] as (typeof nodes)[number]).tables) {
      chosen[k] = t;
      chooseTables(k + 1);
    }
  };
  if (nodes.length > 0) chooseTables(0);
  return listed;
}
