/**
 * Candidate algorithms: AND/OR formula trees over the input variables, their texts, pre-order node
 * ids, and the first negation subset that makes a candidate compute the gate (SEMANTICS.md).
 * Truth tables are bitmasks over the 2^n input samples in lexicographic order (A most significant).
 */
import { popcount } from './bits.js';

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

/**
 * A candidate laid out in pre-order (its node ids), to evaluate it under many negation subsets
 * without walking the tree: a child's id is above its parent's, so one pass from the last id down
 * has every child's table before its parent needs it. The tables of the last subset are kept: the
 * walk's next subset mostly moves one negation (two ids), and then only their paths to the root
 * are evaluated again.
 */
interface Laid {
  /** 0: variable (its table in `a`), 1: NOT of node a, 2: a AND b, 3: a OR b. */
  readonly ops: Uint8Array;
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly parent: Int32Array;
  readonly tables: Int32Array;
  /** The subset `tables` hold (-1: none yet). */
  lastMask: number;
}

function layOut(f: Formula, vars: readonly number[]): Laid {
  const ops: number[] = [];
  const a: number[] = [];
  const b: number[] = [];
  const parent: number[] = [];
  const walk = (g: Formula, up: number): number => {
    const id = ops.length;
    ops.push(0);
    a.push(0);
    b.push(0);
    parent.push(up);
    if (g.op === 'var') a[id] = vars[g.v] as number;
    else if (g.op === 'not') {
      ops[id] = 1;
      a[id] = walk(g.child, id);
    } else {
      ops[id] = g.op === '*' ? 2 : 3;
      a[id] = walk(g.left, id);
      b[id] = walk(g.right, id);
    }
    return id;
  };
  walk(f, -1);
  return { ops: Uint8Array.from(ops), a: Int32Array.from(a), b: Int32Array.from(b), parent: Int32Array.from(parent), tables: new Int32Array(ops.length), lastMask: -1 };
}

/** Node id's table from its children's, wrapped in NOT when `negated` holds it. */
function nodeTable(f: Laid, id: number, negated: number, all: number): number {
  const { ops, a, b, tables } = f;
  const op = ops[id] as number;
  const x = a[id] as number;
  const t = op === 0 ? x : op === 1 ? all & ~(tables[x] as number) : op === 2 ? (tables[x] as number) & (tables[b[id] as number] as number) : (tables[x] as number) | (tables[b[id] as number] as number);
  return (negated >>> id) & 1 ? all & ~t : t;
}

/** Table of a laid-out candidate whose nodes in `negated` (bit id) are wrapped in NOT. */
function tableWithNegations(f: Laid, negated: number, all: number): number {
  const { tables, parent } = f;
  let moved = f.lastMask === -1 ? -1 : f.lastMask ^ negated;
  // Two ids or fewer: their paths to the root (the second path redoes what the first did with the
  // second's old table); more, or the first subset: every node.
  if (moved !== -1 && popcount(moved) <= 2) {
    for (; moved !== 0; moved &= moved - 1) {
      for (let id = 31 - Math.clz32(moved & -moved); id !== -1; id = parent[id] as number) tables[id] = nodeTable(f, id, negated, all);
    }
  } else {
    for (let id = f.ops.length - 1; id >= 0; id--) tables[id] = nodeTable(f, id, negated, all);
  }
  f.lastMask = negated;
  return tables[0] as number;
}

/**
 * Every table some negation subset gives, with the fewest negated nodes that give it. A table is a
 * bitmask over the 2^n samples (16 bits at n = 4), up to 2^(2^n) of them: a Map. Candidates share
 * their operands (the levels below the deepest, as objects), so an operand's map is kept while it
 * lives: at 4 variables the maps' products were most of the formulas' time.
 */
const fewestKept = new WeakMap<Formula, Fewest>();

/** A node's tables and the fewest negations giving each, in flat arrays (iterating a Map's entries allocated an array per entry). */
interface Fewest {
  readonly all: number;
  readonly tables: Int32Array;
  readonly counts: Int32Array;
}

function fewestNegations(f: Formula, vars: readonly number[], all: number): Fewest {
  const kept = fewestKept.get(f);
  if (kept && kept.all === all) return kept;
  const out = new Map<number, number>();
  const add = (t: number, count: number): void => {
    const known = out.get(t);
    if (known === undefined || count < known) out.set(t, count);
  };
  if (f.op === 'var') add(vars[f.v] as number, 0);
  else if (f.op === 'not') {
    const c = fewestNegations(f.child, vars, all);
    for (let i = 0; i < c.tables.length; i++) add(all & ~(c.tables[i] as number), c.counts[i] as number);
  } else {
    const ls = fewestNegations(f.left, vars, all);
    const rs = fewestNegations(f.right, vars, all);
    const and = f.op === '*';
    for (let i = 0; i < ls.tables.length; i++) {
      const l = ls.tables[i] as number;
      const cl = ls.counts[i] as number;
      for (let k = 0; k < rs.tables.length; k++) add(and ? l & (rs.tables[k] as number) : l | (rs.tables[k] as number), cl + (rs.counts[k] as number));
    }
  }
  // The node itself negated, or not.
  for (const [t, c] of [...out]) add(all & ~t, c + 1);
  const fewest: Fewest = { all, tables: Int32Array.from(out.keys()), counts: Int32Array.from(out.values()) };
  fewestKept.set(f, fewest);
  return fewest;
}

/** The fewest negated nodes that make candidate `f` compute `target` (without keeping the root's tables); undefined if none do. */
function fewestFor(f: Formula, target: number, vars: readonly number[], all: number): number | undefined {
  if (f.op !== '*' && f.op !== '+') {
    const { tables, counts } = fewestNegations(f, vars, all);
    const i = tables.indexOf(target);
    return i === -1 ? undefined : (counts[i] as number);
  }
  const ls = fewestNegations(f.left, vars, all);
  const rs = fewestNegations(f.right, vars, all);
  const flipped = all & ~target;
  const and = f.op === '*';
  let best = Infinity;
  for (let i = 0; i < ls.tables.length; i++) {
    const l = ls.tables[i] as number;
    const cl = ls.counts[i] as number;
    for (let k = 0; k < rs.tables.length; k++) {
      const r = rs.tables[k] as number;
      const t = and ? l & r : l | r;
      if (t === target) best = Math.min(best, cl + (rs.counts[k] as number));
      else if (t === flipped) best = Math.min(best, cl + (rs.counts[k] as number) + 1);
    }
  }
  return best === Infinity ? undefined : best;
}

/**
 * The first subset of {0..m-1} of at least `from` elements, by size and then lexicographically
 * (itertools.combinations order), that `accepts`, as a bitmask; -1 if none does.
 */
function firstSubsetBySize(m: number, from: number, accepts: (mask: number) => boolean): number {
  const idx = new Int32Array(m);
  for (let size = from; size <= m; size++) {
    for (let i = 0; i < size; i++) idx[i] = i;
    for (;;) {
      let mask = 0;
      for (let i = 0; i < size; i++) mask |= 1 << (idx[i] as number);
      if (accepts(mask)) return mask;
      let i = size - 1;
      while (i >= 0 && idx[i] === m - size + i) i--;
      if (i < 0) break;
      idx[i] = (idx[i] as number) + 1;
      for (let j = i + 1; j < size; j++) idx[j] = (idx[j - 1] as number) + 1;
    }
  }
  return -1;
}

/** Wraps the nodes in `negated` in NOT nodes. */
function applyNegations(f: Formula, negated: number, next: { id: number }): Formula {
  const id = next.id++;
  let g: Formula;
  if (f.op === 'var') g = f;
  else if (f.op === 'not') g = { op: 'not', child: applyNegations(f.child, negated, next) };
  else g = { op: f.op, left: applyNegations(f.left, negated, next), right: applyNegations(f.right, negated, next) };
  return (negated >>> id) & 1 ? { op: 'not', child: g } : g;
}

/**
 * The candidate with the first negation subset that computes `target`, or null if none does.
 * The fewest negations that give each table are found first (`fewestNegations`): a candidate that
 * never fits is skipped, and the walk over subsets starts at the first size that can fit (the
 * smaller sizes were three quarters of the subsets walked at depth 4).
 */
export function firstNegation(f: Formula, target: number, nVars: number): Formula | null {
  const all = 2 ** 2 ** nVars - 1;
  const vars = Array.from({ length: nVars }, (_, v) => variableTable(v, nVars));
  // No smaller subset gives the target, so the walk starts at the size that first can.
  const fewest = fewestFor(f, target, vars, all);
  if (fewest === undefined) return null;
  const laid = layOut(f, vars);
  const negated = firstSubsetBySize(laid.ops.length, fewest, (mask) => tableWithNegations(laid, mask, all) === target);
  return negated === -1 ? null : applyNegations(f, negated, { id: 0 });
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
