/**
 * A formula's text (formulas.ts `formulaText`, as the mapping search reports it) read back into its
 * tree, each node with the id and text that its mapping keys use (`"A*B 1"`), for the show page's
 * tree drawing. The text is the only thing the analysis keeps of a formula; parsing it and
 * checking that it prints back the same keeps the two from drifting apart.
 */
import { formulaText, numberNodes, type Formula } from '../../shared/engine/formulas.js';
import { relevantNodes } from '../../shared/engine/mappingSearch.js';

/** One node of the drawn tree. `key` is the mapping key of a relevant node, null otherwise. */
export interface TreeNode {
  readonly id: number;
  /** `*`, `+`, `¬`, or the variable's letter. */
  readonly label: string;
  readonly text: string;
  readonly key: string | null;
  readonly children: TreeNode[];
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export class FormulaTextError extends Error {}

/** Parses `text` (the reference's formula text) back into a formula. */
export function parseFormula(text: string): Formula {
  let at = 0;
  const fail = (what: string): never => {
    throw new FormulaTextError(`formula ${JSON.stringify(text)}: ${what} at character ${at}`);
  };
  const unary = (): Formula => {
    const c = text[at];
    if (c === '¬') {
      at++;
      return { op: 'not', child: unary() };
    }
    if (c === '(') {
      at++;
      const inner = binary();
      if (text[at] !== ')') fail('expected ")"');
      at++;
      return inner;
    }
    const v = c === undefined ? -1 : LETTERS.indexOf(c);
    if (v < 0) fail('expected a variable, "¬" or "("');
    at++;
    return { op: 'var', v };
  };
  // Every binary node but the root is parenthesised, so one operator per level.
  const binary = (): Formula => {
    const left = unary();
    const op = text[at];
    if (op !== '*' && op !== '+') return left;
    at++;
    return { op, left, right: unary() };
  };
  const f = binary();
  if (at !== text.length) fail('unexpected text');
  if (formulaText(f) !== text) fail(`prints back as ${JSON.stringify(formulaText(f))}`);
  return f;
}

/** The tree of a formula with its reference node ids and the mapping key of each relevant node. */
export function formulaTree(text: string): TreeNode {
  const f = parseFormula(text);
  const numbered = new Map(numberNodes(f).map((n) => [n.node, n]));
  const relevant = new Set(relevantNodes(f).map((n) => n.node));
  const build = (g: Formula): TreeNode => {
    const n = numbered.get(g);
    if (!n) throw new Error(`formula ${text}: a node without an id`);
    const label = g.op === 'var' ? (LETTERS[g.v] as string) : g.op === 'not' ? '¬' : g.op;
    const children = g.op === 'var' ? [] : g.op === 'not' ? [build(g.child)] : [build(g.left), build(g.right)];
    return { id: n.id, label, text: n.text, key: relevant.has(g) ? `${n.text} ${n.id}` : null, children };
  };
  return build(f);
}
