/**
 * Identifiability diagnostics over the whole valid set of one output, exact: the edges every valid
 * circuit uses (core), the edges some valid circuit uses (union), the largest Jaccard distance
 * between two valid circuits (ScrubID's RR over every pair instead of a sample, maxJaccard.ts),
 * and how many valid circuits have the fewest edges. Fed one valid circuit at a time.
 */
import { edgeCount, edgeNames, type EdgeLayout } from './edgeSet.js';
import { farthestPair } from './maxJaccard.js';

export interface ValidSetDiagnostics {
  /** Edges in every valid circuit, as `["l-1.i", "l.j"]` (empty when there is none). */
  readonly core: [string, string][];
  /** Edges in some valid circuit. */
  readonly union: [string, string][];
  /**
   * Largest Jaccard distance over edges between two valid circuits; null with fewer than two, or
   * with more than the accumulator's limit (then `maxJaccardAtMost` bounds it).
   */
  readonly maxJaccard: number | null;
  /** With more valid circuits than the limit: 1 - |core| / |union|, an upper bound; else null. */
  readonly maxJaccardAtMost: number | null;
  /** Fewest edges of a valid circuit; null when there is none. */
  readonly minEdges: number | null;
  /** Valid circuits with that many edges. */
  readonly minEdgeCircuits: number;
}

/** Valid circuits up to which the farthest pair is found exactly (127 632 take 1 s, README). */
export const DEFAULT_PAIR_LIMIT = 500_000;

export class DiagnosticsAccumulator {
  private readonly core: Uint32Array;
  private readonly union: Uint32Array;
  private sets: Uint32Array;
  private n = 0;
  private minEdges = Infinity;
  private atMin = 0;

  /**
   * `limit`: the most valid circuits whose edge sets are kept for the farthest pair (memory: a
   * few words per set, and the trie a few dozen bytes per set and edge); above it only the bound.
   */
  constructor(private readonly layout: EdgeLayout, private readonly limit = DEFAULT_PAIR_LIMIT) {
    this.core = new Uint32Array(layout.words).fill(0xffffffff);
    this.union = new Uint32Array(layout.words);
    this.sets = new Uint32Array(layout.words * 1024);
  }

  add(bits: Uint32Array): void {
    const { words } = this.layout;
    for (let w = 0; w < words; w++) {
      this.core[w] = ((this.core[w] as number) & (bits[w] as number)) >>> 0;
      this.union[w] = ((this.union[w] as number) | (bits[w] as number)) >>> 0;
    }
    const edges = edgeCount(bits);
    if (edges < this.minEdges) {
      this.minEdges = edges;
      this.atMin = 0;
    }
    if (edges === this.minEdges) this.atMin++;
    this.n++;
    if (this.n > this.limit) {
      this.sets = new Uint32Array(0);
      return;
    }
    if (this.n * words > this.sets.length) {
      const grown = new Uint32Array(this.sets.length * 2);
      grown.set(this.sets);
      this.sets = grown;
    }
    this.sets.set(bits.subarray(0, words), (this.n - 1) * words);
  }

  finish(): ValidSetDiagnostics {
    const { layout, n } = this;
    const exact = n <= this.limit;
    const far = exact ? farthestPair(this.sets, n, layout.words, layout.total) : null;
    const core = edgeCount(this.core);
    const union = edgeCount(this.union);
    return {
      core: n === 0 ? [] : edgeNames(layout, this.core),
      union: edgeNames(layout, this.union),
      maxJaccard: far ? far.distance : null,
      maxJaccardAtMost: exact ? null : (union - core) / union,
      minEdges: n === 0 ? null : this.minEdges,
      minEdgeCircuits: this.atMin,
    };
  }
}
