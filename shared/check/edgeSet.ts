/**
 * Edge sets of single-output circuits as bit vectors, for Jaccard distances and sub-circuit tests.
 *
 * Edge numbering: pairs in order (pair l joins layer l-1 to layer l, layer 0 = inputs), then the
 * upper node j, then the lower node i: bit `offset[l] + j * n[l-1] + i`. The bits of an edge row
 * are taken as given (a circuit read from a file may have edges at off nodes; they still count).
 */
import type { CircuitCode } from '../engine/circuitRecord.js';

export interface EdgeLayout {
  readonly sizes: readonly number[];
  /** offsets[l - 1]: the first bit of pair l. */
  readonly offsets: readonly number[];
  /** Edges of the full single-output network. */
  readonly total: number;
  /** 32-bit words per edge set. */
  readonly words: number;
}

export function edgeLayout(sizes: readonly number[]): EdgeLayout {
  const offsets: number[] = [];
  let total = 0;
  for (let l = 1; l < sizes.length; l++) {
    offsets.push(total);
    total += (sizes[l - 1] as number) * (sizes[l] as number);
  }
  return { sizes, offsets, total, words: Math.max(1, Math.ceil(total / 32)) };
}

/** The edge set of a circuit, written into `out` (words of the layout). */
export function edgeBits(layout: EdgeLayout, code: CircuitCode, out = new Uint32Array(layout.words)): Uint32Array {
  out.fill(0);
  code.rows.forEach((rows, p) => {
    const nLower = layout.sizes[p] as number;
    const base = layout.offsets[p] as number;
    for (let j = 0; j < rows.length; j++) {
      const row = rows[j] as number;
      for (let i = 0; i < nLower; i++) {
        if (!((row >>> i) & 1)) continue;
        const e = base + j * nLower + i;
        out[e >>> 5] = ((out[e >>> 5] as number) | (1 << (e & 31))) >>> 0;
      }
    }
  });
  return out;
}

export function popcount32(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Edges in a set (`a` at word offset `ao`). */
export function edgeCount(a: Uint32Array, ao = 0, words = a.length - ao): number {
  let n = 0;
  for (let w = 0; w < words; w++) n += popcount32(a[ao + w] as number);
  return n;
}

/** |A ∩ B| of two sets at word offsets. */
export function sharedEdges(a: Uint32Array, ao: number, b: Uint32Array, bo: number, words: number): number {
  let n = 0;
  for (let w = 0; w < words; w++) n += popcount32((a[ao + w] as number) & (b[bo + w] as number));
  return n;
}

/** Whether A ⊆ B. */
export function isSubset(a: Uint32Array, ao: number, b: Uint32Array, bo: number, words: number): boolean {
  for (let w = 0; w < words; w++) if (((a[ao + w] as number) & ~(b[bo + w] as number)) !== 0) return false;
  return true;
}

/**
 * Jaccard distance over edges, 1 - |A ∩ B| / |A ∪ B|, from the two counts; two empty sets are at
 * distance 0. Comparisons use the similarity as an exact fraction (see `closer`).
 */
export function jaccardDistance(shared: number, union: number): number {
  return union === 0 ? 0 : (union - shared) / union;
}

/** Similarity s1/u1 greater than s2/u2 (exact, integers; an empty union counts as similarity 1). */
export function moreSimilar(s1: number, u1: number, s2: number, u2: number): boolean {
  const [a, b] = u1 === 0 ? [1, 1] : [s1, u1];
  const [c, d] = u2 === 0 ? [1, 1] : [s2, u2];
  return a * d > c * b;
}

/** Bit e of the layout as `["l-1.i", "l.j"]`, the edge-list format of circuit files. */
export function edgeName(layout: EdgeLayout, e: number): [string, string] {
  let p = layout.offsets.length - 1;
  while ((layout.offsets[p] as number) > e) p--;
  const nLower = layout.sizes[p] as number;
  const k = e - (layout.offsets[p] as number);
  return [`${p}.${k % nLower}`, `${p + 1}.${Math.floor(k / nLower)}`];
}

/** Names of the edges set in `bits`, in bit order. */
export function edgeNames(layout: EdgeLayout, bits: Uint32Array): [string, string][] {
  const out: [string, string][] = [];
  for (let e = 0; e < layout.total; e++) if (((bits[e >>> 5] as number) >>> (e & 31)) & 1) out.push(edgeName(layout, e));
  return out;
}
