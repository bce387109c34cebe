/**
 * A grounding summary's forms outside the engine (groundingSummary.ts): the record msgpackr carries
 * (shared/wire/codec.ts) and the JSON form, with their checks. A summary is rebuilt from the
 * columns these return.
 */
import type { CircuitCount } from './circuitCount.js';

/** The serialisable form (msgpackr carries the bigints; see shared/wire/codec.ts). */
export interface GroundingSummaryRecord {
  readonly v: 1;
  /** Distinct grounding counts, ascending. */
  readonly values: bigint[];
  /** circuits[i]: how many circuits have values[i] groundings. */
  readonly circuits: CircuitCount[];
}

/** The JSON form: the same with every integer as a decimal string (JSON has no bigint). */
export interface GroundingSummaryJson {
  readonly v: 1;
  readonly values: string[];
  readonly circuits: string[];
}

/** A record's columns, checked for shape (each number of circuits is checked as it is added). */
export function recordColumns(record: GroundingSummaryRecord): { values: bigint[]; circuits: CircuitCount[] } {
  const { v, values, circuits } = (record ?? {}) as Partial<GroundingSummaryRecord>;
  if (v !== 1) throw new RangeError(`GroundingSummary record: v must be 1, got ${String(v)}`);
  if (!Array.isArray(values) || !Array.isArray(circuits) || values.length !== circuits.length) {
    throw new RangeError('GroundingSummary record: values and circuits must be arrays of the same length');
  }
  return { values, circuits };
}

/** The JSON form's columns as bigints, every string a decimal integer. */
export function jsonColumns(json: GroundingSummaryJson): { values: bigint[]; circuits: bigint[] } {
  const { v, values, circuits } = (json ?? {}) as Partial<GroundingSummaryJson>;
  if (v !== 1 || !Array.isArray(values) || !Array.isArray(circuits) || values.length !== circuits.length) {
    throw new RangeError('GroundingSummary JSON: expected { v: 1, values, circuits } with arrays of the same length');
  }
  const big = (s: string, where: string): bigint => {
    if (typeof s !== 'string' || !/^\d+$/.test(s)) throw new RangeError(`GroundingSummary JSON ${where}: expected a decimal string, got ${String(s)}`);
    return BigInt(s);
  };
  return { values: values.map((s, i) => big(s, `values[${i}]`)), circuits: circuits.map((s, i) => big(s, `circuits[${i}]`)) };
}
