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
  /** Largest Jaccard distance over edges between two valid circuits; null with fewer than two. */
  readonly maxJaccard: number | null;
  /** Fewest edges of a valid circuit; null when there is none. */
  readonly minEdges: number | null;
  /** Valid circuits with that many edges. */
  readonly minEdgeCircuits: number;
}

export class DiagnosticsAccumulator {
  private readonly core: Uint32Array;
  private readonly union: Uint32Array;
  private sets: Uint32Array;
  private n = 0;
  private minEdges = Infinity;
  private atMin = 0;

  constructor(private readonly layout: EdgeLayout) {
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
    if ((this.n + 1) * words > this.sets.length) {
      const grown = new Uint32Array(this.sets.length * 2);
      grown.set(this.sets);
      this.sets = grown;
    }
    this.sets.set(bits.subarray(0, words), this.n * words);
    this.n++;
  }

  finish(): ValidSetDiagnostics {
    const { layout, n } = this;
    const far = farthestPair(this.sets, n, layout.words, layout.total);
    return {
      core: n === 0 ? [] : edgeNames(layout, this.core),
      union: edgeNames(layout, this.union),
      maxJaccard: far ? far.distance : null,
      minEdges: n === 0 ? null : this.minEdges,
      minEdgeCircuits: this.atMin,
    };
  }
}
