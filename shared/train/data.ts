/**
 * Data sets of SEMANTICS.md "Training": input patterns drawn `repeats * 2^nIn` times (uniformly
 * or with per-pattern weights), clean gate outputs as targets, one column per gate. nIn is the
 * gates' arity (2, 3 or 4; one arity per data set). With noise
 * the drawn set is tiled `repeats` times again and Gaussian noise is added to the inputs, as
 * the reference does, so a noisy set holds `repeats^2 * 2^nIn` samples.
 */
import type { Dataset, Gate } from '../engine/types.js';
import { commonArity } from '../engine/gates.js';
import { gateOutput, patternBits } from './gates.js';
import type { Prng } from './prng.js';

export interface DataOptions {
  readonly gates: readonly Gate[];
  readonly repeats: number;
  readonly noiseStd: number;
  /** Sampling weight of each input pattern (normalised), or null for uniform draws. */
  readonly patternWeights: readonly number[] | null;
}

/** One weight per input pattern, uniform in [0, 1), normalised to sum 1 (skewed experiment). */
export function drawPatternWeights(nPatterns: number, rng: Prng): number[] {
  const raw = Array.from({ length: nPatterns }, () => rng.uniform());
  const total = raw.reduce((s, w) => s + w, 0);
  // total is 0 only if every draw is exactly 0: fall back to uniform rather than divide by 0.
  return total > 0 ? raw.map((w) => w / total) : raw.map(() => 1 / nPatterns);
}

/** Draws `count` pattern indices in [0, nPatterns), uniformly or by cumulative weights. */
function drawPatterns(count: number, nPatterns: number, weights: readonly number[] | null, rng: Prng): Uint32Array {
  const out = new Uint32Array(count);
  if (weights === null) {
    for (let i = 0; i < count; i++) out[i] = rng.int(nPatterns);
    return out;
  }
  const cumulative = new Float64Array(nPatterns);
  let acc = 0;
  for (let p = 0; p < nPatterns; p++) cumulative[p] = acc += weights[p] ?? 0;
  for (let i = 0; i < count; i++) {
    const u = rng.uniform() * acc;
    let p = 0;
    // The last pattern catches u that rounding pushes past every cumulative bound.
    while (p < nPatterns - 1 && u >= (cumulative[p] ?? 0)) p++;
    out[i] = p;
  }
  return out;
}

/** Clean inputs and targets of every pattern, row-major, computed once per data set. */
function patternTables(gates: readonly Gate[], nIn: number): { xs: Float32Array; ys: Float32Array } {
  const nPatterns = 1 << nIn;
  const xs = new Float32Array(nPatterns * nIn);
  const ys = new Float32Array(nPatterns * gates.length);
  for (let p = 0; p < nPatterns; p++) {
    const bits = patternBits(p, nIn);
    xs.set(bits, p * nIn);
    gates.forEach((g, o) => (ys[p * gates.length + o] = gateOutput(g, bits)));
  }
  return { xs, ys };
}

function checkOptions(opts: DataOptions, nPatterns: number): void {
  if (!Number.isInteger(opts.repeats) || opts.repeats < 1) {
    throw new RangeError(`repeats must be a positive integer, got ${opts.repeats}`);
  }
  if (!(opts.noiseStd >= 0)) throw new RangeError(`noiseStd must be >= 0, got ${opts.noiseStd}`);
  const w = opts.patternWeights;
  if (w !== null && (w.length !== nPatterns || w.some((v) => !(v >= 0)))) {
    throw new RangeError(`patternWeights must be ${nPatterns} non-negative numbers, got [${w.join(', ')}]`);
  }
}

/** Generates one data set; every random draw comes from `rng`. */
export function generateDataset(opts: DataOptions, rng: Prng): Dataset {
  if (opts.gates.length === 0) throw new RangeError('gates must name at least one gate');
  const nIn = commonArity(opts.gates);
  const nPatterns = 1 << nIn;
  checkOptions(opts, nPatterns);
  const { gates, repeats, noiseStd } = opts;
  const nOut = gates.length;
  const drawn = drawPatterns(repeats * nPatterns, nPatterns, opts.patternWeights, rng);
  // With noise, the reference tiles the drawn set `repeats` more times before adding noise.
  const tiles = noiseStd > 0 ? repeats : 1;
  const n = drawn.length * tiles;
  const x = new Float32Array(n * nIn);
  const y = new Float32Array(n * nOut);
  const { xs, ys } = patternTables(gates, nIn);
  for (let i = 0; i < n; i++) {
    const p = drawn[i % drawn.length] ?? 0;
    for (let j = 0; j < nIn; j++) x[i * nIn + j] = xs[p * nIn + j] ?? 0;
    for (let o = 0; o < nOut; o++) y[i * nOut + o] = ys[p * nOut + o] ?? 0;
  }
  if (noiseStd > 0) for (let i = 0; i < x.length; i++) x[i] = (x[i] ?? 0) + noiseStd * rng.normal();
  return { n, nIn, nOut, x, y };
}
