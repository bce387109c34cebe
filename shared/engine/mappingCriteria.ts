/**
 * The mapping criteria over the minimal mappings of one output (docs/criteria.md):
 * - joint-iia: besides each single node, every set of the formula's relevant nodes is interchanged
 *   at once, from one source sample into one base sample (over the search's IIA pairs); the
 *   mapping passes only if every such intervention matches the formula;
 * - consistent: a mapping counts only if all its neurons are on in some kept circuit
 *   (mappingHosts.ts, which also judges mappings that were counted, not listed).
 * Mappings that fail are dropped; a formula left with none is dropped (as the search drops it).
 */
import { bitIndices } from './bits.js';
import { candidateFormulas, firstNegation, formulaText, type Formula } from './formulas.js';
import { totalMappings } from './mappingCount.js';
import { iiaPairs, MAX_MINIMAL_MAPPINGS, relevantNodes, TooManyMappings, type IiaPair } from './mappingSearch.js';
import { activationOf, forwardAll, neuron } from './network.js';
import type { FormulaRecord, IiaPairs, Mapping, NetworkModel } from './types.js';

/** Value of formula f on clean sample s (A most significant) with the nodes in `forced` set to their values. */
function evaluate(f: Formula, s: number, nVars: number, forced: Map<Formula, boolean>): boolean {
  const v = forced.get(f);
  if (v !== undefined) return v;
  switch (f.op) {
    case 'var':
      return ((s >>> (nVars - 1 - f.v)) & 1) === 1;
    case 'not':
      return !evaluate(f.child, s, nVars, forced);
    default: {
      const l = evaluate(f.left, s, nVars, forced);
      const r = evaluate(f.right, s, nVars, forced);
      return f.op === '*' ? l && r : l || r;
    }
  }
}

const noForce = new Map<Formula, boolean>();

/** Joint interchange interventions of one output's network, computed from its clean runs. */
export class JointIia {
  private readonly runs: Float32Array[][];
  private readonly pairs: IiaPair[];
  private readonly nVars: number;
  private trees: Map<string, Formula> | null = null;

  constructor(private readonly model: NetworkModel, private readonly gateTable: number, private readonly maxDepth: number, mode: IiaPairs) {
    this.nVars = model.layerSizes[0] as number;
    this.runs = Array.from({ length: 2 ** this.nVars }, (_, s) => forwardAll(model, Array.from({ length: this.nVars }, (_, i) => (s >>> (this.nVars - 1 - i)) & 1)));
    this.pairs = iiaPairs(2 ** this.nVars, mode);
  }

  /** The formula tree of a reported formula text (texts are fully parenthesised, so one tree each). */
  private tree(text: string): Formula {
    if (!this.trees) {
      this.trees = new Map();
      for (const c of candidateFormulas(this.nVars, this.maxDepth)) {
        const f = firstNegation(c, this.gateTable, this.nVars);
        if (f && !this.trees.has(formulaText(f))) this.trees.set(formulaText(f), f);
      }
    }
    const f = this.trees.get(text);
    if (!f) throw new RangeError(`formula '${text}' is not a candidate of depth <= ${this.maxDepth} for this gate`);
    return f;
  }

  /** Network output > 0.5 of the base run with `sets[h]` (bitmask, hidden layer h 1-based) set to the source's values. */
  private intervened(source: Float32Array[], base: Float32Array[], sets: number[]): boolean {
    const sizes = this.model.layerSizes;
    let h = 1;
    while (!sets[h]) h++;
    let cur = Float32Array.from(base[h] as Float32Array);
    for (let l = h; ; l++) {
      for (const i of bitIndices(sets[l] ?? 0)) cur[i] = (source[l] as Float32Array)[i] as number;
      if (l === sizes.length - 1) return (cur[0] as number) > 0.5;
      const nIn = sizes[l] as number;
      const next = new Float32Array(sizes[l + 1] as number);
      for (let o = 0; o < next.length; o++) next[o] = neuron(this.model.weights[l] as Float32Array, o, nIn, cur, (this.model.biases[l] as Float32Array)[o] as number, 2 ** nIn - 1, activationOf(this.model, l));
      cur = next;
    }
  }

  /** Whether a mapping of the formula passes every joint intervention (every non-empty set of its nodes). */
  passes(text: string, mapping: Mapping): boolean {
    const f = this.tree(text);
    const nodes = relevantNodes(f).map((n) => {
      const layers = mapping[`${n.text} ${n.id}`];
      if (!layers) throw new RangeError(`mapping of '${text}' has no node '${n.text} ${n.id}'`);
      const [layer, neurons] = Object.entries(layers)[0] as [string, number[]];
      return { node: n.node, layer: Number(layer), mask: neurons.reduce((m, i) => m | (1 << i), 0) };
    });
    const hidden = this.model.layerSizes.length - 1;
    for (let subset = 1; subset < 2 ** nodes.length; subset++) {
      const sets = new Array<number>(hidden).fill(0);
      const chosen = nodes.filter((_, k) => (subset >>> k) & 1);
      for (const c of chosen) sets[c.layer] = (sets[c.layer] as number) | c.mask;
      for (const { source, base } of this.pairs) {
        const forced = new Map(chosen.map((c) => [c.node, evaluate(c.node, source, this.nVars, noForce)]));
        const want = evaluate(f, base, this.nVars, forced);
        if (this.intervened(this.runs[source] as Float32Array[], this.runs[base] as Float32Array[], sets) !== want) return false;
      }
    }
    return true;
  }
}

/**
 * Keeps the mappings `keep` accepts; formulas left without one are dropped. Throws TooManyMappings
 * on an output whose mappings passed the listing bound: they are counted, and joint-iia judges
 * them one by one.
 */
export function filterMappings(formulas: readonly FormulaRecord[], keep: (formula: string, m: Mapping) => boolean): FormulaRecord[] {
  const out: FormulaRecord[] = [];
  for (const f of formulas) {
    if (f.minimal_mappings === null) throw new TooManyMappings(totalMappings(formulas), MAX_MINIMAL_MAPPINGS);
    const kept = f.minimal_mappings.filter((m) => keep(f.formula, m));
    if (kept.length > 0) out.push({ formula: f.formula, minimal_mappings: kept });
  }
  return out;
}
