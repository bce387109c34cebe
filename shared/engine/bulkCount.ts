/**
 * Shared between the output search and its caller: while `countOnly` is set, kept completions are
 * added to `counted` in bulk (a whole accepted subtree by inclusion-exclusion, a last row by
 * popcount) instead of being written and emitted one by one. The caller sets it once it needs no
 * more individual circuits.
 */
export interface BulkCount {
  countOnly: boolean;
  counted: number;
  /** Set by the caller once no list is kept: accepted subtrees go to `subtree` when it can. */
  groundingsInBulk?: boolean;
  /**
   * With groundings: counts a whole accepted subtree whose last `free` rows are open (circuits and
   * their groundings, into the caller's summary) and returns how many circuits, or -1 when it
   * cannot and they must be emitted one by one. Set by evaluateCircuits.
   */
  subtree?: (free: number) => number;
  /**
   * With groundings: counts the kept options of the last row (bit o of lo, or of hi for o - 32,
   * is options[o]) with the other rows as they are, into the caller's summary, and returns how
   * many circuits, or -1 when they must be emitted one by one. Set by evaluateCircuits.
   */
  lastRow?: (lo: number, hi: number) => number;
}
