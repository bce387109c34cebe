/**
 * The plain oracle: SEMANTICS.md read literally, slow and obviously correct, for small networks.
 * It shares nothing with the fast engine but the float32 neuron (network.ts) and the formula
 * candidates: masks are 0/1 arrays multiplied into values and weights, every edge matrix is
 * enumerated and filtered, groundings are listed one by one, mappings are checked pairwise.
 */
import { formulaText, candidateFormulas, numberNodes, type Formula } from '../engine/formulas.js';
import { plainFirstNegation } from './negationOracle.js';
import { gateOutput, patternBits } from '../engine/gates.js';
import { activationOf, preActivation, roundHalfEven } from '../engine/network.js';
import type { AnalysisInput, CircuitRecord, FormulaRecord, Gate, IiaPairs, Mapping, NetworkModel } from '../engine/types.js';

type Matrix = number[][];
const f32 = Math.fround;

/** Masked forward exactly as the reference: input x node mask, weights x edge mask. */
export function oracleForward(model: NetworkModel, x: number[], nodeMasks: number[][], edgeMasks: Matrix[]): number[][] {
  const acts: number[][] = [x];
  for (let l = 0; l < model.layerSizes.length - 1; l++) {
    const input = (acts[l] as number[]).map((v, i) => f32(v * ((nodeMasks[l] as number[])[i] as number)));
    const nIn = model.layerSizes[l] as number;
    const out = Array.from({ length: model.layerSizes[l + 1] as number }, (_, o) => {
      let dot = 0;
      for (let i = 0; i < nIn; i++) dot += f32(((model.weights[l] as Float32Array)[o * nIn + i] as number) * ((edgeMasks[l] as Matrix)[o] as number[])[i]!) * (input[i] as number);
      return activationOf(model, l)(preActivation(dot, (model.biases[l] as Float32Array)[o] as number));
    });
    acts.push(out);
  }
  return acts;
}

function* binaryVectors(n: number): Generator<number[]> {
  for (let m = 0; m < 2 ** n; m++) yield Array.from({ length: n }, (_, i) => (m >>> i) & 1);
}

function validEdgeMask(e: Matrix, lower: number[], upper: number[]): boolean {
  const lowerOff = lower.every((b) => !b);
  const upperOff = upper.every((b) => !b);
  if (lowerOff && upperOff) return e.every((row) => row.every((b) => !b));
  if (lowerOff || upperOff) return false;
  const joinsOn = e.every((row, o) => row.every((b, i) => !b || (upper[o] && lower[i])));
  const outgoing = lower.every((on, i) => !on || e.some((row) => row[i]));
  const incoming = upper.every((on, o) => !on || (e[o] as number[]).some((b) => b));
  return joinsOn && outgoing && incoming;
}

/** Every candidate circuit of a single-output network, by plain enumeration and filtering. */
export function* oracleCircuits(sizes: readonly number[], minSparsity: number): Generator<{ nodeMasks: number[][]; edgeMasks: Matrix[] }> {
  const L = sizes.length - 1;
  const hidden = sizes.slice(1, -1).reduce((a, b) => a + b, 0);
  const perLayer = sizes.slice(1).map((n) => [...binaryVectors(n)]);
  const combos: number[][][] = [[]];
  for (const options of perLayer) combos.splice(0, combos.length, ...combos.flatMap((c) => options.map((o) => [...c, o])));
  for (const combo of combos) {
    if (combo.every((m) => m.every((b) => b))) continue;
    const off = combo.slice(0, -1).flat().filter((b) => !b).length;
    if (minSparsity > 0 && !(off / hidden > minSparsity)) continue;
    const nodeMasks = [new Array<number>(sizes[0] as number).fill(1), ...combo];
    const pairOptions = Array.from({ length: L }, (_, l) =>
      [...binaryVectors((sizes[l] as number) * (sizes[l + 1] as number))]
        .map((flat) => Array.from({ length: sizes[l + 1] as number }, (_, o) => flat.slice(o * (sizes[l] as number), (o + 1) * (sizes[l] as number))))
        .filter((e) => validEdgeMask(e, nodeMasks[l] as number[], nodeMasks[l + 1] as number[])),
    );
    let edgeSets: Matrix[][] = [[]];
    for (const opts of pairOptions) edgeSets = edgeSets.flatMap((s) => opts.map((e) => [...s, e]));
    for (const edgeMasks of edgeSets) yield { nodeMasks, edgeMasks };
  }
}

function singleOutputModel(model: NetworkModel, o: number): NetworkModel {
  const last = model.layerSizes.length - 2;
  const nIn = model.layerSizes[last] as number;
  return {
    layerSizes: [...model.layerSizes.slice(0, -1), 1],
    weights: [...model.weights.slice(0, last), (model.weights[last] as Float32Array).slice(o * nIn, (o + 1) * nIn)],
    biases: [...model.biases.slice(0, last), (model.biases[last] as Float32Array).slice(o, o + 1)],
    ...(model.outputActivation && { outputActivation: model.outputActivation }),
  };
}

function rows(x: Float32Array, n: number, width: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(x.subarray(i * width, (i + 1) * width)));
}

/** Listed groundings of one circuit (counted one by one). */
export function oracleGroundings(model: NetworkModel, xTT: number[][], nodeMasks: number[][], edgeMasks: Matrix[]): number {
  const byPattern = new Map<string, number[][]>();
  for (const x of xTT) byPattern.set(x.map((v) => Math.trunc(v) || 0).join(','), oracleForward(model, x, nodeMasks, edgeMasks));
  const runs = [...byPattern.keys()].sort().map((k) => byPattern.get(k) as number[][]);
  const L = model.layerSizes.length - 1;
  const nodes: { l: number; j: number; tables: boolean[][] }[] = [];
  for (let l = 1; l <= L; l++) {
    (nodeMasks[l] as number[]).forEach((on, j) => {
      if (!on) return;
      const values = runs.map((r) => (l === L ? roundHalfEven((r[l] as number[])[j] as number) : ((r[l] as number[])[j] as number)));
      const sorted = [...new Set(values.map((v) => v || 0))].sort((a, b) => a - b);
      const tables: boolean[][] = [];
      for (let g = 0; g + 1 < sorted.length; g++) {
        const t = f32(f32((sorted[g] as number) + (sorted[g + 1] as number)) / 2);
        const table = values.map((v) => v > t);
        if (table.some((b) => b)) tables.push(table);
      }
      nodes.push({ l, j, tables });
    });
  }
  let total = 0;
  const choice: boolean[][] = [];
  const walk = (k: number): void => {
    if (k === nodes.length) {
      total += nodes.reduce((prod, node, idx) => prod * localGates(node, idx), 1);
      return;
    }
    for (const t of (nodes[k] as (typeof nodes)[number]).tables) {
      choice[k] = t;
      walk(k + 1);
    }
  };
  const localGates = (node: (typeof nodes)[number], idx: number): number => {
    if (node.l === 1) return 1;
    const parents = nodes
      .map((n, i) => ({ n, i }))
      .filter(({ n }) => n.l === node.l - 1 && ((edgeMasks[node.l - 1] as Matrix)[node.j] as number[])[n.j]);
    const arity = parents.length;
    let count = 0;
    for (const fn of binaryVectors(2 ** arity)) {
      const agrees = runs.every((_, p) => {
        const tuple = parents.reduce((t, { i }) => (t << 1) | ((choice[i] as boolean[])[p] ? 1 : 0), 0);
        return Boolean(fn[tuple]) === (choice[idx] as boolean[])[p];
      });
      const isXor = arity === 2 && fn.join('') === '0110';
      const isXnor = arity === 2 && fn.join('') === '1001';
      if (agrees && !isXor && !isXnor) count++;
    }
    return count;
  };
  walk(0);
  return total;
}

function evalFormula(f: Formula, sample: number[], forced?: Formula, value?: boolean): boolean {
  if (f === forced) return value as boolean;
  if (f.op === 'var') return Boolean(sample[f.v]);
  if (f.op === 'not') return !evalFormula(f.child, sample, forced, value);
  const l = evalFormula(f.left, sample, forced, value);
  const r = evalFormula(f.right, sample, forced, value);
  return f.op === '*' ? l && r : l || r;
}

function subsetsOf<T>(items: T[]): T[][] {
  return [...binaryVectors(items.length)].map((bits) => items.filter((_, i) => bits[i])).filter((s) => s.length > 0);
}

/** Formulas and their minimal mappings, from the definition (all valid mappings, then minimal). */
export function oracleMappings(model: NetworkModel, gate: Gate, maxDepth: number, mode: IiaPairs): { checked: number; formulas: FormulaRecord[] } {
  const nVars = model.layerSizes[0] as number;
  const samples = Array.from({ length: 2 ** nVars }, (_, s) => patternBits(s, nVars)); // A high: 000, 001, ...
  const pairs = samples.flatMap((_, i) => samples.map((__, j) => [i, j] as const)).filter(([i, j]) => (mode === 'lexicographic' ? i < j : i !== j));
  const target = samples.map((bits) => gateOutput(gate, bits) === 1);
  const full = model.layerSizes.map((n) => new Array<number>(n).fill(1));
  const fullEdges = model.layerSizes.slice(1).map((n, l) => Array.from({ length: n }, () => new Array<number>(model.layerSizes[l] as number).fill(1)));
  const runs = samples.map((s) => oracleForward(model, s, full, fullEdges));
  // The network's side depends on the neuron set alone: remembered per set (3 inputs and depth 3
  // would otherwise redo it for each of thousands of formulas).
  const netCache = new Map<string, boolean[]>();
  const netValid = (layer: number, neurons: number[]): boolean[] => {
    const key = `${layer}:${neurons.join(',')}`;
    let bits = netCache.get(key);
    if (!bits) netCache.set(key, (bits = netOutcomes(layer, neurons)));
    return bits;
  };
  const netOutcomes = (layer: number, neurons: number[]): boolean[] =>
    pairs.map(([src, base]) => {
      const acts = [...(runs[base] as number[][])].map((a) => [...a]);
      for (const i of neurons) (acts[layer] as number[])[i] = (runs[src] as number[][])[layer]![i] as number;
      let cur = acts[layer] as number[];
      for (let l = layer; l < model.layerSizes.length - 1; l++) {
        const nIn = model.layerSizes[l] as number;
        cur = Array.from({ length: model.layerSizes[l + 1] as number }, (_, o) => {
          let dot = 0;
          for (let i = 0; i < nIn; i++) dot += ((model.weights[l] as Float32Array)[o * nIn + i] as number) * (cur[i] as number);
          return activationOf(model, l)(preActivation(dot, (model.biases[l] as Float32Array)[o] as number));
        });
      }
      return (cur[0] as number) > 0.5;
    });
  const candidateSets = model.layerSizes.slice(1, -1).flatMap((n, hi) => subsetsOf([...Array(n).keys()]).map((neurons) => ({ layer: hi + 1, neurons })));
  let checked = 0;
  const formulas: FormulaRecord[] = [];
  const table = (f: Formula): number => samples.reduce((t, s, i) => t | ((evalFormula(f, s) ? 1 : 0) << i), 0);
  for (const cand of candidateFormulas(nVars, maxDepth)) {
    const f = plainFirstNegation(cand, target.reduce((t, b, i) => t | ((b ? 1 : 0) << i), 0), nVars);
    if (!f || table(f) !== target.reduce((t, b, i) => t | ((b ? 1 : 0) << i), 0)) continue;
    checked++;
    const relevant = numberNodes(f).filter((n) => n.node.op !== 'var' && !n.isRoot && !n.parentIsNot);
    const validSets = relevant.map((n) => {
      const want = pairs.map(([src, base]) => evalFormula(f, samples[base] as number[], n.node, evalFormula(n.node, samples[src] as number[])));
      return candidateSets.filter(({ layer, neurons }) => netValid(layer, neurons).every((b, k) => b === want[k]));
    });
    let mappings: (typeof candidateSets)[] = [[]];
    validSets.forEach((opts) => (mappings = mappings.flatMap((m) => opts.map((o) => [...m, o]))));
    const disjoint = mappings.filter((m) => m.every((a, i) => m.every((b, j) => i === j || a.layer !== b.layer || !a.neurons.some((x) => b.neurons.includes(x)))));
    const included = (a: typeof disjoint[number], b: typeof disjoint[number]): boolean => a.every((s, i) => s.layer === b[i]!.layer && s.neurons.every((x) => b[i]!.neurons.includes(x)));
    const minimal = disjoint.filter((m) => !disjoint.some((o) => o !== m && included(o, m) && !included(m, o)));
    if (minimal.length === 0) continue;
    formulas.push({
      formula: formulaText(f),
      minimal_mappings: minimal.map((m) => Object.fromEntries(m.map((s, i) => [`${relevant[i]!.text} ${relevant[i]!.id}`, { [String(s.layer)]: s.neurons }])) as Mapping),
    });
  }
  return { checked, formulas };
}

/** Kept circuits with listed groundings, per output, straight from the definition. */
export function oracleCircuitsKept(input: AnalysisInput, o: number, minSparsity: number, threshold: number): CircuitRecord[] {
  const model = singleOutputModel(input.model, o);
  const xs = rows(input.validation.x, input.validation.n, input.validation.nIn);
  const ys = Array.from({ length: input.validation.n }, (_, i) => input.validation.y[i * input.validation.nOut + o] as number);
  const xTT = rows(input.grounding.x, input.grounding.n, input.grounding.nIn);
  const kept: CircuitRecord[] = [];
  for (const { nodeMasks, edgeMasks } of oracleCircuits(model.layerSizes, minSparsity)) {
    let correct = 0;
    xs.forEach((x, i) => {
      const out = oracleForward(model, x, nodeMasks, edgeMasks)[model.layerSizes.length - 1]![0] as number;
      if (roundHalfEven(out) === ys[i]) correct++;
    });
    if (!(correct / xs.length > threshold)) continue;
    kept.push({ node_masks: nodeMasks, edge_masks: edgeMasks, groundings: BigInt(oracleGroundings(model, xTT, nodeMasks, edgeMasks)) });
  }
  return kept;
}

export { singleOutputModel as oracleSingleOutput, rows as oracleRows };
