/**
 * The middle way's tails (lastNodeGroups.ts) past four patterns: node z - 1's table and node z's,
 * as small ids given in the order a super group asks for them. R and W are indexed by a tail, and
 * with two inputs a tail is both tables' values (2^4 x 2^4 of them a state); with three inputs
 * that is 2^16 a state, too many to index, yet a super group asks for few: on PARITY [3, 5, 5, 1]
 * at most 12 tables of node z - 1 and 14 of node z, on MAJORITY [3, 4, 4, 1] at most 34 and 11
 * (counted on a slice of each; other slices of PARITY ask for more of node z's). When a super group asks for more than the ids hold, the caller
 * empties R and W and starts the ids again (a new super group in all but its key).
 */

/**
 * Ids of node z - 1's tables a super group can hold before it starts again. 16 and 32 of node z's
 * rather than 32 and 16: on a slice of PARITY k = 5 (units 424 981-424 984, 177 022 kept) node z's
 * tables ran out in 10 132 of 17 716 groups and node z - 1's never, and the slice took 18.6-19.0 s
 * against 25.6-26.1 s; MAJORITY k = 4, whose node z - 1 asks for more, and two other PARITY slices
 * within the noise (docs/performance.md, 2026-12-07, sixth).
 */
export const A_IDS = 16;
/** Ids of node z's tables, likewise, as a power of two (a tail's low bits). */
export const TAU_BITS = 5;

export class TailIds {
  /** Tails a state's R holds: aIds x 2^tauBits. */
  readonly perState: number;
  /** aValue[id]: node z - 1's table of that id; tauValue likewise. */
  readonly aValue: Int32Array;
  readonly tauValue: Int32Array;
  /** aOf[table]: its id where aStamp[table] === epoch; tauOf likewise. */
  private readonly aOf: Int32Array;
  private readonly aStamp: Int32Array;
  private readonly tauOf: Int32Array;
  private readonly tauStamp: Int32Array;
  private aCount = 0;
  private tauCount = 0;
  private epoch = 1;

  /** `span`: a table's bound (2^patterns); fewer ids than the defaults only to test running out. */
  constructor(
    span: number,
    private readonly aIds = A_IDS,
    private readonly tauBits = TAU_BITS,
  ) {
    this.perState = aIds << tauBits;
    this.aValue = new Int32Array(aIds);
    this.tauValue = new Int32Array(1 << tauBits);
    this.aOf = new Int32Array(span);
    this.aStamp = new Int32Array(span);
    this.tauOf = new Int32Array(span);
    this.tauStamp = new Int32Array(span);
  }

  /** Every id free again. */
  clear(): void {
    this.aCount = 0;
    this.tauCount = 0;
    if (this.epoch === 0x7fffffff) {
      this.aStamp.fill(0);
      this.tauStamp.fill(0);
      this.epoch = 0;
    }
    this.epoch++;
  }

  /** The tail of node z - 1's table `a` and node z's `tau`, ids given where new; -1 when either has none left. */
  tail(a: number, tau: number): number {
    const { epoch } = this;
    let ai = this.aStamp[a] === epoch ? (this.aOf[a] as number) : -1;
    if (ai < 0) {
      if (this.aCount === this.aIds) return -1;
      ai = this.aCount++;
      this.aOf[a] = ai;
      this.aStamp[a] = epoch;
      this.aValue[ai] = a;
    }
    let ti = this.tauStamp[tau] === epoch ? (this.tauOf[tau] as number) : -1;
    if (ti < 0) {
      if (this.tauCount === this.tauValue.length) return -1;
      ti = this.tauCount++;
      this.tauOf[tau] = ti;
      this.tauStamp[tau] = epoch;
      this.tauValue[ti] = tau;
    }
    return (ai << this.tauBits) | ti;
  }

  /** Node z - 1's table of a tail. */
  aOfTail(tail: number): number {
    return this.aValue[tail >> this.tauBits] as number;
  }

  /** Node z's table of a tail. */
  tauOfTail(tail: number): number {
    return this.tauValue[tail & (this.tauValue.length - 1)] as number;
  }
}
