/** The engine's public surface: one network in, every count of the paper out. Pure and synchronous. */
export { analyzeNetwork, analyzeOutput, type StageHook, type UnitRange } from './analyze.js';
export { circuitSpace, edgeMaskCount, sliceBoundaries, type CircuitSpace } from './circuitSpace.js';
export { toCircuitRecord, fromCircuitRecord, circuitKey, type CircuitCode } from './circuitRecord.js';
export { evaluateCircuits, type KeptCircuitSink } from './evaluateCircuits.js';
export { groundingCount, localGateCount } from './groundingCount.js';
export { groundingPatterns, nodeTables } from './truthTables.js';
export { candidateCount, candidateFormulas, candidateRange, formulaText } from './formulas.js';
export { firstNegation } from './negationSearch.js';
export { mappingSearch, iiaPairs, type MappingSearchResult } from './mappingSearch.js';
export {
  mappingSearchSlice,
  mergeMappingSlices,
  mappingSliceBoundaries,
  mappingSpaceSize,
  MappingSliceError,
  type MappingSlice,
  type MappingSlicePart,
  type MappingSpaceSize,
} from './mappingSlices.js';
export { compileAnalysisOptions, type AnalysisSettings } from './options.js';
export { gateTable, gateOutput, gateArity, gateSpec, parseGateList, commonArity, isGate, GateError, type GateSpec } from './gates.js';
export { parseCriteria, criteriaNames, criteriaSets, criteriaOptions, paperCriteria, CriteriaError, type Criteria, type CriteriaSet, type CriterionCounts } from './criteria.js';
export { analyzeOutputWithCriteria, keptCircuitList, OutputCriteria, TooManyCircuits, type CriteriaOutcome, type CriteriaOutputAnalysis } from './applyCriteria.js';
export { CircuitList, type PackedCircuits } from './circuitList.js';
export * from './types.js';
