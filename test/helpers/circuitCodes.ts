import { fromCircuitRecord, type CircuitCode } from '../../shared/engine/circuitRecord.js';
import { oracleCircuits } from '../../shared/oracle/oracle.js';

/** Every candidate circuit of `sizes` (the oracle's enumeration, no sparsity filter), as the engine's codes. */
export function everyCircuitCode(sizes: readonly number[]): CircuitCode[] {
  return [...oracleCircuits(sizes, 0)].map((c) => fromCircuitRecord({ node_masks: c.nodeMasks, edge_masks: c.edgeMasks }));
}
