/**
 * The largest Jaccard distance (over edges) between two sets of a family, exactly, without
 * comparing every pair: the sets go into a binary trie over the edge bits, and each set searches
 * the trie depth first with a bound. Going down, the shared edges found so far only grow and the
 * other set's size is at most its ones so far plus the most ones any set below still has, so the
 * similarity |A ∩ B| / |A ∪ B| of every set below is at least shared / (|A| + maxSize - shared)
 * (the similarity falls as the other set grows and rises with what is shared); a subtree whose
 * bound is no better than the best pair found is skipped. Each trie node also keeps the edges every
 * set below it has (their AND): those of A's edges still ahead are shared for sure, which counts
 * the core edges of a valid set from the root on. The child that adds no shared edge is
 * tried first, so a far pair is found early; a disjoint pair (distance 1) ends the search.
 * Worst case still every pair, in practice a small part of the trie per set.
 */
import { popcount32 } from './edgeSet.js';

export interface FarthestPair {
  /** 1 - |A ∩ B| / |A ∪ B| of the farthest pair. */
  readonly distance: number;
  /** Indices of the two sets (the first found with that distance). */
  readonly a: number;
  readonly b: number;
}

class Trie {
  child0: Int32Array;
  child1: Int32Array;
  /** Most ones any set below the node has in the bits from the node's depth on. */
  maxOnes: Int32Array;
  /** Leaf -> the first set stored there. */
  leafSet: Int32Array;
  /** Edges every set below the node has, `words` words per node. */
  common: Uint32Array;
  nodes = 1;

  constructor(capacity: number, readonly words: number) {
    this.common = new Uint32Array(capacity * words).fill(0xffffffff);
    this.child0 = new Int32Array(capacity).fill(-1);
    this.child1 = new Int32Array(capacity).fill(-1);
    this.maxOnes = new Int32Array(capacity);
    this.leafSet = new Int32Array(capacity).fill(-1);
  }

  grow(): void {
    const n = this.child0.length * 2;
    const widen = (a: Int32Array, fill: number): Int32Array => {
      const b = new Int32Array(n).fill(fill);
      b.set(a);
      return b;
    };
    this.child0 = widen(this.child0, -1);
    this.child1 = widen(this.child1, -1);
    this.maxOnes = widen(this.maxOnes, 0);
    this.leafSet = widen(this.leafSet, -1);
    const common = new Uint32Array(n * this.words).fill(0xffffffff);
    common.set(this.common);
    this.common = common;
  }

  meet(node: number, sets: Uint32Array, base: number): void {
    const at = node * this.words;
    for (let w = 0; w < this.words; w++) this.common[at + w] = ((this.common[at + w] as number) & (sets[base + w] as number)) >>> 0;
  }
}

const bit = (sets: Uint32Array, base: number, e: number): number => ((sets[base + (e >>> 5)] as number) >>> (e & 31)) & 1;

/** `sets`: n sets of `words` words each, over `bits` edges. Null when n < 2. */
export function farthestPair(sets: Uint32Array, n: number, words: number, bits: number): FarthestPair | null {
  if (n < 2) return null;
  const sizes = new Int32Array(n);
  for (let s = 0; s < n; s++) for (let w = 0; w < words; w++) sizes[s] = (sizes[s] as number) + popcount32(sets[s * words + w] as number);
  const trie = new Trie(Math.max(16, Math.min(n * (bits + 1), 1 << 20)), words);
  for (let s = 0; s < n; s++) {
    let node = 0;
    let left = sizes[s] as number;
    for (let e = 0; e < bits; e++) {
      if (left > (trie.maxOnes[node] as number)) trie.maxOnes[node] = left;
      trie.meet(node, sets, s * words);
      const b = bit(sets, s * words, e);
      const children = b ? trie.child1 : trie.child0;
      let next = children[node] as number;
      if (next < 0) {
        if (trie.nodes === trie.child0.length) trie.grow();
        next = trie.nodes++;
        (b ? trie.child1 : trie.child0)[node] = next;
      }
      node = next;
      left -= b;
    }
    trie.meet(node, sets, s * words);
    if ((trie.leafSet[node] as number) < 0) trie.leafSet[node] = s;
  }
  // Best similarity so far as an exact fraction bestS / bestU; 1/1 is distance 0 (equal sets).
  let bestS = 1;
  let bestU = 1;
  let bestA = 0;
  let bestB = 1;
  let base = 0;
  let aSize = 0;
  let aIndex = 0;
  /** A's edges from bit e on that every set below `node` has. */
  const sureShared = (node: number, e: number): number => {
    let n = 0;
    const at = node * words;
    for (let w = e >>> 5; w < words; w++) {
      let m = (trie.common[at + w] as number) & (sets[base + w] as number);
      if (w === e >>> 5 && (e & 31) !== 0) m &= ~((1 << (e & 31)) - 1);
      n += popcount32(m >>> 0);
    }
    return n;
  };
  const visit = (node: number, e: number, shared: number, ones: number): boolean => {
    const least = shared + (e < bits ? sureShared(node, e) : 0);
    const most = aSize + ones + (trie.maxOnes[node] as number) - least;
    // Bound: similarity >= least / most; skip when that is no better than the best.
    if (most === 0 || least * bestU >= bestS * most) return false;
    if (e === bits) {
      bestS = shared;
      bestU = aSize + ones - shared;
      bestA = aIndex;
      bestB = trie.leafSet[node] as number;
      return bestS === 0;
    }
    const a = bit(sets, base, e);
    const c0 = trie.child0[node] as number;
    const c1 = trie.child1[node] as number;
    // The child that shares no edge with A first.
    if (a) {
      if (c0 >= 0 && visit(c0, e + 1, shared, ones)) return true;
      if (c1 >= 0 && visit(c1, e + 1, shared + 1, ones + 1)) return true;
    } else {
      if (c1 >= 0 && visit(c1, e + 1, shared, ones + 1)) return true;
      if (c0 >= 0 && visit(c0, e + 1, shared, ones)) return true;
    }
    return false;
  };
  for (let s = 0; s < n; s++) {
    base = s * words;
    aSize = sizes[s] as number;
    aIndex = s;
    if (visit(0, 0, 0, 0)) break;
  }
  return { distance: bestU === 0 ? 0 : (bestU - bestS) / bestU, a: bestA, b: bestB };
}
