/**
 * The plain first negation subset (SEMANTICS.md), as the reference walks it: every subset of the
 * candidate's pre-order node ids by size, then in itertools.combinations order, the tree walked
 * afresh for each, until one computes the target. Slow on purpose: the oracles use it, and the
 * engine's search (negationSearch.ts, which skips sizes and re-evaluates only what moved) is
 * tested against it.
 */
import { formulaText, nodeCount, variableTable, type Formula } from '../engine/formulas.js';

export function plainFirstNegation(f: Formula, target: number, nVars: number): Formula | null {
  const all = 2 ** 2 ** nVars - 1;
  const m = nodeCount(f);
  const table = (g: Formula, negated: number, next: { id: number }): number => {
    const id = next.id++;
    let v: number;
    if (g.op === 'var') v = variableTable(g.v, nVars);
    else if (g.op === 'not') v = all & ~table(g.child, negated, next);
    else {
      const l = table(g.left, negated, next);
      const r = table(g.right, negated, next);
      v = g.op === '*' ? l & r : l | r;
    }
    return (negated >>> id) & 1 ? all & ~v : v;
  };
  const wrap = (g: Formula, negated: number, next: { id: number }): Formula => {
    const id = next.id++;
    const inner: Formula = g.op === 'var' ? g : g.op === 'not' ? { op: 'not', child: wrap(g.child, negated, next) } : { op: g.op, left: wrap(g.left, negated, next), right: wrap(g.right, negated, next) };
    return (negated >>> id) & 1 ? { op: 'not', child: inner } : inner;
  };
  const combos = (size: number, from: number): number[][] => (size === 0 ? [[]] : Array.from({ length: m - from }, (_, k) => from + k).flatMap((i) => combos(size - 1, i + 1).map((rest) => [i, ...rest])));
  for (let size = 0; size <= m; size++) {
    for (const ids of combos(size, 0)) {
      const negated = ids.reduce((mask, i) => mask | (1 << i), 0);
      if (table(f, negated, { id: 0 }) === target) return wrap(f, negated, { id: 0 });
    }
  }
  return null;
}

/** Its text, or null: what the reports name. */
export const plainFirstNegationText = (f: Formula, target: number, nVars: number): string | null => {
  const g = plainFirstNegation(f, target, nVars);
  return g === null ? null : formulaText(g);
};
