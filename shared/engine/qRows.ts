/**
 * Q's rows (lastNodeGroups.ts): Q holds, for node z's tables, a row of cells over the live states
 * below. With two inputs every table has its row (16), the table's value; with three there are 256
 * tables, and a row is an id given in the order a group asks, Q_TABLES at once, Q started again
 * when they run out. By value, Q fitted only layers below of up to 4 096 states (2^20 cells), and a
 * PARITY [3, 5, 5, 1] unit of 7 203 took the plain steps: 70 ms a circuit, against 1 ms.
 */

/** Node z's tables Q holds at once, past four patterns. */
export const Q_TABLES = 64;
/** Q's rows under the tests' 'walk-few-ids' way: few enough that groups run out of them, with two inputs too. */
const FEW_Q_TABLES = 4;

export class QRows {
  /** Node z's tables Q holds at once at most. */
  readonly most: number;
  /** Node z's tables Q holds at once in this group: `most`, or fewer where a layer below of many states would pass Q's bounds with them (`size`). */
  tables: number;
  /** Whether a row is its table's value (every table has one: Q holds `most` rows or none). */
  readonly direct: boolean;
  /** id[tau]: table tau's row, where stamp[tau] is the generation of Q asking. */
  private readonly id: Int32Array;
  private readonly stamp: Int32Array;
  private given = 0;

  /** `span`: a table's bound (2^patterns); `few`: the tests' few rows. */
  constructor(span: number, few: boolean) {
    this.most = Math.min(span, few ? FEW_Q_TABLES : Q_TABLES);
    this.tables = this.most;
    this.direct = this.most === span;
    this.id = new Int32Array(this.direct ? 0 : span);
    this.stamp = new Int32Array(this.direct ? 0 : span);
  }

  /** Table tau's row in generation `gen` (from 1: a stamp of 0 is stale) of Q, given where new; the caller made room (`full`). */
  row(tau: number, gen: number): number {
    if (this.direct) return tau;
    if (this.stamp[tau] === gen) return this.id[tau] as number;
    const id = this.given++;
    this.id[tau] = id;
    this.stamp[tau] = gen;
    return id;
  }

  /** Whether `c` more tables would pass this generation's rows (Q must start again: `next`). */
  full(c: number): boolean {
    return !this.direct && this.given + c > this.tables;
  }

  /** Q holds `rows` of node z's tables at once from its next generation (`most` where rows are values). */
  size(rows: number): void {
    this.tables = this.direct ? this.most : Math.min(rows, this.most);
  }

  /** A new generation of Q: no table has a row yet. */
  next(): void {
    this.given = 0;
  }

  /** Every stamp stale, for a generation counter that starts again. */
  restamp(): void {
    this.stamp.fill(0);
  }
}
