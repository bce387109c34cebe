/**
 * Checks every field of a decoded wire message and returns it typed, or throws a WireError that
 * names the first wrong field. Extra fields are tolerated so a newer sender can add optional ones.
 * This module: work messages, their specs and the pieces both directions share; results are
 * checked in validateResult.ts.
 */
import { commonArity, gateArity, isGate } from '../engine/gates.js';
import { allStages, IiaPairModes } from '../engine/types.js';
import type { AnalysisOptions, Dataset, Gate } from '../engine/types.js';
import type { NetworkModel } from '../engine/types.js';
import { outputActivations, type TrainSpec } from '../train/types.js';
import * as c from './check.js';
import { CriteriaError, hasMappingCriteria, judgedAlone, parseCriteria, type Criteria } from '../engine/criteria.js';
import type { CircuitSliceShardSpec, MappingSliceShardSpec, NetworkShardSpec, ShardMessage, ShardSpec } from './messages.js';
import { WIRE_VERSION } from './messages.js';

export const iiaModes = Object.values(IiaPairModes);

export function validateWork(v: unknown): ShardMessage {
  const m = c.record(v, 'message');
  c.literal(m.type, 'shard', 'message.type');
  return shard(m, 'shard');
}

/** Version, plan and shard id shared by every message; the id must be `${planId}:${index}`. */
export function header(m: c.Rec, p: string): void {
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
  if (s.probe !== undefined && c.boolean(s.probe, `${p}.probe`) && s.split !== true) c.fail(`${p}.probe`, 'absent or false without split', s.probe);
  if (s.criteria !== undefined) criteriaText(s.criteria, `${p}.criteria`);
  if (s.checkpoints !== undefined) c.positiveInt(s.checkpoints, `${p}.checkpoints`);
  return s as unknown as NetworkShardSpec;
}

/** A criteria text that parseCriteria accepts. */
function criteriaText(v: unknown, p: string): Criteria {
  const text = c.string(v, p);
  try {
    return parseCriteria(text);
  } catch (err) {
    if (err instanceof CriteriaError) c.fail(p, 'criteria names (shared/engine/criteria.ts)', text);
    throw err;
  }
}

/** A criteria text of criteria that judge each circuit alone (faithful, mean-ablation) and of no other. */
function judgedAloneCriteria(v: unknown, p: string): void {
  const judged = criteriaText(v, p);
  if (!judgedAlone(judged) || judged.minimalCircuits || hasMappingCriteria(judged)) c.fail(p, 'criteria that judge each circuit alone (faithful, mean-ablation)', v);
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
  if (s.listBound !== undefined) c.nonNegativeInt(s.listBound, `${p}.listBound`);
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
  firstRows(s, p);
  if (s.work !== undefined) c.nonNegative(s.work, `${p}.work`);
  listLimit(s.listLimit, `${p}.listLimit`);
  if (s.probe !== undefined) {
    if (s.probe !== true) c.fail(`${p}.probe`, 'true or absent', s.probe);
    if (s.firstRows !== undefined) c.fail(`${p}.firstRows`, 'absent in a probe (it covers whole units)', s.firstRows);
  }
  if (s.criteria !== undefined) {
    judgedAloneCriteria(s.criteria, `${p}.criteria`);
    if (s.probe !== undefined) c.fail(`${p}.criteria`, 'absent in a probe', s.criteria);
  }
  if (s.unitKept !== undefined && s.unitKept !== true) c.fail(`${p}.unitKept`, 'true or absent', s.unitKept);
  if (s.packedList !== undefined && s.packedList !== true) c.fail(`${p}.packedList`, 'true or absent', s.packedList);
  if (s.minimalList !== undefined && s.minimalList !== true) c.fail(`${p}.minimalList`, 'true or absent', s.minimalList);
  if (s.countUnder !== undefined) {
    if (s.criteria !== undefined || s.probe !== undefined) c.fail(`${p}.countUnder`, 'absent with criteria or in a probe', s.countUnder);
    c.arrayOf(s.countUnder, `${p}.countUnder`, judgedAloneCriteria);
  }
  return s as unknown as CircuitSliceShardSpec;
}

/** A slice's optional part of one unit: [from, to) with from < to, and end = start + 1. */
export function firstRows(s: c.Rec, p: string): void {
  if (s.firstRows === undefined) return;
  const rows = c.arrayOf(s.firstRows, `${p}.firstRows`, (v, q) => c.nonNegativeInt(v, q));
  if (rows.length !== 2 || !((rows[0] as number) < (rows[1] as number))) c.fail(`${p}.firstRows`, 'two option indices [from, to) with from < to', s.firstRows);
  if (s.end !== (s.start as number) + 1) c.fail(`${p}.end`, `start + 1 (a part is of one unit)`, s.end);
}

export function matchDims(d: Dataset, nIn: number, nOuts: readonly number[], p: string): void {
  if (d.nIn !== nIn) c.fail(`${p}.nIn`, `${nIn} (the model's input width)`, d.nIn);
  if (!nOuts.includes(d.nOut)) c.fail(`${p}.nOut`, nOuts.join(' or '), d.nOut);
}

export function gate(v: unknown, p: string): Gate {
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
