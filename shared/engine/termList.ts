/** The sparse term lists of the fast grounding count (prefixTerms.ts) and their exact dot product. */

/** A sparse term list as others read it. */
export interface TermsView {
  readonly idx: Int32Array;
  readonly val: Float64Array;
  readonly len: number;
}

/** Sparse terms: a product times Ĝ at (state, partition) indices. */
export class TermList implements TermsView {
  idx = new Int32Array(0);
  val = new Float64Array(0);
  len = 0;
  /** Sum of |val|: times the largest a multiplied in, it bounds every partial sum. */
  abs = 0;
  /** Powers of two divided out of the terms: the prefix's and the output's. */
  shift = 0;
}

/**
 * Sum of the terms times a (whose largest entry is `max`): one signed sum when the magnitudes
 * bound every partial sum below `limit`; else the positive and negative terms apart, each checked
 * (sums of non-negative integers, exact below 2^53). NaN when inexact.
 */
export function exactDot(list: TermList, a: Float64Array, max: number, limit: number): number {
  const { idx, val, len, abs } = list;
  if (abs * max < limit) return dot(idx, val, len, a);
  let pos = 0;
  let neg = 0;
  for (let i = 0; i < len; i++) {
    const v = (val[i] as number) * (a[idx[i] as number] as number);
    if (v > 0) pos += v;
    else neg -= v;
  }
  return pos < limit && neg < limit ? pos - neg : NaN;
}

/**
 * Sum of val[i] * a[idx[i]]: four partial sums break the chain of dependent additions; with
 * integers whose magnitudes sum below 2^53 every grouping gives the same exact sum.
 */
function dot(idx: Int32Array, val: Float64Array, len: number, a: Float64Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    s0 += (val[i] as number) * (a[idx[i] as number] as number);
    s1 += (val[i + 1] as number) * (a[idx[i + 1] as number] as number);
    s2 += (val[i + 2] as number) * (a[idx[i + 2] as number] as number);
    s3 += (val[i + 3] as number) * (a[idx[i + 3] as number] as number);
  }
  for (; i < len; i++) s0 += (val[i] as number) * (a[idx[i] as number] as number);
  return s0 + s1 + (s2 + s3);
}
