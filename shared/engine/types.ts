/**
 * Plain records that flow through the engine. Everything here is serialisable with msgpackr
 * (typed arrays, numbers, strings, bigint) so the same records cross threads and NATS.
 */

/**
 * Named gates of SEMANTICS.md (seven two-input, two three-input); `as const` object with a derived
 * union (no TS enum). Any truth table is a gate too, named `tt:` + its outputs (gates.ts).
 */
export const Gates = {
  AND: 'AND',
  OR: 'OR',
  IMP: 'IMP',
  NAND: 'NAND',
  NOR: 'NOR',
  NIMP: 'NIMP',
  XOR: 'XOR',
  MAJORITY: 'MAJORITY',
  PARITY: 'PARITY',
} as const;
export type NamedGate = (typeof Gates)[keyof typeof Gates];
/** A truth-table gate: `tt:` and 4, 8 or 16 outputs (checked by gates.ts, not by the type). */
export type TruthTableGate = `tt:${string}`;
export type Gate = NamedGate | TruthTableGate;
export const gateNames: readonly NamedGate[] = Object.values(Gates);

/** A multilayer perceptron: `weights[l]` is row-major `[out][in]`, float32 like the reference. */
export interface NetworkModel {
  readonly layerSizes: readonly number[];
  readonly weights: readonly Float32Array[];
  readonly biases: readonly Float32Array[];
  /** 'identity': the output layer has no LeakyReLU (its value is the pre-activation). Absent: LeakyReLU, the paper's. */
  readonly outputActivation?: 'identity';
}

/** Samples stored row-major: `x[i * nIn + j]`, `y[i * nOut + o]`. */
export interface Dataset {
  readonly n: number;
  readonly nIn: number;
  readonly nOut: number;
  readonly x: Float32Array;
  readonly y: Float32Array;
}

export const IiaPairModes = { lexicographic: 'lexicographic', allPairs: 'all-pairs' } as const;
export type IiaPairs = (typeof IiaPairModes)[keyof typeof IiaPairModes];

export const Stages = { circuits: 'circuits', groundings: 'groundings', mappings: 'mappings' } as const;
export type Stage = (typeof Stages)[keyof typeof Stages];
export const allStages: readonly Stage[] = Object.values(Stages);

/** Analysis settings, already validated and defaulted (see `compileAnalysisOptions`). */
export interface AnalysisOptions {
  readonly minSparsity: number;
  readonly accuracyThreshold: number;
  readonly formulaMaxDepth: number;
  readonly iiaPairs: IiaPairs;
  readonly stages: readonly Stage[];
  /** Count groundings of at most this many kept circuits per output (the rest get null); null: all. */
  readonly maxCircuits: number | null;
}

/** Everything `analyze` needs for one network: the golden case format, parsed and checked. */
export interface AnalysisInput {
  readonly id: string;
  readonly gates: readonly Gate[];
  readonly model: NetworkModel;
  /** Circuit-search (accuracy) set: inputs and one target column per gate. */
  readonly validation: Dataset;
  /** Grounding set: inputs only (nOut = 0). */
  readonly grounding: Dataset;
}

/** One kept circuit, in the golden format: masks as 0/1 arrays. */
export interface CircuitRecord {
  readonly node_masks: number[][];
  readonly edge_masks: number[][][];
  /** Exact count; null when the groundings stage did not run. */
  readonly groundings: bigint | null;
}

/** `{"A+B 4": {"2": [0]}}`: high-level node key -> hidden layer (1-based, string) -> neurons. */
export type Mapping = Record<string, Record<string, number[]>>;

export interface FormulaRecord {
  readonly formula: string;
  /**
   * The formula's minimal mappings; null when the output's minimal mappings pass the listing bound
   * (mappingSearch.ts MAX_MINIMAL_MAPPINGS): then every formula of the output is counted, not listed.
   */
  readonly minimal_mappings: Mapping[] | null;
  /** Present exactly when `minimal_mappings` is null: their number (mappingCount.ts). */
  readonly mappings_count?: number;
}

export interface OutputAnalysis {
  readonly gate: Gate;
  /** Candidate circuits evaluated (after the sparsity filter). */
  readonly candidates: number;
  readonly circuits: CircuitRecord[];
  readonly formulas_checked: number;
  readonly formulas: FormulaRecord[];
}

export interface NetworkAnalysis {
  readonly outputs: OutputAnalysis[];
}
