/**
 * W of a group walk (groupWalk.ts): the output's gate count summed over its tables, by the listed
 * nodes' joint table choice (their tables' indices by `stride`) and the tail (tau, or node z - 1's
 * table and tau in the middle way). The same few parents' tables come back in every state below,
 * and asking the gate memo for each was most of a Q's time. Stamped per group (super group); not
 * kept when the choices do not fit.
 */
import type { TableNode } from './circuitTables.js';
import type { OutputSupport } from './outputSupport.js';
import type { GateCountOf } from './stepScratch.js';
import type { TailIds } from './tailIds.js';

/**
 * W's rows (the listed nodes' joint choices) past which W is not kept: listedSums.ts's exact sums
 * count on at most 2^16 terms a state.
 */
const MAX_W_ROWS = 1 << 16;
/**
 * W's cells (rows x its tail's possible tables) past which W is not kept: 24 MB with the stamps.
 * The tail is indexed by table value, 2^patterns of them (in the middle way 2^8 pairs with four
 * patterns, 512 ids past that: tailIds.ts), so at 2^16 cells a 3-input network's W was kept only
 * for a single row, and its groups were not walked at all (about 110 us a circuit on PARITY k = 5).
 */
const MAX_W_CELLS = 1 << 21;

export class OutputWMemo {
  private memo = new Float64Array(0);
  private stamp = new Int32Array(0);
  private group = 0;
  /** Whether this group's W is kept. */
  kept = false;
  /** Whether the tail holds node z - 1's table too (the middle way). */
  private middle = false;
  private listed = 0;
  /** The listed nodes' joint choices: a cell's index is tail * rows + row. */
  rows = 1;
  /** stride[r]: the listed node r's weight in a row index. */
  readonly stride: Float64Array;
  /** parentViews[n]: a buffer's first n slots, the output's parents' tables. */
  private readonly parentViews: Int32Array[];

  /** `ids`: past four patterns, the middle way's tails as ids (tailIds.ts); null with fewer. */
  constructor(
    private readonly gates: GateCountOf,
    private readonly span: number,
    widest: number,
    private readonly ids: TailIds | null = null,
    /** Outside the middle way, the tables tau that can make W non-zero (outputSupport.ts): the others are not asked of the gate counts. */
    private readonly support: OutputSupport | null = null,
  ) {
    this.stride = new Float64Array(widest);
    const parents = new Int32Array(widest);
    this.parentViews = Array.from({ length: widest + 1 }, (_, n) => parents.subarray(0, n));
  }

  /** A new group over `layer` listing its first `listed` nodes: the strides, and whether W is kept. */
  start(layer: readonly TableNode[], listed: number, middle: boolean): boolean {
    this.middle = middle;
    this.listed = listed;
    let joint = 1;
    for (let r = listed - 1; r >= 0; r--) {
      this.stride[r] = joint;
      joint *= (layer[r] as TableNode).tables.length;
    }
    this.rows = joint;
    const cells = joint * (middle ? (this.ids ? this.ids.perState : this.span * this.span) : this.span);
    this.kept = joint <= MAX_W_ROWS && cells <= MAX_W_CELLS;
    if (this.kept && this.memo.length < cells) {
      this.memo = new Float64Array(cells);
      this.stamp = new Int32Array(cells);
      this.group = 0;
    }
    this.restart();
    return this.kept;
  }

  /** Every cell stale (the tails' ids started again: tailIds.ts). */
  restart(): void {
    if (this.group === 0x7fffffff) {
      this.stamp.fill(0);
      this.group = 0;
    }
    this.group++;
  }

  /**
   * W for the listed nodes' joint choice `row` and `tail`: node z's table, after node z - 1's
   * times 2^patterns in the middle way (or both tables' ids, tailIds.ts); the parents' tables read off both.
   */
  get(layer: readonly TableNode[], out: TableNode, row: number, tail: number): number {
    // Tail-major: a sum over the joint choices (listedSums.ts) reads one tail's rows in a run, where
    // row-major put each 2^patterns cells apart (2 KB with three inputs).
    const at = tail * this.rows + row;
    return this.stamp[at] === this.group ? (this.memo[at] as number) : this.compute(layer, out, row, tail, at);
  }

  private compute(layer: readonly TableNode[], out: TableNode, row: number, tail: number, at: number): number {
    const z = layer.length - 1;
    const { span } = this;
    const ps = this.parentViews[out.parents.length] as Int32Array;
    const { ids } = this;
    for (let p = 0; p < out.parents.length; p++) {
      const r = out.parents[p] as number;
      if (r === z) ps[p] = this.middle ? (ids ? ids.tauOfTail(tail) : tail % span) : tail;
      else if (r === this.listed) ps[p] = ids ? ids.aOfTail(tail) : Math.floor(tail / span);
      else {
        const node = layer[r] as TableNode;
        ps[p] = node.tables[Math.floor(row / (this.stride[r] as number)) % node.tables.length] as number;
      }
    }
    let w = 0;
    const { support } = this;
    if (this.middle || !support || !support.on || support.allowsRow(row, tail, layer, out, this.stride)) {
      for (let i = 0; i < out.tables.length; i++) w += this.gates(out.tables[i] as number, ps);
    }
    this.memo[at] = w;
    this.stamp[at] = this.group;
    return w;
  }
}
