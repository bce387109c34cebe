/**
 * aggregate: finished shard results in plan order become the study's records: one results.jsonl
 * line per network, a df_out.csv row per converged network, and a re-analysable case file each.
 * Timings live in a separate field so that two runs can be compared without them.
 */
import type { Dataset, NetworkModel } from '../shared/engine/types.js';
import { mappingCount } from '../shared/engine/mappingCount.js';
import type { CheckpointResult, NetworkShardResult, NetworkShardSpec, ResultMessage } from '../shared/wire/messages.js';
import { groundingsCell } from '../shared/results/studyRow.js';
import { countJson, outputResultJson } from './analysisJson.js';
import { jaccard, turnover } from '../shared/evaluate/checkpoints.js';
import type { Plan } from './plan.js';
import type { CheckpointRow, StudyRow } from '../shared/results/studyRow.js';

export interface NetworkOutcome {
  readonly index: number;
  readonly spec: NetworkShardSpec;
  readonly message: ResultMessage;
}

function settingsOf(plan: Plan, spec: NetworkShardSpec): Record<string, unknown> {
  const t = spec.train;
  const a = spec.analysis;
  return {
    gates: t.gates,
    hidden: t.hidden,
    seed: t.seed,
    seed_offset: t.seed - plan.config.seed,
    learning_rate: t.learningRate,
    loss_target: t.lossTarget,
    noise_std: t.noiseStd,
    skewed: t.skewed,
    max_epochs: t.maxEpochs,
    batch_size: t.batchSize,
    patience: t.patience,
    l1_lambda: t.l1 ?? 0,
    l2_lambda: t.l2 ?? 0,
    dropout_rate: t.dropout ?? 0,
    output_activation: t.outputActivation ?? 'leaky-relu',
    min_sparsity: a.minSparsity,
    accuracy_threshold: a.accuracyThreshold,
    formula_max_depth: a.formulaMaxDepth,
    iia_pairs: a.iiaPairs,
  };
}

/** One results.jsonl record. */
export function resultRecord(plan: Plan, n: NetworkOutcome): Record<string, unknown> {
  const base = { index: n.index, shard_id: n.message.shardId, config: settingsOf(plan, n.spec) };
  if (n.message.type === 'shard-failed') return { ...base, status: 'failed', error: { code: n.message.code, message: n.message.message } };
  const r = n.message.result as NetworkShardResult;
  return {
    ...base,
    status: 'ok',
    training: {
      final_loss: r.training.finalLoss,
      ...(r.training.finalMse !== undefined && { final_mse: r.training.finalMse }),
      ...(r.training.evaluationMse !== undefined && { evaluation_mse: r.training.evaluationMse }),
      epochs: r.training.epochs,
      validation_accuracy: r.training.validationAccuracy,
      converged: r.training.converged,
      pattern_weights: r.training.patternWeights,
    },
    analysis: r.analysis ? { outputs: r.analysis.outputs.map(outputResultJson) } : null,
    ...(r.checkpoints && { first_task_epoch: r.firstTaskEpoch ?? null, checkpoints: r.checkpoints.map(checkpointJson) }),
    ...(r.criteria && { criteria: r.criteria }),
    timings: { worker: n.message.worker, duration_ms: n.message.durationMs, stage_ms: n.message.stageMs },
  };
}

export function studyRow(plan: Plan, n: NetworkOutcome): StudyRow | null {
  if (n.message.type !== 'shard-result') return null;
  const r = n.message.result as NetworkShardResult;
  if (!r.analysis) return null;
  const t = n.spec.train;
  const outs = r.analysis.outputs;
  return {
    study: plan.study,
    gates: t.gates,
    n_gates: t.gates.length,
    sizes: [r.model.layerSizes[0] as number, ...t.hidden, t.gates.length],
    seed_offset: t.seed - plan.config.seed,
    perfect_circuits: outs.map((o) => o.kept),
    interpretations_per_circuit: outs.map(groundingsCell),
    formulas: outs.map((o) => o.formulas.length),
    mappings_per_formula: outs.map((o) => o.formulas.map(mappingCount)),
    loss_target: t.lossTarget,
    learning_rate: t.learningRate,
    depth: t.hidden.length,
    weights: r.training.patternWeights,
    noise_std: t.noiseStd,
    l1_lambda: t.l1 ?? 0,
    l2_lambda: t.l2 ?? 0,
    dropout_rate: t.dropout ?? 0,
    output_activation: t.outputActivation ?? 'leaky-relu',
    patience: t.patience,
    ...(r.checkpoints && { checkpoints: checkpointRows(r.checkpoints), first_task_epoch: r.firstTaskEpoch ?? null }),
    ...(r.criteria && { criteria: r.criteria }),
  };
}

/** One results.jsonl checkpoint: counts and the kept circuits' ids (circuitRecord.ts `circuitId`). */
function checkpointJson(k: CheckpointResult): Record<string, unknown> {
  return {
    epoch: k.epoch,
    loss: k.loss,
    validation_accuracy: k.validationAccuracy,
    outputs: k.outputs.map((o) => ({ kept: o.kept, groundings_total: countJson(o.groundingsTotal), formulas: o.formulas, mappings: o.mappings, circuits: o.circuitIds })),
  };
}

export function checkpointRows(ks: readonly CheckpointResult[]): CheckpointRow[] {
  return ks.map((k, i) => {
    const prev = ks[i - 1];
    const pair = (o: number): [string[], string[]] | null => {
      const a = prev?.outputs[o]?.circuitIds;
      const b = k.outputs[o]?.circuitIds;
      return a && b ? [a, b] : null;
    };
    return {
      epoch: k.epoch,
      circuits: k.outputs.map((o) => o.kept),
      jaccard: k.outputs.map((_, o) => {
        const p = pair(o);
        return p ? jaccard(...p) : null;
      }),
      born: k.outputs.map((_, o) => {
        const p = pair(o);
        return p ? turnover(...p).born : null;
      }),
      died: k.outputs.map((_, o) => {
        const p = pair(o);
        return p ? turnover(...p).died : null;
      }),
    };
  });
}

export const matrixRows = (w: Float32Array, rows: number, cols: number): number[][] => Array.from({ length: rows }, (_, i) => Array.from(w.subarray(i * cols, (i + 1) * cols)));

function datasetRows(d: Dataset, withY: boolean): { x: number[][]; y: number[][] } {
  return { x: matrixRows(d.x, d.n, d.nIn), y: withY ? matrixRows(d.y, d.n, d.nOut) : [] };
}

/** A model in the case-file (golden) format. */
export function modelJson(m: NetworkModel): unknown {
  const s = m.layerSizes;
  return {
    layer_sizes: s,
    activation: 'leaky_relu',
    ...(m.outputActivation === 'identity' && { output_activation: 'identity' }),
    weights: m.weights.map((w, l) => matrixRows(w, s[l + 1] as number, s[l] as number)),
    biases: m.biases.map((b) => Array.from(b)),
  };
}

/** The network as a case file that `identifiability analyze` re-runs (golden format). */
export function caseFile(plan: Plan, n: NetworkOutcome): Record<string, unknown> | null {
  if (n.message.type !== 'shard-result') return null;
  const r = n.message.result as NetworkShardResult;
  const s = settingsOf(plan, n.spec);
  const val = datasetRows(r.data.validation, true);
  return {
    id: `${plan.study}-${n.index}-s${n.spec.train.seed}`,
    config: { ...s, activation: 'leaky_relu', negative_slope: 0.01, converged: r.training.converged },
    model: modelJson(r.model),
    data: { x_val: val.x, y_val: val.y, x_tt: datasetRows(r.data.grounding, false).x },
  };
}
