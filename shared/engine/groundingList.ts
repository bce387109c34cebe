/**
 * The groundings of one circuit, one at a time: the i-th grounding in a fixed order, without
 * listing the ones before it, and their total (the count of groundingCount.ts, found by the walk
 * this module makes; the tests hold the two equal).
 *
 * Order (the plain lister of shared/oracle/groundingListOracle.ts lists in the same order): joint
 * choices of one truth table per on node, lexicographic with node 0 (layer 1, lowest index) the
 * slowest; within one joint choice, one local gate per node, again node 0 the slowest, each node's
 * admissible gates ascending by their truth table read as a number (bit t = value on parent
 * tuple t, first parent the most significant bit of t).
 *
 * Self-contained on purpose: every function here uses only its arguments, the other functions of
 * this module and language built-ins (no imports, no module constants), because the show page
 * inlines their source text (report/show/showScripts.ts) so that the browser can pick the i-th
 * grounding of a clicked circuit. The page's Chromium test fails if one of them reaches outside.
 */

/** One on node of a circuit as the lister sees it. */
export interface GroundingNode {
  /** Layer, 1-based (1 = first hidden layer). */
  readonly layer: number;
  readonly index: number;
  /** Truth tables of the node over the grounding patterns (bit p: above the threshold on pattern p). */
  readonly tables: readonly number[];
  /** Positions of the node's parents in the node list (ascending); empty in the first hidden layer. */
  readonly parents: readonly number[];
}

/** One grounding: a truth table and a local gate per on node, in node-list order. */
export interface Grounding {
  readonly tables: number[];
  /**
   * Local gate per node as '0'/'1' characters, character t = the gate's value on parent tuple t.
   * First hidden layer: the node's truth table itself, character p = its value on pattern p.
   */
  readonly gates: string[];
}

/** The admissible local gates of a node for one choice of its own and its parents' tables. */
export interface GateOptions {
  /** Per parent tuple: the forced value, or -1 where the tuple never occurs (free). */
  readonly fixed: number[];
  /** The free tuples, ascending. */
  readonly free: number[];
  readonly count: bigint;
}

/**
 * The circuit's on nodes with their parents, from its masks (`masks[l - 1]`: node mask of layer
 * l), edge rows (`rows[l - 1][j]`: node j of layer l's edges from layer l - 1) and the tables of
 * every on node in the same order (layer by layer, index ascending).
 */
export function groundingNodes(sizes: readonly number[], masks: ArrayLike<number>, rows: readonly ArrayLike<number>[], tables: readonly (readonly number[])[]): GroundingNode[] {
  const nodes: GroundingNode[] = [];
  let below: number[] = [];
  for (let l = 1; l < sizes.length; l++) {
    const here: number[] = [];
    for (let j = 0; j < (sizes[l] as number); j++) {
      if ((((masks[l - 1] as number) >>> j) & 1) === 0) {
        here.push(-1);
        continue;
      }
      const parents: number[] = [];
      const row = l > 1 ? ((rows[l - 1] as ArrayLike<number>)[j] as number) : 0;
      for (let i = 0; i < below.length; i++) if ((below[i] as number) >= 0 && ((row >>> i) & 1) === 1) parents.push(below[i] as number);
      here.push(nodes.length);
      nodes.push({ layer: l, index: j, tables: tables[nodes.length] ?? [], parents });
    }
    below = here;
  }
  if (tables.length !== nodes.length) throw new RangeError(`tables for ${tables.length} nodes, but the circuit has ${nodes.length} on nodes`);
  return nodes;
}

/** Gates of a node with table `table` given its parents' tables over `patterns` patterns; null when none. */
export function gateOptions(table: number, parentTables: readonly number[], patterns: number): GateOptions | null {
  const n = parentTables.length;
  const fixed: number[] = new Array<number>(2 ** n).fill(-1);
  for (let p = 0; p < patterns; p++) {
    let tuple = 0;
    for (let i = 0; i < n; i++) tuple = tuple * 2 + (((parentTables[i] as number) >>> p) & 1);
    const bit = (table >>> p) & 1;
    if (fixed[tuple] === -1) fixed[tuple] = bit;
    else if (fixed[tuple] !== bit) return null;
  }
  const free: number[] = [];
  for (let t = 0; t < fixed.length; t++) if (fixed[t] === -1) free.push(t);
  // Two parents: the XOR and XNOR completions are dropped (SEMANTICS.md).
  const count = n === 2 ? BigInt(pairGates(fixed, free).length) : 2n ** BigInt(free.length);
  return count === 0n ? null : { fixed, free, count };
}

/** Every completion of a two-parent gate but XOR (0110) and XNOR (1001), ascending. */
export function pairGates(fixed: readonly number[], free: readonly number[]): string[] {
  const out: string[] = [];
  for (let j = 0; j < 2 ** free.length; j++) {
    const bits = fixed.slice();
    for (let k = 0; k < free.length; k++) bits[free[k] as number] = (j >>> k) & 1;
    const text = bits.join('');
    if (text !== '0110' && text !== '1001') out.push(text);
  }
  return out;
}

/** The j-th admissible gate (0 <= j < options.count), ascending by value: free tuple k takes bit k of j. */
export function gateAt(options: GateOptions, j: bigint): string {
  if (options.fixed.length === 4) return pairGates(options.fixed, options.free)[Number(j)] as string;
  const bits = options.fixed.slice();
  for (let k = 0; k < options.free.length; k++) bits[options.free[k] as number] = Number((j >> BigInt(k)) & 1n);
  return bits.join('');
}

/**
 * Walks the joint table choices with at least one grounding, in order; `visit` gets the chosen
 * table indices, the gate options per node (null in the first hidden layer) and their product, and
 * returns true to stop the walk.
 */
export function walkTableChoices(nodes: readonly GroundingNode[], patterns: number, visit: (choice: number[], options: (GateOptions | null)[], product: bigint) => boolean): void {
  const choice: number[] = new Array<number>(nodes.length).fill(0);
  const options: (GateOptions | null)[] = new Array<GateOptions | null>(nodes.length).fill(null);
  const walk = (k: number, product: bigint): boolean => {
    if (k === nodes.length) return visit(choice, options, product);
    const node = nodes[k] as GroundingNode;
    for (let i = 0; i < node.tables.length; i++) {
      choice[k] = i;
      let factor = 1n;
      if (node.layer > 1) {
        const parents = node.parents.map((q) => (nodes[q] as GroundingNode).tables[choice[q] as number] as number);
        const o = gateOptions(node.tables[i] as number, parents, patterns);
        if (o === null) continue;
        options[k] = o;
        factor = o.count;
      }
      if (walk(k + 1, product * factor)) return true;
    }
    return false;
  };
  if (nodes.length > 0) walk(0, 1n);
}

/** The number of groundings: the sum over joint table choices of the product of gate counts. */
export function groundingTotal(nodes: readonly GroundingNode[], patterns: number): bigint {
  let total = 0n;
  walkTableChoices(nodes, patterns, (_choice, _options, product) => {
    total += product;
    return false;
  });
  return total;
}

/** The index-th grounding (0-based) in the module's order, or null when there are not that many. */
export function groundingAt(nodes: readonly GroundingNode[], patterns: number, index: bigint): Grounding | null {
  if (index < 0n) return null;
  let rest = index;
  let found: Grounding | null = null;
  walkTableChoices(nodes, patterns, (choice, options, product) => {
    if (rest >= product) {
      rest -= product;
      return false;
    }
    // Mixed radix over the nodes' gate counts, node 0 the most significant digit.
    const digits: bigint[] = new Array<bigint>(nodes.length).fill(0n);
    for (let k = nodes.length - 1; k >= 0; k--) {
      const o = options[k];
      if ((nodes[k] as GroundingNode).layer === 1 || !o) continue;
      digits[k] = rest % o.count;
      rest /= o.count;
    }
    const tables = nodes.map((node, k) => node.tables[choice[k] as number] as number);
    const gates = nodes.map((node, k) => {
      if (node.layer > 1) return gateAt(options[k] as GateOptions, digits[k] as bigint);
      let text = '';
      for (let p = 0; p < patterns; p++) text += String(((tables[k] as number) >>> p) & 1);
      return text;
    });
    found = { tables, gates };
    return true;
  });
  return found;
}
