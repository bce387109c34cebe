/** The sparse term lists of the fast grounding count (prefixTerms.ts), their exact dot product, and their hash (subtreeMemo.ts's key). */

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

/**
 * Hash of a term list's indices and values (integers held in float64). Four lanes over the terms
 * in turn, mixed at the end: one chain of multiplications through every term waited on their
 * latency (the hash was most of `entryFor`, 3-5% of the heavy k = 6 slices).
 */
export function hashTerms({ idx, val, len }: TermsView): number {
  let h0 = len | 0;
  let h1 = 0x27d4eb2f;
  let h2 = 0x165667b1;
  let h3 = 0x61c88647;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    h0 = mixTerm(h0, idx[i] as number, val[i] as number);
    h1 = mixTerm(h1, idx[i + 1] as number, val[i + 1] as number);
    h2 = mixTerm(h2, idx[i + 2] as number, val[i + 2] as number);
    h3 = mixTerm(h3, idx[i + 3] as number, val[i + 3] as number);
  }
  for (; i < len; i++) h0 = mixTerm(h0, idx[i] as number, val[i] as number);
  let h = Math.imul(h0 ^ Math.imul(h1, 0x85ebca6b), 0x9e3779b1);
  h = Math.imul(h ^ Math.imul(h2 ^ (h3 >>> 7), 0xc2b2ae35), 0x85ebca6b);
  return h ^ (h >>> 15);
}

function mixTerm(h: number, k: number, v: number): number {
  h = Math.imul(h ^ k, 0x9e3779b1);
  h = Math.imul(h ^ (v | 0) ^ ((v / 4294967296) | 0), 0x85ebca6b);
  return h ^ (h >>> 15);
}

/** The terms' largest magnitude (NaN where a value is): whether the narrow form (pairKernel.ts) may take them. */
export function largestMagnitude({ val, len }: TermsView): number {
  let most = 0;
  for (let i = 0; i < len; i++) most = Math.max(most, Math.abs(val[i] as number));
  return most;
}
