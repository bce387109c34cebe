/**
 * Distinct samples with multiplicity: the circuit search evaluates each distinct (input, target)
 * once and weighs it by how often it occurs, which is exact for accuracy.
 */
import type { Dataset } from './types.js';

export interface SampleSet {
  /** Distinct samples. */
  readonly count: number;
  readonly nIn: number;
  /** Inputs, row-major `count x nIn`. */
  readonly x: Float32Array;
  /** Target of the analysed output per distinct sample. */
  readonly y: Float64Array;
  /** Multiplicity per distinct sample. */
  readonly weight: Uint32Array;
  /** Total samples (sum of weights). */
  readonly total: number;
}

export function distinctSamples(data: Dataset, output: number): SampleSet {
  const index = new Map<string, number>();
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  const { n, nIn, nOut, x, y } = data;
  for (let i = 0; i < n; i++) {
    const row = Array.from(x.subarray(i * nIn, (i + 1) * nIn));
    const target = y[i * nOut + output] as number;
    const key = `${row.join(',')}|${target}`;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, ws.length);
      xs.push(...row);
      ys.push(target);
      ws.push(1);
    } else ws[at] = (ws[at] as number) + 1;
  }
  return { count: ws.length, nIn, x: Float32Array.from(xs), y: Float64Array.from(ys), weight: Uint32Array.from(ws), total: n };
}

/**
 * Fewest correct samples whose accuracy `correct / total` is strictly above `threshold`, found with
 * the same float64 division the accuracy uses, so the boundary case 0.99 is decided identically.
 */
export function correctNeeded(total: number, threshold: number): number {
  let c = Math.max(0, Math.floor(threshold * total));
  while (c > 0 && (c - 1) / total > threshold) c--;
  while (c <= total && !(c / total > threshold)) c++;
  return c;
}
