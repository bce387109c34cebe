/**
 * Explanations through training: every checkpoint of a network's training analysed with the
 * shard's stages, reduced to the counts and the exact set of kept circuits (as `circuitId`s).
 */
import type { StageHook } from '../engine/analyze.js';
import { circuitId } from '../engine/circuitRecord.js';
import { totalMappings } from '../engine/mappingCount.js';
import type { AnalysisInput, AnalysisOptions } from '../engine/types.js';
import type { TrainingCheckpoint } from '../train/types.js';
import type { CheckpointOutput, CheckpointResult, OutputResult } from '../wire/messages.js';

export type AnalyzeOutput = (input: AnalysisInput, o: number, options: AnalysisOptions, listLimit: number, hook: StageHook) => OutputResult;

export function checkpointOutput(o: OutputResult): CheckpointOutput {
  return {
    kept: o.kept,
    groundingsTotal: o.groundings ? o.groundings.total : null,
    formulas: o.formulas.length,
    mappings: totalMappings(o.formulas),
    circuitIds: o.circuits ? o.circuits.map(circuitId).sort() : null,
  };
}

/**
 * Analyses each checkpoint but the last, whose model is the trained network: `finalOutputs`
 * (its analysis, already done) stands for it.
 */
export function analyseCheckpoints(
  checkpoints: readonly TrainingCheckpoint[],
  base: AnalysisInput,
  finalOutputs: readonly OutputResult[],
  analyze: AnalyzeOutput,
  options: AnalysisOptions,
  listLimit: number,
  hook: StageHook,
): CheckpointResult[] {
  return checkpoints.map((c, i) => {
    const outputs = i === checkpoints.length - 1 ? finalOutputs : base.gates.map((_, o) => analyze({ ...base, model: c.model }, o, options, listLimit, hook));
    return { epoch: c.epoch, loss: c.loss, validationAccuracy: c.validationAccuracy, outputs: outputs.map(checkpointOutput) };
  });
}

/** |A ∩ B| / |A ∪ B| of two id sets; 1 when both are empty (nothing changed). */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  const setA = new Set(a);
  let both = 0;
  for (const id of new Set(b)) if (setA.has(id)) both++;
  const union = setA.size + new Set(b).size - both;
  return union === 0 ? 1 : both / union;
}

/** Circuits born (kept now, not at the previous checkpoint) and died (the reverse). */
export function turnover(prev: readonly string[], cur: readonly string[]): { born: number; died: number } {
  const p = new Set(prev);
  const c = new Set(cur);
  let born = 0;
  let died = 0;
  for (const id of c) if (!p.has(id)) born++;
  for (const id of p) if (!c.has(id)) died++;
  return { born, died };
}

/** What a worker's metrics need of one checkpoint: totals over the network's outputs. */
export interface CheckpointTally {
  readonly epoch: number;
  readonly outputs: number;
  readonly circuits: number;
  readonly born: number;
  readonly died: number;
}

/** The tallies of a result's checkpoints (born/died against the previous checkpoint, listed sets only). */
export function checkpointTallies(checkpoints: readonly CheckpointResult[]): CheckpointTally[] {
  return checkpoints.map((k, i) => {
    let born = 0;
    let died = 0;
    k.outputs.forEach((o, j) => {
      const prev = checkpoints[i - 1]?.outputs[j]?.circuitIds;
      if (prev && o.circuitIds) {
        const t = turnover(prev, o.circuitIds);
        born += t.born;
        died += t.died;
      }
    });
    return { epoch: k.epoch, outputs: k.outputs.length, circuits: k.outputs.reduce((a, o) => a + o.kept, 0), born, died };
  });
}
