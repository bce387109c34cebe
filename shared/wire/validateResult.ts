/**
 * Checks a decoded result message (a shard's result or its failure) field by field and returns it
 * typed, or throws a WireError naming the first wrong field: network results, slice summaries and
 * their grounding distributions, the golden-shaped analysis records. Extra fields are tolerated.
 */
import type { CircuitRecord, FormulaRecord, Mapping } from '../engine/types.js';
import { heldByFloat, packDistribution, type PackedDistribution } from '../engine/packedDistribution.js';
import * as c from './check.js';
import { WireError } from './errors.js';
import { checkpointResult } from './validateCheckpoint.js';
import type { CircuitSliceShardResult, MappingSliceShardResult, NetworkResultAnalysis, NetworkShardResult, OutputResult, ResultMessage, TrainingSummary } from './messages.js';
import { dataset, firstRows, gate, header, iiaModes, matchDims, model } from './validate.js';

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
  if (r.unitKept !== undefined) {
    const outputs = m.layerSizes[m.layerSizes.length - 1] as number;
    const per = c.arrayOf(r.unitKept, `${p}.unitKept`, (v, q) => {
      if (!(v instanceof Float64Array)) c.fail(q, 'a Float64Array', v);
      safeCounts(v, q);
      return v;
    });
    if (per.length !== outputs) c.fail(`${p}.unitKept`, `${outputs} arrays (one per output)`, per.length);
  }
  return r as unknown as NetworkShardResult;
}


function sliceResult(r: c.Rec, p: string): CircuitSliceShardResult {
  c.nonNegativeInt(r.output, `${p}.output`);
  const start = c.nonNegativeInt(r.start, `${p}.start`);
  const end = c.nonNegativeInt(r.end, `${p}.end`);
  if (end < start) c.fail(`${p}.end`, `an integer >= start (${start})`, end);
  firstRows(r, p);
  c.nonNegativeInt(r.candidates, `${p}.candidates`);
  if (r.minimal !== undefined && r.minimal !== true) c.fail(`${p}.minimal`, 'true or absent', r.minimal);
  circuitSummary(r, p, r.minimal === true);
  if (r.packed !== undefined) packedCircuits(r, p);
  if (r.unitKept !== undefined) unitKept(r.unitKept, end - start, r.kept as number, `${p}.unitKept`);
  if (r.valid !== undefined && c.nonNegativeInt(r.valid, `${p}.valid`) < (r.kept as number)) c.fail(`${p}.valid`, `at least kept (${r.kept as number})`, r.valid);
  if (r.countedUnder !== undefined) c.arrayOf(r.countedUnder, `${p}.countedUnder`, (v, q) => countedUnder(v, r.kept as number, q));
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

/** A study slice's counts under one criteria text: at most the slice's kept, its hosts' circuits summing to them. */
function countedUnder(v: unknown, sliceKept: number, p: string): void {
  const x = c.record(v, p);
  const kept = c.nonNegativeInt(x.kept, `${p}.kept`);
  if (kept > sliceKept) c.fail(`${p}.kept`, `at most the slice's kept (${sliceKept})`, kept);
  if (x.groundingsTotal !== null && !(typeof x.groundingsTotal === 'bigint' && x.groundingsTotal >= 0n)) c.fail(`${p}.groundingsTotal`, 'a non-negative bigint or null', x.groundingsTotal);
  if (!(x.hostMasks instanceof Uint32Array)) c.fail(`${p}.hostMasks`, 'a Uint32Array', x.hostMasks);
  if (!(x.hostCircuits instanceof Float64Array)) c.fail(`${p}.hostCircuits`, 'a Float64Array', x.hostCircuits);
  const groups = x.hostCircuits.length;
  if (groups === 0 ? x.hostMasks.length !== 0 : x.hostMasks.length % groups !== 0) c.fail(`${p}.hostMasks`, `the same number of masks for each of ${groups} groups`, x.hostMasks.length);
  const sum = safeCounts(x.hostCircuits, `${p}.hostCircuits`);
  if (sum !== kept) c.fail(`${p}.hostCircuits`, `entries summing to kept (${kept})`, sum);
}

/** A probe's kept circuits per unit: one non-negative integer per unit of the range, summing to kept. */
function unitKept(v: unknown, units: number, kept: number, p: string): void {
  if (!(v instanceof Float64Array)) c.fail(p, 'a Float64Array', v);
  if (v.length !== units) c.fail(p, `${units} entries (one per unit)`, v.length);
  const sum = safeCounts(v, p);
  if (sum !== kept) c.fail(p, `entries summing to kept (${kept})`, sum);
}

/** Kept circuits per unit: non-negative safe integers; returns their sum. */
function safeCounts(v: Float64Array, p: string): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i] as number;
    if (!(Number.isSafeInteger(x) && x >= 0)) c.fail(`${p}[${i}]`, 'a non-negative safe integer', x);
    sum += x;
  }
  return sum;
}

/** kept, the groundings distribution (or null) and the circuit list (or null) of an output or slice. */
function circuitSummary(r: c.Rec, p: string, minimal = false): void {
  const kept = c.nonNegativeInt(r.kept, `${p}.kept`);
  (r as Record<string, unknown>).groundings = c.nullable(r.groundings, `${p}.groundings`, (v, q) => (c.record(v, q).values !== undefined ? plainDistribution(v, q) : packedDistribution(v, q)));
  const list = c.nullable(r.circuits, `${p}.circuits`, (v, q) => c.arrayOf(v, q, circuit));
  if (list) listedCount(list.length, kept, minimal, `${p}.circuits`);
}

/** A list holds every kept circuit, or with `minimal` the slice's minimal ones: at least one of them, at most all. */
function listedCount(n: number, kept: number, minimal: boolean, p: string): void {
  if (!minimal && n !== kept) c.fail(p, `${kept} circuits (kept)`, `${n}`);
  if (minimal && (n > kept || (kept > 0 && n === 0))) c.fail(p, kept === 0 ? 'no circuits (none kept)' : `1 to ${kept} circuits (the slice's minimal ones among those kept)`, n);
}

/**
 * A slice's packed list: its words in one Uint32Array, one grounding (or null) per kept circuit,
 * `circuits` null beside it. The stride is the network's, checked where the network is known
 * (CircuitList.fromPacked); here the words split evenly among the circuits.
 */
function packedCircuits(r: c.Rec, p: string): void {
  const kept = r.kept as number;
  const packed = c.nullable(r.packed, `${p}.packed`, c.record);
  if (packed === null) return;
  if (r.circuits !== null) c.fail(`${p}.circuits`, 'null beside a packed list', r.circuits);
  const { words } = packed;
  if (!(words instanceof Uint32Array)) c.fail(`${p}.packed.words`, 'a Uint32Array', words);
  const groundings = c.arrayOf(packed.groundings, `${p}.packed.groundings`, (v, q) => (v === null ? null : nonNegativeBig(v, q)));
  const n = groundings.length;
  if (r.minimal === true) listedCount(n, kept, true, `${p}.packed.groundings`);
  else if (n !== kept) c.fail(`${p}.packed.groundings`, `${kept} entries (kept)`, n);
  if (n === 0 ? words.length !== 0 : words.length === 0 || words.length % n !== 0) {
    c.fail(`${p}.packed.words`, n === 0 ? 'no words (no circuit listed)' : `a positive multiple of ${n} words (one stride per listed circuit)`, words.length);
  }
}

const nonNegativeBig = (v: unknown, p: string): bigint => (typeof v === 'bigint' && v >= 0n ? v : c.fail(p, 'a non-negative bigint', v));

/**
 * A network output's distribution as run directories of earlier versions stored it (ascending
 * bigint values and their circuits), packed: such a directory still resumes and reports.
 */
function plainDistribution(v: unknown, p: string): PackedDistribution {
  const d = c.record(v, p);
  const values = c.arrayOf(d.values, `${p}.values`, nonNegativeBig);
  const circuits = c.arrayOf(d.circuits, `${p}.circuits`, c.positiveInt);
  if (circuits.length !== values.length) c.fail(`${p}.circuits`, `${values.length} entries (one per value)`, circuits.length);
  for (let i = 1; i < values.length; i++) if (!((values[i - 1] as bigint) < (values[i] as bigint))) c.fail(`${p}.values[${i}]`, 'strictly ascending values', values[i]);
  const total = nonNegativeBig(d.total, `${p}.total`);
  const uncounted = c.nonNegativeInt(d.uncounted, `${p}.uncounted`);
  return packDistribution({ values, circuits, total, uncounted });
}

/** A distribution, packed as outputs and slices carry it (shared/engine/packedDistribution.ts). */
function packedDistribution(v: unknown, p: string): PackedDistribution {
  const d = c.record(v, p);
  const num = d.num;
  const numCircuits = d.numCircuits;
  if (!(num instanceof Float64Array)) c.fail(`${p}.num`, 'a Float64Array', num);
  if (!(numCircuits instanceof Float64Array)) c.fail(`${p}.numCircuits`, 'a Float64Array', numCircuits);
  if (numCircuits.length !== num.length) c.fail(`${p}.numCircuits`, `${num.length} entries (one per count)`, numCircuits.length);
  for (let i = 0; i < num.length; i++) {
    const x = num[i] as number;
    if (!(Number.isInteger(x) && x >= 0)) c.fail(`${p}.num[${i}]`, 'a non-negative integer', x);
    if (i > 0 && !((num[i - 1] as number) < x)) c.fail(`${p}.num[${i}]`, 'strictly ascending counts', x);
    const k = numCircuits[i] as number;
    if (!(Number.isSafeInteger(k) && k > 0)) c.fail(`${p}.numCircuits[${i}]`, 'a positive safe integer', k);
  }
  const big = c.arrayOf(d.big, `${p}.big`, nonNegativeBig);
  const bigCircuits = c.arrayOf(d.bigCircuits, `${p}.bigCircuits`, c.positiveInt);
  if (bigCircuits.length !== big.length) c.fail(`${p}.bigCircuits`, `${big.length} entries (one per count)`, bigCircuits.length);
  big.forEach((x, i) => {
    if (heldByFloat(x)) c.fail(`${p}.big[${i}]`, 'a count that float64 does not hold exactly (those go in num)', x);
    if (i > 0 && !((big[i - 1] as bigint) < x)) c.fail(`${p}.big[${i}]`, 'strictly ascending counts', x);
  });
  nonNegativeBig(d.total, `${p}.total`);
  c.nonNegativeInt(d.uncounted, `${p}.uncounted`);
  return d as unknown as PackedDistribution;
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
  if (f.minimal_mappings === null) c.positiveInt(f.mappings_count, `${p}.mappings_count`);
  else if (f.mappings_count !== undefined) c.fail(`${p}.mappings_count`, 'absent while minimal_mappings is listed', f.mappings_count);
  else c.arrayOf(f.minimal_mappings, `${p}.minimal_mappings`, mapping);
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
