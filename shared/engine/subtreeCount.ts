/**
 * The counting half of groundingFast.ts `countSubtree`: given an accepted subtree's grouping and
 * the prefix terms brought up to date for it, its circuits' counts are tallied from remembered
 * sums (subtreeMemo.ts) or from sums computed once here: with one free node a row per class of
 * the last fixed node (pair terms times its a against every free class), with
 * two free nodes one row over every class pair (pairSums.ts).
 */
import type { SubtreeGroup } from './groundingSubtree.js';
import type { GroundingSummary } from './groundingSummary.js';
import type { NodeRow, UnitTables } from './groundingUnit.js';
import { ClassMatrices } from './classMatrices.js';
import { ClassRows } from './classRows.js';
import { PairSums } from './pairSums.js';
import type { OutputMoebius } from './partitions.js';
import type { PrefixTerms } from './prefixTerms.js';
import { SubtreeMemo, type TermsEntry } from './subtreeMemo.js';
import type { SubtreeSums } from './subtreeSums.js';

/** Float64 values the subtree memo may hold (32 MB) before it flushes and starts again. */
const MEMO_VALUES = 2 ** 22;

export class SubtreeCounter {
  private readonly memo = new SubtreeMemo(MEMO_VALUES);
  private readonly matrices = new ClassMatrices();
  private readonly kernel: PairSums;
  private readonly classRows: ClassRows;
  // The entry of the last subtree, and the pair terms' version, grouping and memo generation it is for.
  private lastEntry: TermsEntry | null = null;
  private lastEntryFor = -1;
  private lastEntryGroups: SubtreeGroup | null = null;
  private lastEntryGen = -1;

  constructor(
    private readonly prefix: PrefixTerms,
    limit: number,
  ) {
    this.kernel = new PairSums(this.matrices, limit);
    this.classRows = new ClassRows(this.matrices, limit);
  }

  /**
   * Tallies the `free` (1 or 2) free nodes' subtree of `groups` with the output `out` of `key` and
   * n on nodes into `summary` (at the next flush); false, with nothing tallied, when some count
   * would be inexact.
   */
  tally(unit: UnitTables, groups: SubtreeGroup, free: number, key: number, out: OutputMoebius, n: number, size: number, summary: GroundingSummary): boolean {
    const { memo } = this;
    const entry = this.entryFor(groups, key, out, n, unit.dim, size);
    // Two free nodes: one row of sums over every class pair (their terms times a rarely repeat).
    const last = free === 1 ? this.lastFixed(n) : null;
    const sums = free === 1 ? this.lastFixedRow(unit, entry, groups, last) : entry.row(0) ?? this.pairSums(entry, groups, unit.dim);
    const shift = this.prefix.pairListShift + (last ? last.shift : 0);
    if (!memo.fits(sums, shift)) return false;
    memo.tally(sums, shift, summary);
    memo.trim();
    return true;
  }

  /**
   * `tally` with one free node for only some of its options: `ranks[0..m)`, one per circuit, the
   * ranks of their classes among the grouping's classes with circuits (SubtreeGroup.optionRank).
   */
  tallyOptions(unit: UnitTables, groups: SubtreeGroup, key: number, out: OutputMoebius, n: number, size: number, ranks: Int32Array, m: number, summary: GroundingSummary): boolean {
    const { memo } = this;
    const last = this.lastFixed(n);
    const sums = this.lastFixedRow(unit, this.entryFor(groups, key, out, n, unit.dim, size), groups, last);
    const shift = this.prefix.pairListShift + (last ? last.shift : 0);
    if (!memo.fits(sums, shift)) return false;
    memo.tallyCells(sums, shift, ranks, m, summary);
    memo.trim();
    return true;
  }

  /** One free node among n on nodes: the last fixed node (none with one on node). */
  private lastFixed(n: number): NodeRow | null {
    return n >= 2 ? this.prefix.lastFixed : null;
  }

  /** One free node: the sums depend on the last fixed node `last` too, so `entry` has a row per class of it. */
  private lastFixedRow(unit: UnitTables, entry: TermsEntry, groups: SubtreeGroup, last: NodeRow | null): SubtreeSums {
    const cls = last ? unit.classOf(last) : 0;
    return entry.row(cls) ?? this.row(entry, cls, last, groups, unit.dim);
  }

  /** Adds to the summaries every subtree tallied since the last flush. */
  flush(): void {
    this.memo.flush();
  }

  /** A new unit: every grouping is stale (after a flush). */
  reset(): void {
    this.memo.reset();
    this.matrices.reset();
  }

  /** The memo entry of the current pair terms for `groups`: looked up only when they changed. */
  private entryFor(groups: SubtreeGroup, key: number, out: OutputMoebius, n: number, dim: number, size: number): TermsEntry {
    const { prefix, memo, lastEntry } = this;
    const version = prefix.pairTerms(key, out, n, dim, size);
    if (lastEntry && this.lastEntryFor === version && this.lastEntryGroups === groups && this.lastEntryGen === memo.generation) return lastEntry;
    const terms = prefix.pairList;
    const entry = memo.entry(groups, terms);
    this.lastEntry = entry;
    this.lastEntryFor = version;
    this.lastEntryGroups = groups;
    this.lastEntryGen = memo.generation;
    return entry;
  }

  /**
   * The row of `entry` (pair terms of a one-free-node `groups`) for the last fixed node `last` of
   * class `cls` (null: none): the pair terms times its a, summed against every free class. These
   * products were once also looked up by content across entries, but hashing and storing them
   * cost more than the sums in WebAssembly (classRows.ts), and filled the memo, so it was flushed
   * more often (k = 6 slice 2146: 37.7 -> 34.1 s without that lookup).
   */
  private row(entry: TermsEntry, cls: number, last: NodeRow | null, groups: SubtreeGroup, dim: number): SubtreeSums {
    const { prefix, memo } = this;
    const row = memo.addRow(entry, cls, groups.counts);
    // Declined only without a matrix: then each class is summed apart (run would ask for the
    // matrix again, and count what this row costs without it twice).
    if (last?.a) {
      if (this.classRows.runScaled(prefix, last, groups, dim, row)) return row;
      prefix.pairFirst(last);
    } else {
      prefix.pairFirst(last);
      if (this.classRows.run(prefix.oneList, groups, dim, row)) return row;
    }
    groups.reps[0].forEach((node, c) => {
      if (groups.counts[c] !== 0 && node.a) row.set(c, prefix.pairSum(node), node.shift);
    });
    return row;
  }

  /** The sums of `entry`'s pair terms against every class pair of a two-free-node `groups`. */
  private pairSums(entry: TermsEntry, groups: SubtreeGroup, dim: number): SubtreeSums {
    const sums = this.memo.addRow(entry, 0, groups.counts);
    this.kernel.run(this.prefix.pairList, groups, dim, sums);
    return sums;
  }
}
