/**
 * The case file (golden format): `config`, `model`, `data`, optional `expected` (ignored). Parsing
 * is pure: it takes the already decoded JSON value and either returns a checked `AnalysisInput`
 * or throws a `CaseFileError` that names the field.
 */
import { commonArity, GateError, gateNameProblem, isGate } from '../engine/gates.js';
import type { AnalysisInput, Dataset, Gate, IiaPairs, NetworkModel } from '../engine/types.js';
import { isEngineSlope } from '../engine/network.js';
import { at, CaseFileError, expected, integerIn, list, matrix, numberIn, object, oneOf, optional } from './fields.js';

export { CaseFileError } from './fields.js';

/** The parts of a case file the analysis reads, checked field by field (unknown config keys are kept out). */
interface CaseJson {
  readonly id?: string;
  readonly config: {
    readonly gates: Gate[];
    readonly min_sparsity?: number;
    readonly accuracy_threshold?: number;
    readonly formula_max_depth?: number;
    readonly iia_pairs?: IiaPairs;
  };
  readonly model: { readonly layer_sizes: number[]; readonly weights: number[][][]; readonly biases: number[][]; readonly output_activation?: 'identity' | 'leaky_relu' };
  readonly data: { readonly x_val: number[][]; readonly y_val: number[][]; readonly x_tt: number[][] };
}

function gate(v: unknown, path: string): Gate {
  if (!isGate(v)) throw new CaseFileError(path, gateNameProblem(v));
  return v;
}

/** The gates' one arity, which must be the network's input width. */
function checkGateArity(gates: readonly Gate[], nIn: number): void {
  let arity: number;
  try {
    arity = commonArity(gates);
  } catch (err) {
    if (err instanceof GateError) throw new CaseFileError('config.gates', err.message);
    throw err;
  }
  if (nIn !== arity) throw new CaseFileError('model.layer_sizes[0]', `expected ${arity} inputs (the arity of ${gates[0]}), got ${nIn}`);
}

function checkFields(json: unknown): CaseJson {
  const root = object(json, '');
  const id = optional(root.id, 'id', (v, p) => (typeof v === 'string' ? v : expected(p, 'a string', v)));
  const c = object(root.config, 'config');
  const gates = list(c.gates, 'config.gates', 1, 'gate').map((g, i) => gate(g, at('config.gates', i)));
  optional(c.hidden, 'config.hidden', (v, p) => list(v, p).map((k, i) => integerIn(k, at(p, i), 1)));
  optional(c.activation, 'config.activation', (v, p) => oneOf(v, p, ['leaky_relu'] as const));
  // The engine's LeakyReLU has the paper's slope: a case stating another describes another network.
  optional(c.negative_slope, 'config.negative_slope', (v, p) => (typeof v === 'number' && isEngineSlope(v) ? v : expected(p, '0.01 (the only LeakyReLU slope the analysis computes)', v)));
  const unit = (v: unknown, p: string): number => numberIn(v, p, 0, 1);
  const config = {
    gates,
    min_sparsity: optional(c.min_sparsity, 'config.min_sparsity', unit),
    accuracy_threshold: optional(c.accuracy_threshold, 'config.accuracy_threshold', unit),
    formula_max_depth: optional(c.formula_max_depth, 'config.formula_max_depth', (v, p) => integerIn(v, p, 0, 6)),
    iia_pairs: optional(c.iia_pairs, 'config.iia_pairs', (v, p) => oneOf(v, p, ['lexicographic', 'all-pairs'] as const)),
  };
  const m = object(root.model, 'model');
  optional(m.activation, 'model.activation', (v, p) => oneOf(v, p, ['leaky_relu'] as const));
  const model = {
    layer_sizes: list(m.layer_sizes, 'model.layer_sizes', 2, 'layer size').map((k, i) => integerIn(k, at('model.layer_sizes', i), 1)),
    weights: list(m.weights, 'model.weights').map((w, l) => matrix(w, at('model.weights', l))),
    biases: matrix(m.biases, 'model.biases'),
    // Absent or 'leaky_relu': the paper's; 'identity': an output layer without LeakyReLU.
    output_activation: optional(m.output_activation, 'model.output_activation', (v, p) => oneOf(v, p, ['leaky_relu', 'identity'] as const)),
  };
  const d = object(root.data, 'data');
  const data = {
    x_val: matrix(d.x_val, 'data.x_val', 1, 'sample'),
    y_val: matrix(d.y_val, 'data.y_val', 1, 'sample'),
    x_tt: matrix(d.x_tt, 'data.x_tt', 1, 'sample'),
  };
  return { ...(id !== undefined && { id }), config, model, data };
}

/** Settings a case file carries; the CLI's flags override them. */
export interface CaseConfig {
  readonly minSparsity?: number;
  readonly accuracyThreshold?: number;
  readonly formulaMaxDepth?: number;
  readonly iiaPairs?: IiaPairs;
}

export interface ParsedCase {
  readonly input: AnalysisInput;
  readonly config: CaseConfig;
}

/** Checks every matrix against layer_sizes: the errors say which index disagrees. */
function toModel(m: CaseJson['model']): NetworkModel {
  const sizes = m.layer_sizes;
  const L = sizes.length - 1;
  if (m.weights.length !== L) throw new CaseFileError('model.weights', `expected ${L} matrices for layer_sizes ${JSON.stringify(sizes)}, got ${m.weights.length}`);
  if (m.biases.length !== L) throw new CaseFileError('model.biases', `expected ${L} vectors for layer_sizes ${JSON.stringify(sizes)}, got ${m.biases.length}`);
  const weights = m.weights.map((w, l) => {
    const [nIn, nOut] = [sizes[l] as number, sizes[l + 1] as number];
    if (w.length !== nOut) throw new CaseFileError(`model.weights[${l}]`, `expected ${nOut} rows, got ${w.length}`);
    w.forEach((row, o) => {
      if (row.length !== nIn) throw new CaseFileError(`model.weights[${l}][${o}]`, `expected ${nIn} numbers, got ${row.length}`);
    });
    return Float32Array.from(w.flat());
  });
  const biases = m.biases.map((b, l) => {
    if (b.length !== sizes[l + 1]) throw new CaseFileError(`model.biases[${l}]`, `expected ${sizes[l + 1]} numbers, got ${b.length}`);
    return Float32Array.from(b);
  });
  return { layerSizes: sizes, weights, biases, ...(m.output_activation === 'identity' && { outputActivation: 'identity' as const }) };
}

function toDataset(field: string, x: number[][], nIn: number, y: number[][] | null, nOut: number): Dataset {
  x.forEach((row, i) => {
    if (row.length !== nIn) throw new CaseFileError(`data.${field}[${i}]`, `expected ${nIn} inputs, got ${row.length}`);
  });
  if (y) {
    if (y.length !== x.length) throw new CaseFileError('data.y_val', `expected ${x.length} rows like data.x_val, got ${y.length}`);
    y.forEach((row, i) => {
      if (row.length !== nOut) throw new CaseFileError(`data.y_val[${i}]`, `expected ${nOut} targets (one per gate), got ${row.length}`);
    });
  }
  return { n: x.length, nIn, nOut: y ? nOut : 0, x: Float32Array.from(x.flat()), y: Float32Array.from(y ? y.flat() : []) };
}

export function parseCase(json: unknown): ParsedCase {
  const c = checkFields(json);
  const model = toModel(c.model);
  const nIn = model.layerSizes[0] as number;
  const nOut = model.layerSizes[model.layerSizes.length - 1] as number;
  checkGateArity(c.config.gates, nIn);
  if (c.config.gates.length !== nOut) {
    throw new CaseFileError('config.gates', `expected ${nOut} gates (one per output in model.layer_sizes), got ${c.config.gates.length}`);
  }
  const input: AnalysisInput = {
    id: c.id ?? 'case',
    gates: c.config.gates,
    model,
    validation: toDataset('x_val', c.data.x_val, nIn, c.data.y_val, nOut),
    grounding: toDataset('x_tt', c.data.x_tt, nIn, null, 0),
  };
  const config: CaseConfig = {
    ...(c.config.min_sparsity !== undefined && { minSparsity: c.config.min_sparsity }),
    ...(c.config.accuracy_threshold !== undefined && { accuracyThreshold: c.config.accuracy_threshold }),
    ...(c.config.formula_max_depth !== undefined && { formulaMaxDepth: c.config.formula_max_depth }),
    ...(c.config.iia_pairs !== undefined && { iiaPairs: c.config.iia_pairs }),
  };
  return { input, config };
}
