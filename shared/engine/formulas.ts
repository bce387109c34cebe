/**
 * Candidate algorithms: AND/OR formula trees over the input variables, their texts and pre-order
 * node ids (SEMANTICS.md); the first negation subset that makes a candidate compute the gate is
 * negationSearch.ts.
 * Truth tables are bitmasks over the 2^n input samples in lexicographic order (A most significant).
 */
export type Formula =
  | { readonly op: 'var'; readonly v: number }
  | { readonly op: '*' | '+'; readonly left: Formula; readonly right: Formula }
  | { readonly op: 'not'; readonly child: Formula };

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function full(f: Formula): string {
  switch (f.op) {
    case 'var':
      return LETTERS[f.v] as string;
    case 'not':
      return `¬${full(f.child)}`;
    default:
      return `(${full(f.left)}${f.op}${full(f.right)})`;
  }
}

/** The reference's text: the full text without its outer parentheses when the root is binary. */
export function formulaText(f: Formula): string {
  const t = full(f);
  return f.op === '*' || f.op === '+' ? t.slice(1, -1) : t;
}

interface Level {
  readonly f: Formula;
  readonly text: string;
  readonly nodes: number;
}

/** Levels 0..depth with their texts: the operands of the next level. */
function levels(nVars: number, depth: number): Level[][] {
  const byDepth: Level[][] = [[]];
  for (let v = 0; v < nVars; v++) byDepth[0]?.push({ f: { op: 'var', v }, text: LETTERS[v] as string, nodes: 1 });
  for (let d = 1; d <= depth; d++) {
    const shallower = byDepth.flat();
    const level: Level[] = [];
    for (const a of byDepth[d - 1] as Level[]) {
      for (const b of shallower) {
        if (!(a.text < b.text)) continue;
        for (const op of ['*', '+'] as const) {
          const f: Formula = { op, left: a.f, right: b.f };
          level.push({ f, text: formulaText(f), nodes: 1 + a.nodes + b.nodes });
        }
      }
    }
    byDepth.push(level);
  }
  return byDepth;
}

/**
 * Walks the deepest level (maxDepth >= 1) in order without building it; `visit` gets each
 * candidate's index, operator and operands and returns false to stop. The deepest level is almost
 * all of the candidates (7566 of 7654 at depth 4), so a slice builds only its own.
 */
function walkDeepest(below: Level[][], visit: (i: number, op: '*' | '+', a: Level, b: Level) => boolean): void {
  const shallower = below.flat();
  let i = shallower.length;
  for (const a of below[below.length - 1] as Level[]) {
    for (const b of shallower) {
      if (!(a.text < b.text)) continue;
      for (const op of ['*', '+'] as const) if (!visit(i++, op, a, b)) return;
    }
  }
}

/** Levels 0..maxDepth-1 (just the variables for maxDepth 0): all but the deepest level. */
function below(nVars: number, maxDepth: number): Level[][] {
  return levels(nVars, Math.max(0, maxDepth - 1));
}

/**
 * Deepest candidates searched with `nVars` variables: the candidate count stays in the tens of
 * thousands (7654 at 2 variables and depth 4; 3409 at 3 variables and depth 3, 41 376 at 4), where
 * one more level would have millions (11 617 859 at 3 variables and depth 4).
 */
export function maxFormulaDepth(nVars: number): number {
  return nVars <= 2 ? 4 : nVars <= 4 ? 3 : 2;
}

/** Number of candidates of depth 0..maxDepth, without building them. */
export function candidateCount(nVars: number, maxDepth: number): number {
  const shallow = below(nVars, maxDepth);
  let n = shallow.flat().length;
  if (maxDepth > 0) walkDeepest(shallow, () => (n++, true));
  return n;
}

/**
 * Candidates start..end-1 of depth 0..maxDepth, in the reference's order: depth by depth; within a
 * depth d, pairs (f1 of depth d-1, f2 of depth < d) with text(f1) < text(f2), `*` then `+`.
 */
export function candidateRange(nVars: number, maxDepth: number, start: number, end: number): Formula[] {
  const shallow = below(nVars, maxDepth);
  const out = shallow.flat().slice(start, end).map((x) => x.f);
  if (maxDepth > 0) {
    walkDeepest(shallow, (i, op, a, b) => {
      if (i >= end) return false;
      if (i >= start) out.push({ op, left: a.f, right: b.f });
      return true;
    });
  }
  return out;
}

/** Node count of every candidate, in order: what its negation search and its relevant nodes grow with. */
export function candidateSizes(nVars: number, maxDepth: number): Uint16Array {
  const shallow = below(nVars, maxDepth);
  const sizes = shallow.flat().map((x) => x.nodes);
  if (maxDepth > 0) walkDeepest(shallow, (_i, _op, a, b) => (sizes.push(1 + a.nodes + b.nodes), true));
  return Uint16Array.from(sizes);
}

/** All candidates of depth 0..maxDepth over nVars variables, in the reference's order. */
export function candidateFormulas(nVars: number, maxDepth: number): Formula[] {
  return candidateRange(nVars, maxDepth, 0, Infinity);
}

export function nodeCount(f: Formula): number {
  switch (f.op) {
    case 'var':
      return 1;
    case 'not':
      return 1 + nodeCount(f.child);
    default:
      return 1 + nodeCount(f.left) + nodeCount(f.right);
  }
}

/** Table of variable v over 2^nVars samples (bit s = value of v in sample s). */
export function variableTable(v: number, nVars: number): number {
  let t = 0;
  for (let s = 0; s < 2 ** nVars; s++) if ((s >>> (nVars - 1 - v)) & 1) t |= 2 ** s;
  return t;
}

/** A node of a (negated) formula with its reference id and text. */
export interface FormulaNode {
  readonly id: number;
  readonly node: Formula;
  readonly text: string;
  readonly isRoot: boolean;
  readonly parentIsNot: boolean;
}

/**
 * Nodes with their ids: original nodes keep their pre-order ids in the un-negated tree; the NOT
 * nodes added by negation get max+1, max+2, ... in pre-order of the negated tree. `original` tells
 * which NOT nodes belong to the candidate itself (candidates have none, so all NOTs are added).
 */
export function numberNodes(f: Formula): FormulaNode[] {
  const originals: FormulaNode[] = [];
  const added: { node: Formula; isRoot: boolean; parentIsNot: boolean }[] = [];
  let nextId = 0;
  const walk = (g: Formula, isRoot: boolean, parentIsNot: boolean): void => {
    if (g.op === 'not') added.push({ node: g, isRoot, parentIsNot });
    else originals.push({ id: nextId++, node: g, text: formulaText(g), isRoot, parentIsNot });
    if (g.op === 'not') walk(g.child, false, true);
    else if (g.op !== 'var') {
      walk(g.left, false, false);
      walk(g.right, false, false);
    }
  };
  walk(f, true, false);
  const extra = added.map((a, i) => ({ id: nextId + i, node: a.node, text: formulaText(a.node), isRoot: a.isRoot, parentIsNot: a.parentIsNot }));
  return [...originals, ...extra];
}

/** Truth table of a formula with node `forced` (by identity) replaced by a constant. */
export function formulaTable(f: Formula, vars: number[], all: number, forced?: Formula, value?: 0 | 1): number {
  if (f === forced) return value ? all : 0;
  switch (f.op) {
    case 'var':
      return vars[f.v] as number;
    case 'not':
      return all & ~formulaTable(f.child, vars, all, forced, value);
    default: {
      const l = formulaTable(f.left, vars, all, forced, value);
      const r = formulaTable(f.right, vars, all, forced, value);
      return f.op === '*' ? l & r : l | r;
    }
  }
}
