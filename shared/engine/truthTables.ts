/**
 * Truth tables of a node: one per gap between consecutive distinct values over the grounding
 * patterns, thresholded at the float32 midpoint. Every gap counts, even when two give the same table.
 */
import { forwardMaskedInto } from './maskedForward.js';
import { roundHalfEven } from './network.js';
import type { CircuitCode } from './circuitRecord.js';
import type { Dataset, NetworkModel } from './types.js';

const f32 = Math.fround;

/** One input per distinct pattern: the last sample whose truncated inputs read as that pattern. */
export interface GroundingPatterns {
  readonly count: number;
  readonly nIn: number;
  readonly x: Float32Array;
}

export function groundingPatterns(data: Dataset): GroundingPatterns {
  const last = new Map<string, number>();
  for (let i = 0; i < data.n; i++) {
    // Python's int(): truncation toward zero, so a noisy 0.95 reads as 0 (the reference does this).
    const key = Array.from(data.x.subarray(i * data.nIn, (i + 1) * data.nIn), (v) => Math.trunc(v) || 0).join(',');
    last.set(key, i);
  }
  const keys = [...last.keys()].sort();
  const x = new Float32Array(keys.length * data.nIn);
  keys.forEach((k, p) => {
    const i = last.get(k) as number;
    x.set(data.x.subarray(i * data.nIn, (i + 1) * data.nIn), p * data.nIn);
  });
  return { count: keys.length, nIn: data.nIn, x };
}

/** Tables of one node as bitmasks over patterns (bit p = value on pattern p above the threshold). */
export function nodeTables(values: ArrayLike<number>): number[] {
  const distinct = [...new Set(Array.from(values, (v) => v || 0))].sort((a, b) => a - b);
  const tables: number[] = [];
  for (let g = 0; g + 1 < distinct.length; g++) {
    const t = f32(f32((distinct[g] as number) + (distinct[g + 1] as number)) / 2);
    let table = 0;
    for (let p = 0; p < values.length; p++) if ((values[p] as number) > t) table |= 1 << p;
    // A midpoint that rounds up to the largest value gives a constant table; the reference fails
    // there, we skip it (SEMANTICS.md).
    if (table !== 0) tables.push(table);
  }
  return tables;
}

/**
 * Tables of every on node of a circuit on the grounding patterns: `tables[l - 1][j]` for node j of
 * layer l (empty for off nodes). The output layer is rounded half to even first.
 */
export function circuitTables(model: NetworkModel, patterns: GroundingPatterns, code: CircuitCode): number[][][] {
  const L = model.layerSizes.length - 1;
  const acts = forwardMaskedInto(model, patterns.x, patterns.count, code);
  const out: number[][][] = [];
  for (let l = 1; l <= L; l++) {
    const n = model.layerSizes[l] as number;
    const layer: number[][] = [];
    for (let j = 0; j < n; j++) {
      if (!(((code.masks[l - 1] as number) >>> j) & 1)) {
        layer.push([]);
        continue;
      }
      let values = Array.from((acts[l] as Float32Array).subarray(j * patterns.count, (j + 1) * patterns.count));
      if (l === L) values = values.map(roundHalfEven);
      layer.push(nodeTables(values));
    }
    out.push(layer);
  }
  return out;
}
