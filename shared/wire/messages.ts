/**
 * Every message that crosses a thread or NATS boundary: one discriminated union per direction.
 * Validation lives in `validate.ts`; encoding in `codec.ts`.
 */
import type { PackedDistribution } from '../engine/packedDistribution.js';
import type { PackedCircuits } from '../engine/circuitList.js';
import type { MappingSlicePart } from '../engine/mappingSlices.js';
import type { AnalysisOptions, CircuitRecord, Dataset, FormulaRecord, Gate, NetworkModel } from '../engine/types.js';
import type { TrainSpec } from '../train/types.js';
import type { CriterionCounts } from '../engine/criteria.js';
import type { CountedUnder } from '../engine/countUnder.js';

export const WIRE_VERSION = 1;

/**
 * Train one network, then analyse it fully; with `split`, train only: the coordinator then
 * publishes the network's analysis as slice shards.
 */
export interface NetworkShardSpec {
  readonly kind: 'network';
  readonly experiment: number;
  readonly train: TrainSpec;
  readonly analysis: AnalysisOptions;
  /** Most kept circuits listed per output (null: all); above it only the summary travels. */
  readonly listLimit?: number | null;
  /** The analysis runs as slices (planned by the coordinator once the network is trained). */
  readonly split?: boolean;
  /**
   * With `split`: after training, count each output's kept circuits unit by unit (the circuit
   * search alone), so the coordinator plans the slices from them (coordinator/keptProbe.ts).
   */
  readonly probe?: boolean;
  /** Stricter criteria to count under (canonical `parseCriteria` text): the paper's, each alone, all together. */
  readonly criteria?: string;
  /** Also analyse the network every this many epochs of its training (and at the end). */
  readonly checkpoints?: number;
}

/** The network a slice works on: weights and data travel with every slice (they are small). */
export interface SliceTarget {
  readonly model: NetworkModel;
  readonly validation: Dataset;
  readonly grounding: Dataset;
  readonly gates: readonly Gate[];
  readonly output: number;
  readonly analysis: AnalysisOptions;
}

/** Evaluate one unit range of one output's circuit space: an exact summary, the list if short. */
export interface CircuitSliceShardSpec extends SliceTarget {
  readonly kind: 'circuit-slice';
  readonly start: number;
  readonly end: number;
  /**
   * A part of one unit (end = start + 1): its first second-layer row's options [from, to), or past
   * two hidden layers its second-pair edge masks [from, to), in search order. A worker from before
   * the deeper parts refuses such a slice (its engine's range check), never counts it whole.
   */
  readonly firstRows?: readonly [number, number];
  /** The plan's estimate of its work, in shares of the output's (progress and its ETA only). */
  readonly work?: number;
  /** Most kept circuits to list (null: all). */
  readonly listLimit: number | null;
  /**
   * A probe: the circuit search alone, answered with the kept circuits of each unit (`unitKept`),
   * from which the coordinator plans a deep network's slices (coordinator/keptProbe.ts). Whole
   * units only; its analysis counts circuits, nothing is listed.
   */
  readonly probe?: true;
  /**
   * Criteria that judge each circuit alone (canonical `parseCriteria` text of faithful and
   * mean-ablation): only the circuits that pass are kept, listed and grounded; the result says how
   * many the paper's search kept (`valid`). A worker from before them answers without `valid`,
   * which the coordinator refuses (coordinator/sliceAsks.ts), never counts unjudged.
   */
  readonly criteria?: string;
  /** Also answer with the kept circuits of each unit (`unitKept`): the hosts `consistent` reads. */
  readonly unitKept?: true;
  /**
   * A study's: also count the circuits that pass each of these criteria texts (faithful and
   * mean-ablation only), beside the paper's summary (`countedUnder`, in this order). Not with `criteria`.
   */
  readonly countUnder?: readonly string[];
  /**
   * Answer the list packed (`packed`), not as records: a record is about forty times the bytes and
   * its building most of a slice that lists a million circuits. A worker from before it answers
   * records, which the coordinator reads as well.
   */
  readonly packedList?: true;
  /**
   * minimal-circuits (cli/minimalLists.ts): list only the slice's own minimal circuits among those
   * it keeps (`minimal` in the answer); `kept` still counts every one. The output's minimal circuits
   * are the minimal ones among its slices', so only those need travel, and only they are grounded:
   * the answer's `groundings` is null (a worker from before sends every kept circuit's, unread).
   */
  readonly minimalList?: true;
}

/** One slice of one output's what-then-where search (slice `slice` of `of`). */
export interface MappingSliceShardSpec extends Omit<SliceTarget, 'validation' | 'grounding'> {
  readonly kind: 'mapping-slice';
  readonly slice: number;
  readonly of: number;
  /** Most minimal mappings to list (default MAX_MINIMAL_MAPPINGS); past it the slice counts them. */
  readonly listBound?: number;
}

export type ShardSpec = NetworkShardSpec | CircuitSliceShardSpec | MappingSliceShardSpec;

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
  /** Last epoch's loss as the stopping rule saw it (MSE plus any L1/L2 penalty). */
  readonly finalLoss: number;
  /** Last epoch's MSE alone. Optional: results stored before the penalties existed lack it. */
  readonly finalMse?: number;
  /** With dropout: the MSE on the training set in evaluation mode, which convergence reads. */
  readonly evaluationMse?: number;
  readonly epochs: number;
  readonly validationAccuracy: number;
  readonly converged: boolean;
  readonly patternWeights: number[] | null;
}

/**
 * One output of an analysed network as results carry it: the exact summary always, the kept
 * circuits only when there are at most the list limit (null otherwise).
 */
export interface OutputResult {
  readonly gate: Gate;
  readonly candidates: number;
  readonly kept: number;
  /** Null when the groundings stage did not run. */
  readonly groundings: PackedDistribution | null;
  readonly circuits: CircuitRecord[] | null;
  readonly formulas_checked: number;
  readonly formulas: FormulaRecord[];
}

export interface NetworkResultAnalysis {
  readonly outputs: OutputResult[];
}

/** One output of a network at one checkpoint of its training. */
export interface CheckpointOutput {
  readonly kept: number;
  /** Groundings of every kept circuit together; null when that stage did not run. */
  readonly groundingsTotal: bigint | null;
  /** Formulas with at least one minimal mapping. */
  readonly formulas: number;
  /** Minimal mappings of those formulas together. */
  readonly mappings: number;
  /** Every kept circuit's `circuitId`, ascending; null above the list limit. */
  readonly circuitIds: string[] | null;
}

/** The network's explanations after `epoch` epochs of training (`--checkpoints`). */
export interface CheckpointResult {
  readonly epoch: number;
  readonly loss: number;
  readonly validationAccuracy: number;
  readonly outputs: CheckpointOutput[];
}

export interface NetworkShardResult {
  readonly kind: 'network';
  readonly experiment: number;
  readonly training: TrainingSummary;
  readonly model: NetworkModel;
  /** The network's circuit-search and grounding sets, so the case can be re-analysed. */
  readonly data: { readonly validation: Dataset; readonly grounding: Dataset };
  /** Null when the network did not converge (not analysed) or its analysis runs as slices (`split`). */
  readonly analysis: NetworkResultAnalysis | null;
  /** With `checkpoints` in the spec and a converged network: its analysis every N epochs and at the end. */
  readonly checkpoints?: CheckpointResult[];
  /** With `checkpoints`: the first epoch after which the network's validation accuracy reached 0.99 (null: never). */
  readonly firstTaskEpoch?: number | null;
  readonly candidates: number;
  /** With the spec's `criteria`: the counts per output and criteria set. */
  readonly criteria?: CriterionCounts[];
  /** With the spec's `probe` and a converged network: each output's kept circuits per unit. */
  readonly unitKept?: Float64Array[];
}

export interface CircuitSliceShardResult {
  readonly kind: 'circuit-slice';
  readonly output: number;
  readonly start: number;
  readonly end: number;
  /** The spec's part of a unit, when it was one. */
  readonly firstRows?: readonly [number, number];
  readonly candidates: number;
  readonly kept: number;
  /** Packed: typed arrays for the counts a float64 holds, copied whole by the codec. */
  readonly groundings: PackedDistribution | null;
  readonly circuits: CircuitRecord[] | null;
  /** Asked by the spec's `packedList`: the list packed (engine/circuitList.ts), `circuits` then null; null past the limit. */
  readonly packed?: PackedCircuits | null;
  /** Asked by the spec's `minimalList`: the list (packed or records) holds the slice's minimal circuits only, not all `kept`. */
  readonly minimal?: true;
  /** A probe's answer, or asked by the spec: kept circuits of unit start + i at i (end - start entries). */
  readonly unitKept?: Float64Array;
  /** With the spec's `criteria`: the circuits the paper's search kept, before those criteria (at least `kept`). */
  readonly valid?: number;
  /** With the spec's `countUnder`: the counts under each (engine/countUnder.ts). */
  readonly countedUnder?: readonly CountedUnder[];
}

export interface MappingSliceShardResult {
  readonly kind: 'mapping-slice';
  readonly output: number;
  readonly slice: number;
  readonly of: number;
  /** The slice's partial search result; the aggregate merges the slices of an output exactly. */
  readonly part: MappingPart;
}

/** A mapping slice's partial result: one range of candidate formulas (engine/mappingSlices.ts). */
export type MappingPart = MappingSlicePart;

export type ShardResult = NetworkShardResult | CircuitSliceShardResult | MappingSliceShardResult;

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
