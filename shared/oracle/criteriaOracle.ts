/**
 * The plain oracle of the stricter criteria (docs/criteria.md), read literally: every validation
 * row run one by one with 0/1 masks, every pair of circuits compared element by element, every
 * joint intervention run through the whole network. Slow and obvious; shares with the fast
 * criteria only the float32 neuron and the formula candidates.
 */
import type { Criteria } from '../engine/criteria.js';
import { candidateFormulas, formulaText, numberNodes, type Formula } from '../engine/formulas.js';
import { plainFirstNegation } from './negationOracle.js';
import { gateTable } from '../engine/gates.js';
import { activationOf, preActivation, roundHalfEven } from '../engine/network.js';
import type { AnalysisInput, CircuitRecord, FormulaRecord, Gate, IiaPairs, Mapping, NetworkModel } from '../engine/types.js';
import { oracleCircuitsKept, oracleForward, oracleMappings, oracleRows, oracleSingleOutput } from './oracle.js';

type Matrix = number[][];
const f32 = Math.fround;

function fullMasks(model: NetworkModel): { nodes: number[][]; edges: Matrix[] } {
  const nodes = model.layerSizes.map((n) => new Array<number>(n).fill(1));
  const edges = model.layerSizes.slice(1).map((n, l) => Array.from({ length: n }, () => new Array<number>(model.layerSizes[l] as number).fill(1)));
  return { nodes, edges };
}

/** A is a sub-circuit of B: every node and edge of A is in B. */
function inside(a: CircuitRecord, b: CircuitRecord): boolean {
  return a.node_masks.every((row, l) => row.every((v, i) => v <= (b.node_masks[l] as number[])[i]!)) && a.edge_masks.every((m, l) => m.every((row, o) => row.every((v, i) => v <= (b.edge_masks[l] as Matrix)[o]![i]!)));
}

export function oracleMinimal(circuits: CircuitRecord[]): CircuitRecord[] {
  const same = (a: CircuitRecord, b: CircuitRecord): boolean => JSON.stringify([a.node_masks, a.edge_masks]) === JSON.stringify([b.node_masks, b.edge_masks]);
  return circuits.filter((c) => !circuits.some((d) => !same(c, d) && inside(d, c)));
}

/** Mean activation per layer 0..L-1 over the validation rows in order (float64 sum, then float32). */
function oracleMeans(model: NetworkModel, xs: number[][]): number[][] {
  const { nodes, edges } = fullMasks(model);
  const sums = model.layerSizes.slice(0, -1).map((n) => new Array<number>(n).fill(0));
  for (const x of xs) {
    const acts = oracleForward(model, x, nodes, edges);
    sums.forEach((s, l) => s.forEach((_, i) => (s[i] = (s[i] as number) + ((acts[l] as number[])[i] as number))));
  }
  return sums.map((s) => s.map((v) => f32(v / xs.length)));
}

/** Output of a circuit where an edge outside it carries its source's mean (edge e: e * value + (1 - e) * mean). */
function meanAblatedOutput(model: NetworkModel, x: number[], c: CircuitRecord, means: number[][]): number {
  let cur = x.map((v, i) => f32(v * ((c.node_masks[0] as number[])[i] as number)));
  for (let l = 0; l < model.layerSizes.length - 1; l++) {
    const nIn = model.layerSizes[l] as number;
    const next = Array.from({ length: model.layerSizes[l + 1] as number }, (_, o) => {
      let dot = 0;
      for (let i = 0; i < nIn; i++) {
        const e = ((c.edge_masks[l] as Matrix)[o] as number[])[i] as number;
        const w = (model.weights[l] as Float32Array)[o * nIn + i] as number;
        dot += w * e * (cur[i] as number) + w * (1 - e) * ((means[l] as number[])[i] as number);
      }
      return activationOf(model, l)(preActivation(dot, (model.biases[l] as Float32Array)[o] as number));
    });
    const mask = c.node_masks[l + 1] as number[];
    cur = l + 1 === model.layerSizes.length - 1 ? next : next.map((v, i) => f32(v * (mask[i] as number)));
  }
  return cur[0] as number;
}

/** The circuit criteria from their definitions: faithful and mean-ablation per circuit, then minimality among the survivors. */
export function oracleCircuitCriteria(input: AnalysisInput, o: number, circuits: CircuitRecord[], criteria: Criteria, threshold: number): CircuitRecord[] {
  const model = oracleSingleOutput(input.model, o);
  const xs = oracleRows(input.validation.x, input.validation.n, input.validation.nIn);
  const ys = xs.map((_, i) => input.validation.y[i * input.validation.nOut + o] as number);
  const L = model.layerSizes.length - 1;
  const full = fullMasks(model);
  const fullOut = xs.map((x) => (oracleForward(model, x, full.nodes, full.edges)[L] as number[])[0] as number);
  const means = oracleMeans(model, xs);
  let kept = circuits.filter((c) => {
    if (criteria.faithful !== null) {
      const eps = criteria.faithful;
      const ok = xs.every((x, i) => Math.abs(((oracleForward(model, x, c.node_masks, c.edge_masks)[L] as number[])[0] as number) - (fullOut[i] as number)) <= eps);
      if (!ok) return false;
    }
    if (criteria.meanAblation) {
      const correct = xs.filter((x, i) => roundHalfEven(meanAblatedOutput(model, x, c, means)) === ys[i]).length;
      if (!(correct / xs.length > threshold)) return false;
    }
    return true;
  });
  if (criteria.minimalCircuits) kept = oracleMinimal(kept);
  return kept;
}

function evalForced(f: Formula, sample: number[], forced: Map<Formula, boolean>): boolean {
  if (forced.has(f)) return forced.get(f) as boolean;
  if (f.op === 'var') return Boolean(sample[f.v]);
  if (f.op === 'not') return !evalForced(f.child, sample, forced);
  const l = evalForced(f.left, sample, forced);
  const r = evalForced(f.right, sample, forced);
  return f.op === '*' ? l && r : l || r;
}

/** Whether a mapping passes every interchange of every non-empty set of its nodes (whole network run per pair). */
export function oracleJointIia(model: NetworkModel, gate: Gate, maxDepth: number, mode: IiaPairs, formula: string, mapping: Mapping): boolean {
  const samples = [[0, 0], [0, 1], [1, 0], [1, 1]];
  const pairs = samples.flatMap((_, i) => samples.map((__, j) => [i, j] as const)).filter(([i, j]) => (mode === 'lexicographic' ? i < j : i !== j));
  // The first candidate whose negated form is the formula: the candidates after it are not searched.
  let f: Formula | undefined;
  for (const c of candidateFormulas(2, maxDepth)) {
    const g = plainFirstNegation(c, gateTable(gate), 2);
    if (g !== null && formulaText(g) === formula) {
      f = g;
      break;
    }
  }
  if (!f) throw new Error(`no formula ${formula}`);
  const relevant = numberNodes(f).filter((n) => n.node.op !== 'var' && !n.isRoot && !n.parentIsNot);
  const full = fullMasks(model);
  const runs = samples.map((s) => oracleForward(model, s, full.nodes, full.edges));
  for (let subset = 1; subset < 2 ** relevant.length; subset++) {
    const chosen = relevant.filter((_, k) => (subset >>> k) & 1);
    for (const [src, base] of pairs) {
      // The base run, layer by layer, with the chosen neurons replaced by the source's.
      let cur = samples[base] as number[];
      for (let l = 0; l < model.layerSizes.length - 1; l++) {
        const nIn = model.layerSizes[l] as number;
        const prev = cur;
        cur = Array.from({ length: model.layerSizes[l + 1] as number }, (_, j) => {
          let dot = 0;
          for (let i = 0; i < nIn; i++) dot += ((model.weights[l] as Float32Array)[j * nIn + i] as number) * (prev[i] as number);
          return activationOf(model, l)(preActivation(dot, (model.biases[l] as Float32Array)[j] as number));
        });
        for (const n of chosen) for (const i of mapping[`${n.text} ${n.id}`]?.[String(l + 1)] ?? []) cur[i] = ((runs[src] as number[][])[l + 1] as number[])[i] as number;
      }
      const forced = new Map(chosen.map((n) => [n.node, evalForced(n.node, samples[src] as number[], new Map())]));
      if (((cur[0] as number) > 0.5) !== evalForced(f, samples[base] as number[], forced)) return false;
    }
  }
  return true;
}

export interface OracleCriteriaResult {
  readonly circuits: CircuitRecord[];
  readonly formulas: FormulaRecord[];
  readonly hosting: number | null;
}

/** The oracle lists every formula's mappings (it has no listing bound). */
function listed(f: FormulaRecord): Mapping[] {
  if (f.minimal_mappings === null) throw new TypeError(`the oracle's formula ${f.formula} has no listed mappings`);
  return f.minimal_mappings;
}

/** One output under `criteria`, from the plain oracle throughout. */
export function oracleWithCriteria(input: AnalysisInput, o: number, criteria: Criteria, s: { minSparsity: number; threshold: number; maxDepth: number; mode: IiaPairs }): OracleCriteriaResult {
  const gate = input.gates[o] as Gate;
  const model = oracleSingleOutput(input.model, o);
  const mode: IiaPairs = criteria.allPairsIia ? 'all-pairs' : s.mode;
  const circuits = oracleCircuitCriteria(input, o, oracleCircuitsKept(input, o, s.minSparsity, s.threshold), criteria, s.threshold);
  let formulas = oracleMappings(model, gate, s.maxDepth, mode).formulas;
  const keepMappings = (ok: (f: string, m: Mapping) => boolean): void => {
    formulas = formulas.map((f) => ({ formula: f.formula, minimal_mappings: listed(f).filter((m) => ok(f.formula, m)) })).filter((f) => listed(f).length > 0);
  };
  if (criteria.jointIia) keepMappings((f, m) => oracleJointIia(model, gate, s.maxDepth, mode, f, m));
  if (!criteria.consistent) return { circuits, formulas, hosting: null };
  const holds = (c: CircuitRecord, m: Mapping): boolean => Object.values(m).every((layers) => Object.entries(layers).every(([layer, ns]) => ns.every((n) => (c.node_masks[Number(layer)] as number[])[n] === 1)));
  keepMappings((_f, m) => circuits.some((c) => holds(c, m)));
  const hosting = circuits.filter((c) => formulas.some((f) => listed(f).some((m) => holds(c, m)))).length;
  return { circuits, formulas, hosting };
}
