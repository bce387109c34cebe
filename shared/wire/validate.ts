/**
 * Checks every field of a decoded wire message and returns it typed, or throws a WireError that
 * names the first wrong field. Extra fields are tolerated so a newer sender can add optional ones.
 */
import { commonArity, gateArity, isGate } from '../engine/gates.js';
import { allStages, IiaPairModes } from '../engine/types.js';
import type { AnalysisOptions, CircuitRecord, Dataset, FormulaRecord, Gate, Mapping } from '../engine/types.js';
import type { GroundingDistribution } from '../engine/groundingDistribution.js';
import type { NetworkModel } from '../engine/types.js';
import { outputActivations, type TrainSpec } from '../train/types.js';
import * as c from './check.js';
import { checkpointResult } from './validateCheckpoint.js';
import { WireError } from './errors.js';
import { CriteriaError, parseCriteria } from '../engine/criteria.js';
import type { CircuitSliceShardResult, CircuitSliceShardSpec, MappingSliceShardResult, MappingSliceShardSpec, NetworkResultAnalysis, NetworkShardResult, OutputResult } from './messages.js';
import type { NetworkShardSpec, ResultMessage, ShardMessage, ShardSpec, TrainingSummary } from './messages.js';
import { WIRE_VERSION } from './messages.js';

const iiaModes = Object.values(IiaPairModes);

export function validateWork(v: unknown): ShardMessage {
  const m = c.record(v, 'message');
  c.literal(m.type, 'shard', 'message.type');
  return shard(m, 'shard');
}

export function validateResult(v: unknown): ResultMessage {
  const m = c.record(v, 'message');
  const type = c.oneOf(m.type, ['shard-result', 'shard-failed'] as const, 'message.type');
  const p = type;
  header(m, p);
  if (type === 'shard-failed') {
    c.nonEmptyString(m.code, `${p}.code`);
    c.string(m.message, `${p}.message`);
    c.boolean(m.retryable, `${p}.retryable`);
  } else {
    c.string(m.worker, `${p}.worker`);
    c.nonNegative(m.durationMs, `${p}.durationMs`);
    if (m.delivery !== undefined) c.positiveInt(m.delivery, `${p}.delivery`);
    const stageMs = c.record(m.stageMs, `${p}.stageMs`);
    for (const [k, ms] of Object.entries(stageMs)) c.nonNegative(ms, `${p}.stageMs.${k}`);
    shardResult(m.result, `${p}.result`);
  }
  return m as unknown as ResultMessage;
}

/** Version, plan and shard id shared by every message; the id must be `${planId}:${index}`. */
function header(m: c.Rec, p: string): void {
  c.literal(m.v, WIRE_VERSION, `${p}.v`);
  const planId = c.nonEmptyString(m.planId, `${p}.planId`);
  const id = c.nonEmptyString(m.shardId, `${p}.shardId`);
  if (!id.startsWith(`${planId}:`)) c.fail(`${p}.shardId`, `"${planId}:<index>"`, id);
}

function shard(m: c.Rec, p: string): ShardMessage {
  header(m, p);
  const index = c.nonNegativeInt(m.index, `${p}.index`);
  if (m.shardId !== `${String(m.planId)}:${index}`) c.fail(`${p}.shardId`, `"${String(m.planId)}:${index}"`, m.shardId);
  shardSpec(m.spec, `${p}.spec`);
  return m as unknown as ShardMessage;
}

function shardSpec(v: unknown, p: string): ShardSpec {
  const s = c.record(v, p);
  const kind = c.oneOf(s.kind, ['network', 'circuit-slice', 'mapping-slice'] as const, `${p}.kind`);
  if (kind === 'network') return networkSpec(s, p);
  return kind === 'circuit-slice' ? sliceSpec(s, p) : mappingSliceSpec(s, p);
}

const listLimit = (v: unknown, p: string): void => {
  c.nullable(v, p, c.nonNegativeInt);
};

function networkSpec(s: c.Rec, p: string): NetworkShardSpec {
  c.nonNegativeInt(s.experiment, `${p}.experiment`);
  trainSpec(s.train, `${p}.train`);
  analysisOptions(s.analysis, `${p}.analysis`);
  if (s.listLimit !== undefined) listLimit(s.listLimit, `${p}.listLimit`);
  if (s.split !== undefined) c.boolean(s.split, `${p}.split`);
  if (s.criteria !== undefined) criteriaText(s.criteria, `${p}.criteria`);
  if (s.checkpoints !== undefined) c.positiveInt(s.checkpoints, `${p}.checkpoints`);
  return s as unknown as NetworkShardSpec;
}

/** A criteria text that parseCriteria accepts. */
function criteriaText(v: unknown, p: string): void {
  const text = c.string(v, p);
  try {
    parseCriteria(text);
  } catch (err) {
    if (err instanceof CriteriaError) c.fail(p, 'criteria names (shared/engine/criteria.ts)', text);
    throw err;
  }
}

/** Model, gates and output of a slice; returns the model. */
function sliceTarget(s: c.Rec, p: string): NetworkModel {
  const m = model(s.model, `${p}.model`);
  const gates = gateList(s.gates, `${p}.gates`);
  const nOut = m.layerSizes[m.layerSizes.length - 1] ?? 0;
  if (nOut !== gates.length) c.fail(`${p}.model.layerSizes`, `${gates.length} outputs (one per gate)`, nOut);
  const arity = commonArity(gates);
  if (m.layerSizes[0] !== arity) c.fail(`${p}.model.layerSizes[0]`, `${arity} inputs (the gates' arity)`, m.layerSizes[0]);
  const output = c.nonNegativeInt(s.output, `${p}.output`);
  if (output >= gates.length) c.fail(`${p}.output`, `an output index below ${gates.length}`, output);
  analysisOptions(s.analysis, `${p}.analysis`);
  return m;
}

function mappingSliceSpec(s: c.Rec, p: string): MappingSliceShardSpec {
  sliceTarget(s, p);
  const of = c.positiveInt(s.of, `${p}.of`);
  const slice = c.nonNegativeInt(s.slice, `${p}.slice`);
  if (slice >= of) c.fail(`${p}.slice`, `a slice index below ${of}`, slice);
  return s as unknown as MappingSliceShardSpec;
}

function sliceSpec(s: c.Rec, p: string): CircuitSliceShardSpec {
  const m = sliceTarget(s, p);
  const gates = s.gates as Gate[];
  const nIn = m.layerSizes[0] ?? 0;
  const validation = dataset(s.validation, `${p}.validation`);
  matchDims(validation, nIn, [gates.length], `${p}.validation`);
  const grounding = dataset(s.grounding, `${p}.grounding`);
  matchDims(grounding, nIn, [0, gates.length], `${p}.grounding`);
  const start = c.nonNegativeInt(s.start, `${p}.start`);
  const end = c.nonNegativeInt(s.end, `${p}.end`);
  if (end < start) c.fail(`${p}.end`, `an integer >= start (${start})`, end);
  listLimit(s.listLimit, `${p}.listLimit`);
  return s as unknown as CircuitSliceShardSpec;
}

function matchDims(d: Dataset, nIn: number, nOuts: readonly number[], p: string): void {
  if (d.nIn !== nIn) c.fail(`${p}.nIn`, `${nIn} (the model's input width)`, d.nIn);
  if (!nOuts.includes(d.nOut)) c.fail(`${p}.nOut`, nOuts.join(' or '), d.nOut);
}

function gate(v: unknown, p: string): Gate {
  return isGate(v) ? v : c.fail(p, 'a gate name (AND, ..., PARITY or tt:<outputs>)', v);
}

function gateList(v: unknown, p: string): Gate[] {
  const gates = c.arrayOf(v, p, gate);
  if (gates.length === 0) c.fail(p, 'at least one gate', v);
  if (new Set(gates.map(gateArity)).size > 1) c.fail(p, 'gates of one arity (one input width per network)', gates.join(','));
  return gates;
}

export function model(v: unknown, p: string): NetworkModel {
  const m = c.record(v, p);
  const sizes = c.arrayOf(m.layerSizes, `${p}.layerSizes`, c.positiveInt);
  if (sizes.length < 2) c.fail(`${p}.layerSizes`, 'at least 2 layers', m.layerSizes);
  const layers = sizes.length - 1;
  const weights = c.array(m.weights, `${p}.weights`);
  const biases = c.array(m.biases, `${p}.biases`);
  if (weights.length !== layers) c.fail(`${p}.weights`, `${layers} matrices (layerSizes.length - 1)`, weights);
  if (biases.length !== layers) c.fail(`${p}.biases`, `${layers} vectors (layerSizes.length - 1)`, biases);
  for (let l = 0; l < layers; l++) {
    const rows = sizes[l + 1] ?? 0;
    c.float32(weights[l], rows * (sizes[l] ?? 0), `${p}.weights[${l}]`);
    c.float32(biases[l], rows, `${p}.biases[${l}]`);
  }
  if (m.outputActivation !== undefined) c.oneOf(m.outputActivation, ['identity'] as const, `${p}.outputActivation`);
  return m as unknown as NetworkModel;
}

export function dataset(v: unknown, p: string): Dataset {
  const d = c.record(v, p);
  const n = c.nonNegativeInt(d.n, `${p}.n`);
  const nIn = c.nonNegativeInt(d.nIn, `${p}.nIn`);
  const nOut = c.nonNegativeInt(d.nOut, `${p}.nOut`);
  c.float32(d.x, n * nIn, `${p}.x`);
  c.float32(d.y, n * nOut, `${p}.y`);
  return d as unknown as Dataset;
}

export function analysisOptions(v: unknown, p: string): AnalysisOptions {
  const a = c.record(v, p);
  c.unit(a.minSparsity, `${p}.minSparsity`);
  c.unit(a.accuracyThreshold, `${p}.accuracyThreshold`);
  c.nonNegativeInt(a.formulaMaxDepth, `${p}.formulaMaxDepth`);
  c.oneOf(a.iiaPairs, iiaModes, `${p}.iiaPairs`);
  const stages = c.arrayOf(a.stages, `${p}.stages`, (s, q) => c.oneOf(s, allStages, q));
  if (new Set(stages).size !== stages.length) c.fail(`${p}.stages`, 'distinct stages', a.stages);
  c.nullable(a.maxCircuits, `${p}.maxCircuits`, c.nonNegativeInt);
  return a as unknown as AnalysisOptions;
}

export function trainSpec(v: unknown, p: string): TrainSpec {
  const t = c.record(v, p);
  gateList(t.gates, `${p}.gates`);
  c.arrayOf(t.hidden, `${p}.hidden`, c.positiveInt);
  c.integer(t.seed, `${p}.seed`);
  c.positive(t.learningRate, `${p}.learningRate`);
  c.nonNegative(t.lossTarget, `${p}.lossTarget`);
  c.nonNegative(t.noiseStd, `${p}.noiseStd`);
  c.boolean(t.skewed, `${p}.skewed`);
  for (const k of ['maxEpochs', 'batchSize', 'trainRepeats', 'validationRepeats', 'groundingRepeats'] as const) {
    c.positiveInt(t[k], `${p}.${k}`);
  }
  c.nonNegative(t.weightDecay, `${p}.weightDecay`);
  c.nonNegativeInt(t.patience, `${p}.patience`);
  for (const k of ['l1', 'l2'] as const) if (t[k] !== undefined) c.nonNegative(t[k], `${p}.${k}`);
  if (t.dropout !== undefined) {
    c.nonNegative(t.dropout, `${p}.dropout`);
    if ((t.dropout as number) >= 1) c.fail(`${p}.dropout`, 'a rate below 1', t.dropout);
  }
  if (t.outputActivation !== undefined) c.oneOf(t.outputActivation, outputActivations, `${p}.outputActivation`);
  return t as unknown as TrainSpec;
}

function shardResult(v: unknown, p: string): void {
  const r = c.record(v, p);
  const kind = c.oneOf(r.kind, ['network', 'circuit-slice', 'mapping-slice'] as const, `${p}.kind`);
  if (kind === 'network') networkResult(r, p);
  else if (kind === 'circuit-slice') sliceResult(r, p);
  else mappingSliceResult(r, p);
}

function networkResult(r: c.Rec, p: string): NetworkShardResult {
  c.nonNegativeInt(r.experiment, `${p}.experiment`);
  trainingSummary(r.training, `${p}.training`);
  const m = model(r.model, `${p}.model`);
  const data = c.record(r.data, `${p}.data`);
  const validation = dataset(data.validation, `${p}.data.validation`);
  const grounding = dataset(data.grounding, `${p}.data.grounding`);
  const nIn = m.layerSizes[0] as number;
  matchDims(validation, nIn, [m.layerSizes[m.layerSizes.length - 1] as number], `${p}.data.validation`);
  matchDims(grounding, nIn, [0, m.layerSizes[m.layerSizes.length - 1] as number], `${p}.data.grounding`);
  c.nullable(r.analysis, `${p}.analysis`, analysis);
  c.nonNegativeInt(r.candidates, `${p}.candidates`);
  if (r.criteria !== undefined) {
    c.arrayOf(r.criteria, `${p}.criteria`, (row, q) => {
      const x = c.record(row, q);
      c.nonEmptyString(x.criteria, `${q}.criteria`);
      for (const k of ['output', 'circuits', 'formulas', 'mappings'] as const) c.nonNegativeInt(x[k], `${q}.${k}`);
    });
  }
  if (r.checkpoints !== undefined) c.arrayOf(r.checkpoints, `${p}.checkpoints`, checkpointResult);
  if (r.firstTaskEpoch !== undefined) c.nullable(r.firstTaskEpoch, `${p}.firstTaskEpoch`, c.positiveInt);
  return r as unknown as NetworkShardResult;
}


function sliceResult(r: c.Rec, p: string): CircuitSliceShardResult {
  c.nonNegativeInt(r.output, `${p}.output`);
  const start = c.nonNegativeInt(r.start, `${p}.start`);
  const end = c.nonNegativeInt(r.end, `${p}.end`);
  if (end < start) c.fail(`${p}.end`, `an integer >= start (${start})`, end);
  c.nonNegativeInt(r.candidates, `${p}.candidates`);
  circuitSummary(r, p);
  return r as unknown as CircuitSliceShardResult;
}

function mappingSliceResult(r: c.Rec, p: string): MappingSliceShardResult {
  c.nonNegativeInt(r.output, `${p}.output`);
  const of = c.positiveInt(r.of, `${p}.of`);
  const slice = c.nonNegativeInt(r.slice, `${p}.slice`);
  if (slice >= of) c.fail(`${p}.slice`, `a slice index below ${of}`, slice);
  const part = c.record(r.part, `${p}.part`);
  for (const k of ['index', 'gateTable', 'maxDepth', 'start', 'end', 'candidates', 'formulasChecked'] as const) c.nonNegativeInt(part[k], `${p}.part.${k}`);
  c.positiveInt(part.of, `${p}.part.of`);
  c.oneOf(part.mode, iiaModes, `${p}.part.mode`);
  c.arrayOf(part.formulas, `${p}.part.formulas`, formula);
  return r as unknown as MappingSliceShardResult;
}

/** kept, the groundings distribution (or null) and the circuit list (or null) of an output or slice. */
function circuitSummary(r: c.Rec, p: string): void {
  const kept = c.nonNegativeInt(r.kept, `${p}.kept`);
  c.nullable(r.groundings, `${p}.groundings`, distribution);
  const list = c.nullable(r.circuits, `${p}.circuits`, (v, q) => c.arrayOf(v, q, circuit));
  if (list && list.length !== kept) c.fail(`${p}.circuits`, `${kept} circuits (kept)`, `${list.length}`);
}

const nonNegativeBig = (v: unknown, p: string): bigint => (typeof v === 'bigint' && v >= 0n ? v : c.fail(p, 'a non-negative bigint', v));

function distribution(v: unknown, p: string): GroundingDistribution {
  const d = c.record(v, p);
  const values = c.arrayOf(d.values, `${p}.values`, nonNegativeBig);
  const circuits = c.arrayOf(d.circuits, `${p}.circuits`, c.positiveInt);
  if (circuits.length !== values.length) c.fail(`${p}.circuits`, `${values.length} entries (one per value)`, circuits.length);
  for (let i = 1; i < values.length; i++) if (!((values[i - 1] as bigint) < (values[i] as bigint))) c.fail(`${p}.values[${i}]`, 'strictly ascending values', values[i]);
  nonNegativeBig(d.total, `${p}.total`);
  c.nonNegativeInt(d.uncounted, `${p}.uncounted`);
  return d as unknown as GroundingDistribution;
}

function trainingSummary(v: unknown, p: string): TrainingSummary {
  const t = c.record(v, p);
  c.finite(t.finalLoss, `${p}.finalLoss`);
  if (t.finalMse !== undefined) c.finite(t.finalMse, `${p}.finalMse`);
  if (t.evaluationMse !== undefined) c.finite(t.evaluationMse, `${p}.evaluationMse`);
  c.nonNegativeInt(t.epochs, `${p}.epochs`);
  c.unit(t.validationAccuracy, `${p}.validationAccuracy`);
  c.boolean(t.converged, `${p}.converged`);
  c.nullable(t.patternWeights, `${p}.patternWeights`, (w, q) => c.arrayOf(w, q, c.finite));
  return t as unknown as TrainingSummary;
}

function analysis(v: unknown, p: string): NetworkResultAnalysis {
  const a = c.record(v, p);
  c.arrayOf(a.outputs, `${p}.outputs`, outputAnalysis);
  return a as unknown as NetworkResultAnalysis;
}

function outputAnalysis(v: unknown, p: string): OutputResult {
  const o = c.record(v, p);
  gate(o.gate, `${p}.gate`);
  c.nonNegativeInt(o.candidates, `${p}.candidates`);
  circuitSummary(o, p);
  c.nonNegativeInt(o.formulas_checked, `${p}.formulas_checked`);
  c.arrayOf(o.formulas, `${p}.formulas`, formula);
  return o as unknown as OutputResult;
}

const bit = (v: unknown, p: string): number => (v === 0 || v === 1 ? v : c.fail(p, '0 or 1', v));

function circuit(v: unknown, p: string): CircuitRecord {
  const r = c.record(v, p);
  c.arrayOf(r.node_masks, `${p}.node_masks`, (row, q) => c.arrayOf(row, q, bit));
  c.arrayOf(r.edge_masks, `${p}.edge_masks`, (m, q) => c.arrayOf(m, q, (row, s) => c.arrayOf(row, s, bit)));
  if (r.groundings !== null && (typeof r.groundings !== 'bigint' || r.groundings < 0n)) {
    c.fail(`${p}.groundings`, 'a non-negative bigint or null', r.groundings);
  }
  return r as unknown as CircuitRecord;
}

function formula(v: unknown, p: string): FormulaRecord {
  const f = c.record(v, p);
  c.nonEmptyString(f.formula, `${p}.formula`);
  c.arrayOf(f.minimal_mappings, `${p}.minimal_mappings`, mapping);
  return f as unknown as FormulaRecord;
}

/** `{"A+B 4": {"2": [0]}}`: node key -> hidden layer -> neuron indices. */
function mapping(v: unknown, p: string): Mapping {
  for (const [node, layers] of Object.entries(c.record(v, p))) {
    for (const [layer, neurons] of Object.entries(c.record(layers, `${p}.${node}`))) {
      if (!/^[1-9][0-9]*$/.test(layer)) throw new WireError(`${p}.${node}: expected hidden-layer keys "1", "2", …, got "${layer}"`);
      c.arrayOf(neurons, `${p}.${node}.${layer}`, c.nonNegativeInt);
    }
  }
  return v as Mapping;
}
