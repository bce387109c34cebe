/**
 * The last grounding counter of a thread, kept for its next slice of the same network and output.
 *
 * A counter remembers, across the circuits it counts, each unit's factors and the sums of the
 * subtrees it met (groundingFast.ts, subtreeMemo.ts); within one slice that is what makes the rows
 * of a heavy unit cheap after the first. The parts of a k = 6 unit (sliceWork.ts) are slices of
 * their own, and each began with nothing built: in one process, unit 249 319's 14 parts one after
 * another took 143.5 s without the cache and 117.9 s with it; five one-row parts
 * 15.5 and 11.5 s. Parts of a unit are handed out one after another, so a thread meets the same
 * unit again, but on a pool of two it gets every other part, which gains less: 62.4-64.1 s without,
 * 56.3-63.2 s with (its 7 parts of the 14).
 *
 * Equal by content, never by identity: every shard arrives decoded anew. A counter whose call did
 * not finish (it threw mid-tally) is dropped, never lent again. Counts are the same with or
 * without the cache: a counter reloads whatever its next circuit's unit and rows need
 * (test/engine/counterCache.test.ts).
 */
import { GroundingCounter } from './groundingCount.js';
import type { GroundingPatterns } from './truthTables.js';
import type { NetworkModel } from './types.js';

function sameArray(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

function sameModel(a: NetworkModel, b: NetworkModel): boolean {
  if (a.outputActivation !== b.outputActivation || a.layerSizes.length !== b.layerSizes.length) return false;
  if (a.layerSizes.some((n, l) => n !== b.layerSizes[l])) return false;
  return a.weights.every((w, l) => sameArray(w, b.weights[l] as Float32Array)) && a.biases.every((v, l) => sameArray(v, b.biases[l] as Float32Array));
}

function samePatterns(a: GroundingPatterns, b: GroundingPatterns): boolean {
  return a.count === b.count && a.nIn === b.nIn && sameArray(a.x, b.x);
}

interface Entry {
  readonly model: NetworkModel;
  readonly patterns: GroundingPatterns;
  readonly counter: GroundingCounter;
  /** Lent and not given back: its call is running, or threw. */
  lent: boolean;
}

export class CounterCache {
  private entry: Entry | null = null;
  /** Counters lent again (for tests and measurements). */
  hits = 0;

  /** A counter for this single-output model and these patterns: the last one when it is equal and was given back. */
  take(model: NetworkModel, patterns: GroundingPatterns): GroundingCounter {
    const e = this.entry;
    if (e && !e.lent && sameModel(e.model, model) && samePatterns(e.patterns, patterns)) {
      e.lent = true;
      this.hits++;
      return e.counter;
    }
    const counter = new GroundingCounter(model, patterns);
    this.entry = { model, patterns, counter, lent: true };
    return counter;
  }

  /** The counter's call finished and flushed every tally: it may serve the next one. */
  giveBack(counter: GroundingCounter): void {
    if (this.entry?.counter === counter) this.entry.lent = false;
  }

  /**
   * Lets the counter go: a heavy unit's holds a few hundred MB of factors, matrices and memo,
   * which a thread should not keep through work of another kind.
   */
  clear(): void {
    this.entry = null;
  }
}

/** The thread's lent counter when there is a cache, else a new one. */
export const counterFor = (counters: CounterCache | undefined, model: NetworkModel, patterns: GroundingPatterns): GroundingCounter => (counters ? counters.take(model, patterns) : new GroundingCounter(model, patterns));
