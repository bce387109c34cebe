/**
 * The mapping criteria over the minimal mappings of one output (docs/criteria.md):
 * - joint-iia: besides each single node, every set of the formula's relevant nodes is interchanged
 *   at once, from one source sample into one base sample (over the search's IIA pairs); the
 *   mapping passes only if every such intervention matches the formula (listed mappings one by
 *   one, counted ones choice by choice, never listed);
 * - consistent: a mapping counts only if all its neurons are on in some kept circuit
 *   (mappingHosts.ts).
 * Mappings that fail are dropped; a formula left with none is dropped (as the search drops it).
 */
import { bitIndices } from './bits.js';
import { formulaText, type Formula } from './formulas.js';
import { placeValues, usedMasks, type NeuronSet } from './mappingCount.js';
import { firstNegations } from './negationSearch.js';
import { iiaPairs, relevantNodes, type IiaPair } from './mappingSearch.js';
import { activationOf, forwardAll, neuron } from './network.js';
import type { IiaPairs, Mapping, NetworkModel } from './types.js';

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
      for (const f of firstNegations(this.nVars, this.maxDepth, this.gateTable, 0, Infinity)) {
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

  /**
   * How many of the formula's minimal mappings pass every joint intervention, from its relevant
   * nodes' minimal sets (`options`, in relevantNodes order) without listing them; `leaf`, when
   * given, must also accept a passing mapping's neurons (a `choicesByNeurons` key). The choices are
   * made node by node, and every set of nodes whose last is the node just chosen is checked at once,
   * so a failing subset prunes every completion. An intervention's outcome depends only on the
   * neurons set, so it is computed once per neuron set (keys of at most 53 bits: null past them).
   * `visit`, when given, sees each passing choice (one array, overwritten from choice to choice).
   */
  countPassing(f: Formula, options: readonly (readonly NeuronSet[])[], widths: readonly number[], leaf?: (used: number) => boolean, visit?: (chosen: readonly NeuronSet[]) => void): number | null {
    const place = placeValues(widths);
    if (!place) return null;
    const bits = widths.reduce((a, w) => a + w, 0);
    const nodes = relevantNodes(f);
    const k = nodes.length;
    if (options.length !== k) throw new RangeError(`formula '${formulaText(f)}': ${options.length} nodes' sets for ${k} relevant nodes`);
    const net = (this.outcomes ??= new OutcomeCache(bits, this.pairs.length, (key, out, at) => this.outcomesOf(key, widths, out, at)));
    const { words } = net;
    // Expected outcomes of every set of nodes interchanged at once, a bit per pair.
    const want = new Int32Array(2 ** k * words);
    for (let S = 1; S < 2 ** k; S++) {
      this.pairs.forEach(({ source, base }, q) => {
        const forced = new Map(nodes.filter((_, i) => (S >>> i) & 1).map((n) => [n.node, evaluate(n.node, source, this.nVars, noForce)]));
        if (evaluate(f, base, this.nVars, forced)) want[S * words + (q >>> 5)] = (want[S * words + (q >>> 5)] as number) | (1 << (q & 31));
      });
    }
    const used = new Uint32Array(widths.length);
    const keyOf = new Float64Array(2 ** k);
    let passing = 0;
    const chosen: NeuronSet[] = [];
    const recurse = (r: number): void => {
      if (r === k) {
        if (leaf && !leaf(keyOf[2 ** k - 1] as number)) return;
        passing++;
        visit?.(chosen);
        return;
      }
      for (const set of options[r] as readonly NeuronSet[]) {
        const { layer, mask } = set;
        if (((used[layer - 1] as number) & mask) !== 0) continue;
        const own = mask * (place[layer - 1] as number);
        let ok = true;
        // Sets of nodes whose last is r: T | r for every T of the nodes before it (T empty: the search's own test).
        for (let T = 0; T < 2 ** r && ok; T++) {
          const key = (keyOf[T] as number) + own;
          keyOf[T | (2 ** r)] = key;
          if (T === 0) continue;
          ok = net.equals(key, want, (T | (2 ** r)) * words);
        }
        if (!ok) continue;
        chosen[r] = set;
        used[layer - 1] = (used[layer - 1] as number) | mask;
        recurse(r + 1);
        used[layer - 1] = (used[layer - 1] as number) & ~mask;
      }
    };
    recurse(0);
    return passing;
  }

  /** Outcomes of interchanging each set of neurons (countPassing), for every formula of the output. */
  private outcomes: OutcomeCache | null = null;

  /** Writes the outcomes over the pairs of interchanging the neurons of a `choicesByNeurons` key. */
  private outcomesOf(key: number, widths: readonly number[], out: Int32Array, at: number): void {
    const sets = [0, ...usedMasks(key, widths)];
    this.pairs.forEach(({ source, base }, q) => {
      if (this.intervened(this.runs[source] as Float32Array[], this.runs[base] as Float32Array[], sets)) out[at + (q >>> 5)] = (out[at + (q >>> 5)] as number) | (1 << (q & 31));
    });
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
 * The outcomes over the IIA pairs (a bit per pair, in 32-bit words) of interchanging a set of
 * neurons, computed once per set: in an array indexed by the set's key up to 2^22 keys (every
 * network of hidden widths adding up to 22), in a map past that.
 */
class OutcomeCache {
  readonly words: number;
  private readonly dense: Int32Array | null;
  private readonly known: Uint8Array | null;
  private readonly sparse = new Map<number, Int32Array>();

  constructor(bits: number, pairs: number, private readonly compute: (key: number, out: Int32Array, at: number) => void) {
    this.words = Math.max(1, Math.ceil(pairs / 32));
    this.dense = bits <= 22 ? new Int32Array(2 ** bits * this.words) : null;
    this.known = bits <= 22 ? new Uint8Array(2 ** bits) : null;
  }

  /** Whether the outcomes of `key` are want[at .. at + words). */
  equals(key: number, want: Int32Array, at: number): boolean {
    const w = this.words;
    let got = this.dense;
    let from = key * w;
    if (got && this.known) {
      if (!this.known[key]) {
        this.compute(key, got, from);
        this.known[key] = 1;
      }
    } else {
      got = this.sparse.get(key) ?? null;
      if (!got) {
        got = new Int32Array(w);
        this.compute(key, got, 0);
        this.sparse.set(key, got);
      }
      from = 0;
    }
    for (let i = 0; i < w; i++) if (got[from + i] !== want[at + i]) return false;
    return true;
  }
}
