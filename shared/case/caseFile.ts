/**
 * The case file (golden format): `config`, `model`, `data`, optional `expected` (ignored). Parsing
 * is pure: it takes the already decoded JSON value and either returns a checked `AnalysisInput`
 * or throws a `CaseFileError` that names the field.
 */
import { z } from 'zod';
import { gateNames, type AnalysisInput, type Dataset, type Gate, type IiaPairs, type NetworkModel } from '../engine/types.js';

export class CaseFileError extends Error {
  override name = 'CaseFileError';
  constructor(readonly field: string, message: string, options?: { cause?: unknown }) {
    super(field ? `${field}: ${message}` : message, options);
  }
}

const finite = z.number().refine(Number.isFinite, 'expected a finite number');
const matrix = z.array(z.array(finite));
const schema = z.object({
  id: z.string().optional(),
  config: z
    .object({
      gates: z
        .array(z.enum(gateNames as [Gate, ...Gate[]], { error: (iss) => `unknown gate ${JSON.stringify(iss.input)} (expected one of ${gateNames.join(', ')})` }))
        .min(1, 'expected at least one gate'),
      hidden: z.array(z.number().int().positive()).optional(),
      min_sparsity: finite.min(0).max(1).optional(),
      accuracy_threshold: finite.min(0).max(1).optional(),
      formula_max_depth: z.number().int().min(0).max(6).optional(),
      iia_pairs: z.enum(['lexicographic', 'all-pairs']).optional(),
    })
    .loose(),
  model: z.object({
    layer_sizes: z.array(z.number().int().positive()).min(2),
    activation: z.literal('leaky_relu').optional(),
    weights: z.array(matrix),
    biases: z.array(z.array(finite)),
  }),
  data: z.object({
    x_val: matrix.min(1, 'expected at least one sample'),
    y_val: matrix.min(1, 'expected at least one sample'),
    x_tt: matrix.min(1, 'expected at least one sample'),
  }),
});

export type CaseJson = z.infer<typeof schema>;

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

function pathText(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), '');
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
  return { layerSizes: sizes, weights, biases };
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
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CaseFileError(pathText(issue?.path ?? []), issue?.message ?? 'invalid case file');
  }
  const c = parsed.data;
  const model = toModel(c.model);
  const nIn = model.layerSizes[0] as number;
  const nOut = model.layerSizes[model.layerSizes.length - 1] as number;
  if (nIn !== 2) throw new CaseFileError('model.layer_sizes[0]', `expected 2 inputs (the two-input gates), got ${nIn}`);
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
