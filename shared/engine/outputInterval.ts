/**
 * The output decision as an interval of float64 dot products.
 *
 * A sample is correct when round(leaky(f32(f32(dot) + b))) equals its target (no leaky on an
 * identity output layer). Every step is
 * monotone non-decreasing in `dot` (float32 rounding, float addition, LeakyReLU, round half to
 * even), so the dots that give the target form one interval [lo, hi] of float64 values. Its ends
 * are found once per target by bisection over the total order of float64 values, which makes
 * "is this sample correct" two comparisons, exactly equal to evaluating the output.
 */
import { leakyRelu, preActivation, roundHalfEven } from './network.js';

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);
const MAGNITUDE = 0x7fffffffffffffffn;
const LARGEST = 0x7fefffffffffffffn; // bits of Number.MAX_VALUE

/** Position of a finite float64 in numeric order (-0 and +0 share 0). */
function keyOf(d: number): bigint {
  f64[0] = d;
  const bits = i64[0] as bigint;
  return bits < 0n ? -(bits & MAGNITUDE) : bits;
}

function valueOf(key: bigint): number {
  i64[0] = key < 0n ? -key : key;
  return key < 0n ? -(f64[0] as number) : (f64[0] as number);
}

/** Smallest key in [lo, hi] where `pred` holds, pred monotone false..true; hi + 1 if none. */
function firstTrue(lo: bigint, hi: bigint, pred: (d: number) => boolean): bigint {
  let a = lo;
  let b = hi + 1n;
  while (a < b) {
    const mid = (a + b) >> 1n;
    if (pred(valueOf(mid))) b = mid;
    else a = mid + 1n;
  }
  return a;
}

export interface CorrectInterval {
  readonly lo: number;
  readonly hi: number;
}

/**
 * The dots from the first where `from` holds to the last before `past` holds, both monotone
 * false..true in the dot (every step from dot to output is monotone); empty (lo > hi) when none.
 */
function dotInterval(from: (d: number) => boolean, past: (d: number) => boolean): CorrectInterval {
  const first = firstTrue(-LARGEST, LARGEST, from);
  const after = firstTrue(-LARGEST, LARGEST, past);
  if (first >= after) return { lo: Infinity, hi: -Infinity };
  return { lo: valueOf(first), hi: valueOf(after - 1n) };
}

/** The dots whose output rounds to `target`; empty (lo > hi) when no finite dot does. */
export function correctInterval(bias: number, target: number, act: (v: number) => number = leakyRelu): CorrectInterval {
  const out = (d: number): number => roundHalfEven(act(preActivation(d, bias)));
  return dotInterval((d) => out(d) >= target, (d) => out(d) > target);
}

/**
 * The dots whose output value v = act(f32(f32(dot) + bias)) has |v - full| <= eps in float64 (the
 * faithful criterion, circuitCriteria.ts): v - full is monotone in the dot like v.
 */
export function faithfulInterval(bias: number, full: number, eps: number, act: (v: number) => number = leakyRelu): CorrectInterval {
  const diff = (d: number): number => act(preActivation(d, bias)) - full;
  return dotInterval((d) => diff(d) >= -eps, (d) => diff(d) > eps);
}

/** Per-sample interval ends for a sample set's targets (one bisection per distinct target). */
export function correctIntervals(bias: number, targets: Float64Array, act: (v: number) => number = leakyRelu): { lo: Float64Array; hi: Float64Array } {
  const lo = new Float64Array(targets.length);
  const hi = new Float64Array(targets.length);
  const memo = new Map<number, CorrectInterval>();
  targets.forEach((y, p) => {
    let iv = memo.get(y);
    if (!iv) memo.set(y, (iv = correctInterval(bias, y, act)));
    lo[p] = iv.lo;
    hi[p] = iv.hi;
  });
  return { lo, hi };
}

export { keyOf as orderKeyOfFloat64 };
