/**
 * The first negation subset that makes a candidate formula compute the gate (SEMANTICS.md): the
 * subsets of its pre-order node ids by size, then in itertools.combinations order; the first whose
 * NOTs give the gate's table. Depends on nothing but the candidate and the gate, so a thread keeps
 * the answers for the candidates of the gates it last searched (`firstNegations`).
 */
import { popcount } from './bits.js';
import { candidateCount, candidateRange, variableTable, type Formula } from './formulas.js';

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

/** Gates whose candidates' first negations a thread keeps: a study searches one gate, or a few. */
const KEPT_GATES = 2;
/** By `nVars/maxDepth/target`, each candidate's first negation (a hole: not searched yet); the last used last. */
const keptGates = new Map<string, (Formula | null | undefined)[]>();

/**
 * `firstNegation` of candidates start..end-1 of `candidateRange(nVars, maxDepth, ...)` for the gate
 * `target`, kept for the next network with the same gate: the search took 1.1 s of a four-input
 * network's 1.5 s of mappings, and a study analyses many networks of one gate on each thread.
 * Kept for KEPT_GATES gates at most (four variables: about 28 000 formulas of about 15 nodes each).
 * The formulas are shared: read them, never change them.
 */
export function firstNegations(nVars: number, maxDepth: number, target: number, start: number, end: number): (Formula | null)[] {
  const key = `${nVars}/${maxDepth}/${target}`;
  let known = keptGates.get(key);
  if (known) keptGates.delete(key);
  else known = new Array<Formula | null | undefined>(candidateCount(nVars, maxDepth));
  keptGates.set(key, known);
  for (const old of keptGates.keys()) if (keptGates.size > KEPT_GATES) keptGates.delete(old);
  const last = Math.min(end, known.length);
  let from = start;
  while (from < last && known[from] !== undefined) from++;
  if (from < last) {
    const candidates = candidateRange(nVars, maxDepth, from, last);
    candidates.forEach((c, k) => {
      if (known[from + k] === undefined) known[from + k] = firstNegation(c, target, nVars);
    });
  }
  return known.slice(start, last) as (Formula | null)[];
}
