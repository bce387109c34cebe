/**
 * Sums of accepted subtrees (groundingFast.ts `countSubtree`) remembered by their prefix terms.
 *
 * A subtree's counts are its prefix terms (the product over its fixed nodes times Ĝ) dotted with
 * each class of its free nodes. Different rows of the fixed nodes mostly give different classes,
 * but their products repeat: on the heaviest sampled k = 6 slice (2000 of 4096) 2.93 million
 * subtrees had only 2 805 distinct term lists, up to the power of two held apart in the list's
 * shift. So an entry holds one term list (the product over the fixed nodes but the last, times
 * Ĝ) of one grouping and its rows of sums, each computed once: with one free node a row per class
 * of the last fixed node, against every free class; with two free nodes one row over every class
 * pair. Each further subtree costs a lookup and one tally per shift, and the summary receives each
 * (count, circuits) once per distinct (row, shift) when the memo is flushed. Pair-heavy units
 * (every first-layer node on, term lists of about 3 000) hardly repeat and stay one dot product
 * per class pair: see pairSums.ts.
 */
import type { GroundingSummary } from './groundingSummary.js';
import { hashTerms, type TermsView } from './termList.js';
import { POW2, SubtreeSums, type RowScratch } from './subtreeSums.js';

/** One term list of one grouping (or grouping row), with its rows of sums by class. */
export class TermsEntry {
  /**
   * Its first row in fields, any further ones in a map made then: most entries have one row (a
   * pair entry always), and a map per entry was most of what the memo allocated on xor-k5.
   */
  private firstCls = -1;
  private first: SubtreeSums | null = null;
  private more: Map<number, SubtreeSums> | null = null;

  constructor(
    /** Where its terms start in the memo's pools, and how many. */
    readonly at: number,
    readonly len: number,
  ) {}

  /** Its row for class `cls` (of the last fixed node; 0 for a pair entry), if made. */
  row(cls: number): SubtreeSums | undefined {
    if (cls === this.firstCls) return this.first ?? undefined;
    return this.more?.get(cls);
  }

  setRow(cls: number, s: SubtreeSums): void {
    if (this.first === null || cls === this.firstCls) {
      this.firstCls = cls;
      this.first = s;
    } else (this.more ??= new Map()).set(cls, s);
  }
}

export class SubtreeMemo {
  /** Bumped whenever entries are forgotten: an entry kept by a caller is stale past it. */
  generation = 0;
  private readonly scratch: RowScratch = { raw: new Float64Array(0), shift: new Int32Array(0) };
  /** The row being filled, sealed before the scratch serves another. */
  private open: SubtreeSums | null = null;
  /** Per grouping's counts (never changed once built): the circuits of its cells with circuits. */
  private readonly circuitsOf = new WeakMap<Float64Array, Float64Array>();
  private readonly byGroup = new Map<object, Map<number, TermsEntry[]>>();
  /**
   * Rows tallied since the last flush: the first `dirtyCount` (`partialCount`), the arrays kept
   * from flush to flush (a new array, or a length set to 0, is new storage at every flush in V8).
   */
  private readonly dirty: (SubtreeSums | null)[] = [];
  private dirtyCount = 0;
  private readonly partialDirty: (SubtreeSums | null)[] = [];
  private partialCount = 0;
  private target: GroundingSummary | null = null;
  private stored = 0;
  /**
   * The entries' terms, one after another (a pair of typed arrays per entry was an allocation
   * and a hash more per row on pair-light slices: k = 6 slice 2146 made 1.4 million).
   */
  private idxPool = new Int32Array(1024);
  private valPool = new Float64Array(1024);
  private poolTop = 0;
  /**
   * The sealed rows' counts, one after another (an array per row was an allocation per row: 2.5%
   * of k = 6 slice 1640, which seals 2.5 million rows).
   */
  private countPool = new Float64Array(1024);
  private countTop = 0;
  /**
   * The rows' circuits tallied cell by cell, one after another (zero between flushes; an array
   * per row was most of what xor-k5's slices allocated, and so of their garbage collection).
   */
  private partialPool = new Float64Array(1024);
  private partialTop = 0;
  /** Every row made, the first `rowTop` in use: forgotten rows are renewed, not made again. */
  private readonly rows: SubtreeSums[] = [];
  private rowTop = 0;

  /** @param limit float64 values the memo may hold (lists and sums) before it flushes and forgets. */
  constructor(private readonly limit: number) {}

  /** The entry of `terms` for `group`: the known one, or a new one (the terms copied). */
  entry(group: object, terms: TermsView): TermsEntry {
    const h = hashTerms(terms);
    return this.lookup(group, terms, h) ?? this.insert(group, terms, h);
  }

  private lookup(group: object, terms: TermsView, h: number): TermsEntry | undefined {
    const same = this.byGroup.get(group)?.get(h);
    if (!same) return undefined;
    const { idx, val, len } = terms;
    const { idxPool, valPool } = this;
    for (const s of same) {
      if (s.len !== len) continue;
      const at = s.at;
      let i = 0;
      while (i < len && idxPool[at + i] === idx[i] && valPool[at + i] === val[i]) i++;
      if (i === len) return s;
    }
    return undefined;
  }

  private insert(group: object, terms: TermsView, h: number): TermsEntry {
    const { idx, val, len } = terms;
    const at = this.poolTop;
    this.idxPool = room(this.idxPool, at, at + len, (n) => new Int32Array(n));
    this.valPool = room(this.valPool, at, at + len, (n) => new Float64Array(n));
    this.idxPool.set(idx.subarray(0, len), at);
    this.valPool.set(val.subarray(0, len), at);
    this.poolTop = at + len;
    const s = new TermsEntry(at, len);
    let byHash = this.byGroup.get(group);
    if (!byHash) this.byGroup.set(group, (byHash = new Map()));
    const same = byHash.get(h);
    if (same) same.push(s);
    else byHash.set(h, [s]);
    this.stored += 2 * len;
    return s;
  }

  /** A new row of `entry` for class `cls`, over cells with `counts` circuits, that the caller then sets. */
  addRow(entry: TermsEntry, cls: number, counts: Float64Array): SubtreeSums {
    this.seal();
    if (this.scratch.raw.length < counts.length) {
      this.scratch.raw = new Float64Array(counts.length);
      this.scratch.shift = new Int32Array(counts.length);
    }
    this.scratch.shift.fill(-1, 0, counts.length);
    const s = this.rowTop < this.rows.length ? (this.rows[this.rowTop] as SubtreeSums).renew(counts) : new SubtreeSums(counts, this.scratch);
    this.rows[this.rowTop++] = s;
    entry.setRow(cls, s);
    this.open = s;
    return s;
  }

  /** Seals the open row: from here its sums are one number per cell with circuits. */
  private seal(): void {
    const s = this.open;
    if (!s) return;
    this.open = null;
    let circuits = this.circuitsOf.get(s.counts);
    if (!circuits) {
      const { counts } = s;
      let n = 0;
      for (let c = 0; c < counts.length; c++) if (counts[c] !== 0) n++;
      circuits = new Float64Array(n);
      n = 0;
      for (let c = 0; c < counts.length; c++) if (counts[c] !== 0) circuits[n++] = counts[c] as number;
      this.circuitsOf.set(s.counts, circuits);
      this.stored += n;
    }
    this.countPool = room(this.countPool, this.countTop, this.countTop + circuits.length, (n) => new Float64Array(n));
    s.seal(circuits, this.countPool, this.countTop);
    this.countTop += circuits.length;
    this.stored += circuits.length;
  }

  /** Whether a subtree with these sums and a term list shifted by `shift` has exact float64 counts. */
  fits(s: SubtreeSums, shift: number): boolean {
    return !s.bad && shift + s.maxShift < POW2.length && s.maxScaled * (POW2[shift] as number) < Infinity;
  }

  /** Tallies one subtree with these sums (`fits` first) and a term list shifted by `shift` for `summary`. */
  tally(s: SubtreeSums, shift: number, summary: GroundingSummary): void {
    if (this.target !== summary) this.flush();
    this.target = summary;
    if (s.pendingCount === 0) {
      this.dirty[this.dirtyCount++] = s;
      s.pendingShift = shift;
      s.pendingCount = 1;
    } else if (s.pendingShift === shift) s.pendingCount++;
    else {
      const more = (s.morePending ??= new Map());
      more.set(shift, (more.get(shift) ?? 0) + 1);
    }
  }

  /**
   * Tallies one circuit per entry of `ranks[0..m)` (the ranks of their cells among the cells with
   * circuits) with these sums (`fits` first) and a term list shifted by `shift`, for `summary`.
   */
  tallyCells(s: SubtreeSums, shift: number, ranks: Int32Array, m: number, summary: GroundingSummary): void {
    if (this.target !== summary) this.flush();
    this.target = summary;
    if (this.open === s) this.seal();
    if (!s.partialPending) {
      if (s.partialAt < 0) {
        const n = (s.circuits as Float64Array).length;
        this.partialPool = room(this.partialPool, this.partialTop, this.partialTop + n, (k) => new Float64Array(k));
        s.partialAt = this.partialTop;
        this.partialTop += n;
        this.stored += n;
      }
      s.partialShift = shift;
      s.partialPending = true;
      this.partialDirty[this.partialCount++] = s;
    } else if (s.partialShift !== shift) {
      this.addPartial(s, summary);
      s.partialShift = shift;
    }
    const partial = this.partialPool;
    const at = s.partialAt;
    for (let i = 0; i < m; i++) {
      const r = at + (ranks[i] as number);
      partial[r] = (partial[r] as number) + 1;
    }
  }

  private addPartial(s: SubtreeSums, summary: GroundingSummary): void {
    const n = (s.circuits as Float64Array).length;
    summary.addNumbers(this.countPool, this.partialPool, n, POW2[s.partialShift] as number, 1, s.at, s.partialAt);
    this.partialPool.fill(0, s.partialAt, s.partialAt + n);
  }

  /** Forgets every grouping's entries (a new unit), after adding what they tallied. */
  reset(): void {
    this.flush();
    this.byGroup.clear();
    this.stored = 0;
    this.poolTop = 0;
    this.countTop = 0;
    this.partialTop = 0; // zero again: the flush above added and cleared every pending part
    this.rowTop = 0;
    this.generation++;
  }

  /** Keeps the memory bound: called between subtrees. */
  trim(): void {
    if (this.stored > this.limit) this.reset();
  }

  /** Adds every tallied subtree's circuits to the summary they were recorded for. */
  flush(): void {
    this.seal();
    const summary = this.target as GroundingSummary;
    const pool = this.countPool;
    const { dirty, partialDirty } = this;
    for (let k = 0; k < this.dirtyCount; k++) {
      const s = dirty[k] as SubtreeSums;
      dirty[k] = null;
      const circuits = s.circuits as Float64Array;
      summary.addNumbers(pool, circuits, circuits.length, POW2[s.pendingShift] as number, s.pendingCount, s.at);
      s.pendingCount = 0;
      if (s.morePending) {
        for (const [shift, subtrees] of s.morePending) summary.addNumbers(pool, circuits, circuits.length, POW2[shift] as number, subtrees, s.at);
        s.morePending = null;
      }
    }
    this.dirtyCount = 0;
    for (let k = 0; k < this.partialCount; k++) {
      const s = partialDirty[k] as SubtreeSums;
      partialDirty[k] = null;
      this.addPartial(s, summary);
      s.partialPending = false;
    }
    this.partialCount = 0;
  }
}

/** `pool` when it holds `need` elements, else a new one (twice as long, or `need`) with its first `keep` copied. */
function room<T extends Int32Array | Float64Array>(pool: T, keep: number, need: number, make: (length: number) => T): T {
  if (need <= pool.length) return pool;
  const grown = make(Math.max(2 * pool.length, need));
  grown.set(pool.subarray(0, keep));
  return grown;
}
