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
 * `out` = the terms of `list` times a at their indices (`list` itself for null), zeros dropped;
 * `out.abs` is set, `out.shift` is the caller's.
 */
export function scaleTerms(out: TermList, list: TermsView, a: Float64Array | null): void {
  const { len } = list;
  if (out.idx.length < len) {
    out.idx = new Int32Array(list.idx.length);
    out.val = new Float64Array(list.idx.length);
  }
  // Every term is written and the next overwrites it when it was 0: a branch on the value
  // mispredicted often enough to make this loop 40% slower, in pairs with two sums of magnitudes
  // (exact while below 2^53, the only case the bound accepts, so the order does not matter).
  const pIdx = list.idx;
  const pVal = list.val;
  const oIdx = out.idx;
  const oVal = out.val;
  let m = 0;
  let abs0 = 0;
  let abs1 = 0;
  let i = 0;
  if (a) {
    for (; i + 1 < len; i += 2) {
      const k0 = pIdx[i] as number;
      const k1 = pIdx[i + 1] as number;
      const v0 = (pVal[i] as number) * (a[k0] as number);
      const v1 = (pVal[i + 1] as number) * (a[k1] as number);
      oIdx[m] = k0;
      oVal[m] = v0;
      m += v0 !== 0 ? 1 : 0;
      oIdx[m] = k1;
      oVal[m] = v1;
      m += v1 !== 0 ? 1 : 0;
      abs0 += Math.abs(v0);
      abs1 += Math.abs(v1);
    }
  }
  for (; i < len; i++) {
    const k = pIdx[i] as number;
    const v = a ? (pVal[i] as number) * (a[k] as number) : (pVal[i] as number);
    oIdx[m] = k;
    oVal[m] = v;
    m += v !== 0 ? 1 : 0;
    abs0 += Math.abs(v);
  }
  out.len = m;
  out.abs = abs0 + abs1;
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
