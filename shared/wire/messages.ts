/**
 * Every message that crosses a thread or NATS boundary: one discriminated union per direction.
 * Validation lives in `validate.ts`; encoding in `codec.ts`.
 */
import type { AnalysisOptions, Dataset, Gate, NetworkAnalysis, NetworkModel } from '../engine/types.js';
import type { TrainSpec } from '../train/types.js';

export const WIRE_VERSION = 1;

/** Train one network, then analyse it fully. */
export interface NetworkShardSpec {
  readonly kind: 'network';
  readonly experiment: number;
  readonly train: TrainSpec;
  readonly analysis: AnalysisOptions;
}

/** Evaluate one index range of one output's circuit space of a given network. */
export interface CircuitSliceShardSpec {
  readonly kind: 'circuit-slice';
  readonly model: NetworkModel;
  readonly validation: Dataset;
  readonly grounding: Dataset;
  readonly gates: readonly Gate[];
  readonly output: number;
  readonly start: number;
  readonly end: number;
  readonly analysis: AnalysisOptions;
}

export type ShardSpec = NetworkShardSpec | CircuitSliceShardSpec;

export interface ShardMessage {
  readonly type: 'shard';
  readonly v: typeof WIRE_VERSION;
  readonly planId: string;
  /** `${planId}:${index}`: JetStream msgID and the aggregate's de-duplication key. */
  readonly shardId: string;
  readonly index: number;
  readonly spec: ShardSpec;
}

export interface TrainingSummary {
  readonly finalLoss: number;
  readonly epochs: number;
  readonly validationAccuracy: number;
  readonly converged: boolean;
  readonly patternWeights: number[] | null;
}

export interface NetworkShardResult {
  readonly kind: 'network';
  readonly experiment: number;
  readonly training: TrainingSummary;
  readonly model: NetworkModel;
  /** The network's circuit-search and grounding sets, so the case can be re-analysed. */
  readonly data: { readonly validation: Dataset; readonly grounding: Dataset };
  /** Null when the network did not converge (not analysed). */
  readonly analysis: NetworkAnalysis | null;
  readonly candidates: number;
}

export interface CircuitSliceShardResult {
  readonly kind: 'circuit-slice';
  readonly output: number;
  readonly start: number;
  readonly end: number;
  readonly candidates: number;
  readonly circuits: NetworkAnalysis['outputs'][number]['circuits'];
}

export type ShardResult = NetworkShardResult | CircuitSliceShardResult;

export interface ShardResultMessage {
  readonly type: 'shard-result';
  readonly v: typeof WIRE_VERSION;
  readonly planId: string;
  readonly shardId: string;
  readonly worker: string;
  readonly durationMs: number;
  /** Which delivery of the shard produced this result (1: the first), so the coordinator can count
   *  redeliveries it never sees itself. Optional: results stored before it existed lack it. */
  readonly delivery?: number;
  /** Milliseconds per stage (train, circuits, groundings, mappings); not part of the answer. */
  readonly stageMs: Record<string, number>;
  readonly result: ShardResult;
}

export interface ShardFailedMessage {
  readonly type: 'shard-failed';
  readonly v: typeof WIRE_VERSION;
  readonly planId: string;
  readonly shardId: string;
  readonly code: string;
  readonly message: string;
  /** False for a malformed shard (terminated); true for transient faults. */
  readonly retryable: boolean;
}

export type WorkMessage = ShardMessage;
export type ResultMessage = ShardResultMessage | ShardFailedMessage;
