/**
 * What `analyze FILE` analyses: a case file (its own network, data and settings), or a model file
 * (PyTorch `torch.save`, safetensors, our JSON model; told apart by their first bytes) whose task
 * comes from the flags: `--gates` draws the paper's data as a study does for the same seed,
 * `--data` reads the user's samples. `--layers FROM:TO` then analyses the slice between two
 * layers on the recorded activations of layer FROM. Every problem is one UsageError line naming
 * the file and the tensor or field.
 */
import { readFile } from 'node:fs/promises';
import { parseCase, CaseFileError, type CaseConfig } from '../shared/case/caseFile.js';
import type { AnalysisInput, Dataset, Gate, NetworkModel, Stage } from '../shared/engine/types.js';
import { parseModelJson } from '../shared/model/modelJson.js';
import { detectFormat, type ModelFormat } from '../shared/model/readModel.js';
import { binaryInputs, recordActivations, sliceConsistency, sliceModel } from '../shared/model/subNetwork.js';
import { ModelFileError } from '../shared/model/tensors.js';
import { commonArity, GateError } from '../shared/engine/gates.js';
import { DEFAULT_ACCURACY_THRESHOLD } from '../shared/engine/options.js';
import { gateTaskSets } from '../shared/train/taskSets.js';
import { paperSparsity } from '../coordinator/studyOptions.js';
import { parseJson } from './caseInput.js';
import { UsageError } from './errors.js';
import { accuracyReport, checkGatesMatchTargets, gateSetFlagsGiven, requireHiddenLayer } from './modelChecks.js';

export interface TaskFlags {
  readonly gates?: Gate[];
  readonly data?: string;
  readonly seed?: number;
  readonly noiseStd?: number;
  readonly validationRepeats?: number;
  readonly groundingRepeats?: number;
  readonly layers?: { readonly from: number; readonly to: number };
  readonly stages?: Stage[];
  readonly minSparsity?: number;
  /** The threshold the whole network's accuracy is held to (a model file's config has none). */
  readonly accuracyThreshold?: number;
}

export interface ModelInput {
  readonly input: AnalysisInput;
  readonly config: CaseConfig;
  readonly format: ModelFormat | 'case';
  /** Output names to print instead of gates (targets of --data without --gates). */
  readonly labels?: readonly string[];
  /** Stages that cannot run on these inputs, with the reason, dropped from the default. */
  readonly unavailable: ReadonlyMap<Stage, string>;
  /** Lines to print before the counts (the network's accuracy, the slice and its consistency check). */
  readonly notes: readonly string[];
  /** Lines for stderr, each starting `warning:`: the analysis runs, but likely finds nothing meaningful. */
  readonly warnings: readonly string[];
}

/** Widest layer the circuit search enumerates: every subset of a layer's units is a node mask. */
export const MAX_ANALYSED_WIDTH = 8;

function wrap<T>(file: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof ModelFileError || err instanceof CaseFileError) throw new UsageError(`${file}: ${err.message.replace(/^: /, '')}`, { cause: err });
    throw err;
  }
}

async function readBytes(file: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: cannot read the case or model file (${code === 'ENOENT' ? 'no such file' : (code ?? String(err))})`, { cause: err });
  }
}

/** The one arity of --gates (they name the outputs of one network); a UsageError when they differ. */
function gatesArity(gates: readonly Gate[]): number {
  try {
    return commonArity(gates);
  } catch (err) {
    if (err instanceof GateError) throw new UsageError(`--gates: ${err.message}`, { cause: err });
    throw err;
  }
}

function gateData(file: string, model: NetworkModel, flags: TaskFlags): { gates: Gate[]; validation: Dataset; grounding: Dataset } {
  const gates = flags.gates as Gate[];
  const nIn = model.layerSizes[0] as number;
  const nOut = model.layerSizes[model.layerSizes.length - 1] as number;
  const arity = gatesArity(gates);
  if (nIn !== arity) throw new UsageError(`${file}: the network has ${nIn} inputs but --gates ${gates.join(',')} take ${arity}`);
  if (gates.length !== nOut) throw new UsageError(`${file}: the network has ${nOut} output${nOut === 1 ? '' : 's'} but --gates names ${gates.length} gate${gates.length === 1 ? '' : 's'} (one per output)`);
  const sets = gateTaskSets({
    gates,
    ...(flags.seed !== undefined && { seed: flags.seed }),
    ...(flags.noiseStd !== undefined && { noiseStd: flags.noiseStd }),
    ...(flags.validationRepeats !== undefined && { validationRepeats: flags.validationRepeats }),
    ...(flags.groundingRepeats !== undefined && { groundingRepeats: flags.groundingRepeats }),
  });
  return { gates, ...sets };
}

async function modelFileInput(file: string, model: NetworkModel, format: ModelFormat, flags: TaskFlags): Promise<ModelInput> {
  if (!flags.gates && !flags.data) throw new UsageError(`${file}: a model file carries no task: give --gates XOR[,AND...] or --data FILE`);
  const drawing = gateSetFlagsGiven(flags);
  if (flags.data && drawing.length) throw new UsageError(`${drawing.join(', ')}: ${drawing.length === 1 ? 'applies' : 'apply'} only to --gates, which draws the samples; the samples of --data ${flags.data} are your own`);
  requireHiddenLayer(file, model.layerSizes);
  if (flags.gates && flags.data) {
    // --data with --gates: the user's samples, the gates name the outputs (for the formula search).
    const nOut = model.layerSizes[model.layerSizes.length - 1] as number;
    if (flags.gates.length !== nOut) throw new UsageError(`${file}: the network has ${nOut} output${nOut === 1 ? '' : 's'} but --gates names ${flags.gates.length} gate${flags.gates.length === 1 ? '' : 's'}`);
  }
  const unavailable = new Map<Stage, string>();
  if (flags.data) {
    const nIn = model.layerSizes[0] as number;
    const nOut = model.layerSizes[model.layerSizes.length - 1] as number;
    // The CSV parser loads only for --data, the zip and pickle readers only for binary files: a case file's analysis starts as fast as before.
    const { readUserData } = await import('./taskData.js');
    const { data, targetNames, targetColumns } = await readUserData(flags.data, nIn, nOut);
    const binary = binaryInputs(data);
    if (!binary) unavailable.set('groundings', `the inputs of ${flags.data} are not all 0 or 1`);
    if (!flags.gates) unavailable.set('mappings', 'the formula search needs the gate of each output: give --gates');
    else if (nIn !== gatesArity(flags.gates)) unavailable.set('mappings', `the network has ${nIn} inputs and the gates' formulas are over ${gatesArity(flags.gates)} variables`);
    else if (binary) checkGatesMatchTargets(flags.data, data, flags.gates, targetColumns);
    // Without --gates the outputs are named after the targets; the gate slot is a placeholder the
    // circuit and grounding stages never read (they score against the data's targets).
    const gates = flags.gates ?? targetNames.map((): Gate => 'XOR');
    const input: AnalysisInput = { id: file, gates, model, validation: data, grounding: { ...data, nOut: 0, y: new Float32Array(0) } };
    return { input, config: {}, format, ...(!flags.gates && { labels: targetNames }), unavailable, notes: [], warnings: [] };
  }
  const { gates, validation, grounding } = gateData(file, model, flags);
  return { input: { id: file, gates, model, validation, grounding }, config: {}, format, unavailable, notes: [], warnings: [] };
}

function applyLayers(file: string, m: ModelInput, layers: { from: number; to: number }): ModelInput {
  const { model } = m.input;
  const L = model.layerSizes.length - 1;
  if (layers.to !== L) throw new UsageError(`--layers ${layers.from}:${layers.to}: circuits are scored against the targets, so the slice must end at the output layer ${L} of ${file}`);
  if (layers.from >= layers.to) throw new UsageError(`--layers ${layers.from}:${layers.to}: FROM must be below TO`);
  requireHiddenLayer(file, model.layerSizes.slice(layers.from, layers.to + 1), layers);
  const slice = sliceModel(model, layers.from, layers.to);
  const validation = recordActivations(model, layers.from, m.input.validation);
  const grounding = recordActivations(model, layers.from, m.input.grounding);
  const consistency = sliceConsistency(model, layers.from, m.input.validation);
  const unavailable = new Map(m.unavailable);
  if (layers.from > 0) {
    const why = `the inputs of layers ${layers.from}:${layers.to} are the ${binaryInputs(validation) ? '' : 'continuous '}activations of layer ${layers.from}`;
    if (!binaryInputs(validation)) unavailable.set('groundings', `${why}; groundings read binary input patterns`);
    unavailable.set('mappings', `${why}; formulas are searched over the task's binary variables`);
  }
  const notes = [
    ...m.notes,
    `slice: layers ${layers.from}:${layers.to} of [${model.layerSizes.join(', ')}] = [${slice.layerSizes.join(', ')}], on the activations of layer ${layers.from} for ${validation.n} samples`,
    `consistency: the slice's outputs equal the full network's on ${consistency.equal} of ${consistency.total} samples`,
  ];
  return { ...m, input: { ...m.input, model: slice, validation, grounding }, unavailable, notes };
}

function checkWidths(file: string, model: NetworkModel): void {
  model.layerSizes.forEach((w, l) => {
    if (w > MAX_ANALYSED_WIDTH) {
      throw new UsageError(`${file}: layer ${l} has ${w} units; the circuit search enumerates every subset of a layer's units and edges, so layers wider than ${MAX_ANALYSED_WIDTH} are out of reach: analyse a narrower slice with --layers FROM:TO`);
    }
  });
}

/**
 * A model file has no settings: its sparsity filter is the paper's for its hidden width k (none up
 * to k = 3, 0.2 at k = 4, 0.3 from k = 5, as the authors analysed their networks); --min-sparsity
 * overrides it.
 */
function withPaperSparsity(m: ModelInput): ModelInput {
  const hidden = m.input.model.layerSizes.slice(1, -1);
  const k = Math.max(0, ...hidden);
  const minSparsity = paperSparsity(k);
  if (minSparsity === 0) return m;
  return { ...m, config: { ...m.config, minSparsity }, notes: [...m.notes, `sparsity filter: ${minSparsity} (the paper's for hidden width k = ${k}; --min-sparsity changes it)`] };
}

/** Warnings go to stderr, even under --quiet: they say the counts about to be printed likely mean nothing. */
export function writeWarnings(warnings: readonly string[]): void {
  for (const line of warnings) process.stderr.write(`${line}\n`);
}

export async function readModelInput(file: string, flags: TaskFlags): Promise<ModelInput> {
  const bytes = await readBytes(file);
  const format = wrap(file, () => detectFormat(bytes));
  let m: ModelInput;
  if (format === 'json') {
    const json = parseJson(file, new TextDecoder().decode(bytes));
    // detectFormat saw a '{': an object, which this narrows for the checks below.
    if (json === null || typeof json !== 'object') throw new UsageError(`${file}: expected a JSON object`);
    // A case file's parts name it even when one is missing, so that the missing part is what the error names.
    const isCase = !('weights' in json) && ('model' in json || 'data' in json || 'config' in json);
    if (!isCase && !('weights' in json)) throw new UsageError(`${file}: is neither a case file (config, model, data) nor a JSON model (weights, biases): it has ${Object.keys(json).length ? `only ${Object.keys(json).slice(0, 5).join(', ')}` : 'no keys'}`);
    if (isCase) {
      const given = [...(flags.gates ? ['--gates'] : []), ...(flags.data ? ['--data'] : []), ...gateSetFlagsGiven(flags)];
      if (given.length) throw new UsageError(`${file}: is a case file with its own task and data; ${given.join(', ')} ${given.length === 1 ? 'applies' : 'apply'} to model files`);
      const c = wrap(file, () => parseCase(json));
      m = { ...c, format: 'case', unavailable: new Map(), notes: [], warnings: [] };
    } else {
      m = await modelFileInput(file, wrap(file, () => parseModelJson(json)), format, flags);
    }
  } else {
    const { readBinaryModel } = await import('../shared/model/binaryModel.js');
    m = await modelFileInput(file, wrap(file, () => readBinaryModel(bytes, format)), format, flags);
  }
  const names: Record<ModelFormat, string> = { torch: 'PyTorch file', safetensors: 'safetensors file', json: 'JSON model' };
  if (m.format !== 'case') {
    const task = flags.data ? `--data ${flags.data} (${m.input.validation.n} samples)` : `--gates ${m.input.gates.join(',')} (${m.input.validation.n} validation, ${m.input.grounding.n} grounding samples)`;
    m = { ...m, notes: [`network: [${m.input.model.layerSizes.join(', ')}] from a ${names[m.format]}; task: ${task}`, ...m.notes] };
    // The whole network's, before any --layers slice: a misread network shows here first.
    const threshold = flags.accuracyThreshold ?? DEFAULT_ACCURACY_THRESHOLD;
    const { notes, warning } = accuracyReport(file, m.input.model, m.input.validation, m.labels ?? m.input.gates, threshold);
    m = { ...m, notes: [...m.notes, ...notes], warnings: [...m.warnings, ...(warning ? [warning] : [])] };
  }
  if (flags.layers) m = applyLayers(file, m, flags.layers);
  checkWidths(file, m.input.model);
  if (m.format !== 'case' && flags.minSparsity === undefined) m = withPaperSparsity(m);
  return m;
}
