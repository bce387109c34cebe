/**
 * What the grounding DP's last two layers, summed per group (lastNodeSums.ts in float64,
 * lastNodeResidues.ts in residues), share: the group's key, the stamps of Q's cells, the output's
 * gate counts kept per group, and the walk over nodes 0..z-1's joint choices.
 *
 * With one output node O over the last hidden layer H (on nodes 0..z), a circuit's count is
 *   sum over s (joint choices of layer H - 1) of sum over the tables tau of node z of
 *   g_z(tau | s) * Q[s][tau],
 *   Q[s][tau] = f_{H-1}(s) * sum over the tables t of nodes 0..z-1 of prod_r g_r(t_r | s) * W(t, tau),
 *   W(t, tau) = sum over O's tables w of g_O(w | its parents' tables among (t, tau)).
 * Q depends on the layers below H, on H's node mask, on the rows of nodes 0..z-1 and on O's row
 * and tables, but not on node z's row: the search moves that row fastest but for the output's, so
 * on XOR [2, 4, 4, 4, 1] a group held six circuits on average, and the DP had recomputed layer H
 * for nearly every circuit. Q is filled lazily, per state and table of node z as circuits ask for
 * them, and stamped with its group (so a new group empties nothing).
 */
import type { TableNode } from './circuitTables.js';
import { BelowChoices } from './belowChoices.js';
import { GroupWalk } from './groupWalk.js';
import type { GateCountOf, StepScratch } from './stepScratch.js';
import { QRows } from './qRows.js';
import { TailIds } from './tailIds.js';

/** Q's cells (states of layer H - 1 x node z's possible tables) past which the DP goes its usual way. */
export const MAX_SUM_CELLS = 1 << 20;
/** Q's values (cells x lanes) past which the same: 32 MB of float64, which three primes' lanes reach at the cells' bound, and more lanes (counts past about 2^115) stop short of. */
export const MAX_SUM_VALUES = 1 << 22;
/** Tables past this bound (more than four patterns) make R by table values (span^2 cells a state) too large: R and W take the tables' ids (tailIds.ts). */
const MAX_MIDDLE_SPAN = 16;

/**
 * How a DP counts its last two layers: per group by the walk over the live states below
 * (groupWalk.ts), per group by the odometer over every state below (what a group the walk cannot
 * take does; a way of its own to test the walk against), or by the plain steps. 'walk-few-ids' is
 * the walk with two ids of each table for the middle way's tails (tailIds.ts) and four rows of Q
 * (qRows.ts), and the middle way's masks of zero cells (outputSupport.ts), with two inputs too, so
 * that super groups and groups run out of them and the masks are tested on them; 'walk-listed' is
 * the walk without the middle way (what a group whose R does not fit does, with its own masks).
 * Both only to test those.
 */
export type LastNodeWay = 'walk' | 'walk-few-ids' | 'walk-listed' | 'states' | 'off';

export abstract class LastNodeGroups {
  /**
   * Groups started, Q cells summed, Q cells read (more reads than sums: circuits shared them),
   * circuits counted by the walk, walks left for the odometer midway, circuits left to the plain
   * steps, super groups started again for want of tail ids, reads of Q cells known zero, skipped
   * (outputSupport.ts), Q started again for want of its rows' ids, and products of gate counts
   * past 2^53 whose residues were taken factor by factor (listedSums.ts; for measurements and tests).
   */
  readonly stats = { groups: 0, sums: 0, reads: 0, walks: 0, walksLeft: 0, declined: 0, restarts: 0, zeros: 0, qRestarts: 0, factored: 0 };
  /** 2^patterns: a table's bound, Q's row length (a power by a variable exponent is a call to pow). */
  protected readonly span: number;
  /**
   * stamp[qRow(tau) * states + s] === group: Q's cell holds this group's sum. Table-major: a circuit reads
   * its few tables' cells over the live states in order, where state-major rows were 2^patterns
   * cells apart (2 KB with three inputs, every read another line and often another page).
   */
  protected stamp = new Int32Array(0);
  /** The joint choices of layer H - 1 in this group (Q's states). */
  protected states = 0;
  protected group = 0;
  private keyMask = -1;
  private readonly keyNodes: number[] = [];
  private keyOut = -1;
  private readonly keyOutTables: number[] = [];
  private keyLanes = 0;
  /** Node z's non-zero gate counts in the current state, and their tables' indices. */
  protected lastF = new Float64Array(16);
  protected lastW = new Int32Array(16);
  /** The odometer over nodes 0..z-1's joint choices at one state, where the walk does not go. */
  protected readonly below: BelowChoices;
  /** Node z's tables the current state still needs Q for. */
  protected stale = new Int32Array(16);
  /**
   * R, the middle way's sums (groupWalk.ts), for groups whose nodes but z - 1 are the same (a
   * super group: the search moves node z - 1's row next after node z's):
   *   R[i][a][tau] = sum over the joint choices t of nodes 0..z-2 at the i-th live state of
   *   prod_r g_r(t_r | s) * W(t, a, tau), a and tau node z - 1's and node z's tables,
   * so that Q[s][tau] = f(s) * sum over node z - 1's tables a of g_{z-1}(a | s) * R[i][a][tau]:
   * where the walk summed every joint choice of nodes 0..z-1 for each Q cell, it sums node z - 1's
   * few, and each R cell serves the super group's groups. `lanes` values a cell at
   * (i * tails + tail) * lanes (`tailOf`), where middleStamp[...] === superGroup; the largest
   * roundings behind an R cell's approximation in middleRoundings (residues).
   */
  protected middleSums = new Float64Array(0);
  protected middleStamp = new Int32Array(0);
  protected superGroup = 0;
  protected middleRoundings = 0;
  /** The walk over the live states below, and W kept per group (groupWalk.ts). */
  protected readonly walk: GroupWalk;
  /** Past four patterns, the middle way's tails as ids (tailIds.ts); null with fewer (a tail is a * span + tau). */
  private readonly ids: TailIds | null;
  /** R's tails a state: span^2, or the ids' A_IDS x 2^TAU_BITS. */
  protected readonly tails: number;
  /** Q's rows: node z's tables, by value or by id (qRows.ts). */
  private readonly qRows: QRows;
  /** Whether groups take the walk (not the odometer over every state, LastNodeWay 'states'), and the middle way where R fits. */
  private readonly walkOn: boolean;
  private readonly middleOn: boolean;

  /** `patterns`: the grounding patterns (a table is below 2^patterns); `widest`: the widest layer. */
  constructor(
    protected readonly scratch: StepScratch,
    protected readonly gates: GateCountOf,
    patterns: number,
    widest: number,
    way: Exclude<LastNodeWay, 'off'> = 'walk',
  ) {
    this.span = 2 ** patterns;
    this.qRows = new QRows(this.span, way === 'walk-few-ids');
    this.walkOn = way !== 'states';
    this.middleOn = way !== 'walk-listed';
    this.below = new BelowChoices(scratch, gates, widest);
    this.ids = way === 'walk-few-ids' ? new TailIds(this.span, 2, 1) : this.span > MAX_MIDDLE_SPAN ? new TailIds(this.span) : null;
    this.tails = this.ids ? this.ids.perState : this.span * this.span;
    this.walk = new GroupWalk(scratch, gates, this.span, widest, this.ids, this.span > MAX_MIDDLE_SPAN || way === 'walk-few-ids');
  }

  /** Whether a layer below H of `prevStates` joint choices fits Q, `lanes` values a cell, with H's last node of `lastTables` tables. */
  fits(prevStates: number, lanes: number, lastTables: number): boolean {
    return this.rowsFor(prevStates, lanes) >= Math.max(1, lastTables);
  }

  /**
   * How many of node z's tables Q holds at once over `prevStates` states, `lanes` values a cell:
   * Q_TABLES (qRows.ts), or past four patterns as many as its bounds allow (Q starts again sooner).
   * PARITY [3, 5, 5, 1]'s layers below of 7^5 = 16 807 states passed the bounds by 2% with 64 rows:
   * a unit of 61 554 kept circuits took the plain steps, 0.3 s a circuit.
   */
  private rowsFor(prevStates: number, lanes: number): number {
    const { qRows } = this;
    const rows = Math.min(qRows.most, Math.floor(MAX_SUM_CELLS / prevStates), Math.floor(MAX_SUM_VALUES / (prevStates * lanes)));
    return qRows.direct && rows < qRows.most ? 0 : rows;
  }

  /** The layers below H changed: no group goes on, and the live states below are stale. */
  reset(): void {
    this.keyMask = -1;
    this.walk.reset();
  }

  /** Q's values for `cells` cells of `lanes` values each, kept by the subclass (grown: stamps restart). */
  protected abstract holdCells(cells: number, lanes: number): void;

  /**
   * Starts a new group unless this circuit's key is the current group's, and starts the walk over
   * layer H's states below. (The output's row follows from H's mask when every on node feeds the
   * output, as in the search's circuits; its key is compared all the same, for a caller's circuit
   * that leaves a node unused.) True when a group starts.
   */
  protected enter(below: readonly TableNode[], prevStates: number, layer: readonly TableNode[], mask: number, out: TableNode, l: number, lanes: number): boolean {
    const z = layer.length - 1;
    const last = layer[z] as TableNode;
    if (this.lastF.length < last.tables.length) {
      this.lastF = new Float64Array(last.tables.length);
      this.lastW = new Int32Array(last.tables.length);
    }
    this.scratch.start(below, layer, l);
    let sameSuper = lanes === this.keyLanes && mask === this.keyMask && out.key === this.keyOut && this.keyNodes.length === z && this.keyOutTables.length === out.tables.length;
    for (let r = 0; sameSuper && r < z - 1; r++) sameSuper = (layer[r] as TableNode).key === this.keyNodes[r];
    for (let i = 0; sameSuper && i < out.tables.length; i++) sameSuper = out.tables[i] === this.keyOutTables[i];
    if (sameSuper && (z === 0 || (layer[z - 1] as TableNode).key === this.keyNodes[z - 1])) return false;
    this.stats.groups++;
    this.keyLanes = lanes;
    this.keyMask = mask;
    this.keyOut = out.key;
    // Written in place: setting an array's length (to empty it) was a few percent of a narrow network's run.
    const { keyNodes, keyOutTables } = this;
    for (let r = 0; r < z; r++) keyNodes[r] = (layer[r] as TableNode).key;
    if (keyNodes.length !== z) keyNodes.length = z;
    for (let i = 0; i < out.tables.length; i++) keyOutTables[i] = out.tables[i] as number;
    if (keyOutTables.length !== out.tables.length) keyOutTables.length = out.tables.length;
    this.below.size(layer);
    this.qRows.size(this.rowsFor(prevStates, lanes));
    const cells = prevStates * this.qRows.tables;
    this.states = prevStates;
    if (this.stamp.length < cells) {
      this.stamp = new Int32Array(cells);
      this.restamp();
    }
    this.holdCells(cells, lanes);
    // R: by live state, node z - 1's table and node z's; past its bounds the walk lists nodes 0..z-1.
    const rCells = prevStates * this.tails;
    const middle = this.middleOn && rCells <= MAX_SUM_CELLS && rCells * lanes <= MAX_SUM_VALUES;
    if (middle && !sameSuper) {
      if (this.middleStamp.length < rCells) {
        this.middleStamp = new Int32Array(rCells);
        this.restampMiddle();
      }
      if (this.middleSums.length < rCells * lanes) this.middleSums = new Float64Array(rCells * lanes);
      this.nextSuperGroup();
      this.ids?.clear();
      this.middleRoundings = 0;
    }
    this.walk.group(layer, middle, sameSuper);
    this.nextQ();
    return true;
  }

  /**
   * Q's row of node z's table tau in this generation of Q (qRows.ts; the caller made room: `qRoom`).
   */
  protected qRow(tau: number): number {
    return this.qRows.row(tau, this.group);
  }

  /** Room for `c` more of node z's tables in Q: past its rows, Q starts again, every cell stale (a circuit's terms read so far stay added). */
  protected qRoom(c: number): void {
    if (!this.qRows.full(c)) return;
    this.nextQ();
    this.stats.qRestarts++;
  }

  /** A new generation of Q (and its rows): every cell stale. */
  private nextQ(): void {
    if (this.group === 0x7fffffff) this.restamp();
    this.group++;
    this.qRows.next();
  }

  /** Whether this group takes the walk over the live states below (groupWalk.ts) rather than the odometer over every state. */
  protected walkable(below: readonly TableNode[], prev: Float64Array, prevStates: number, lanes: number, layer: readonly TableNode[]): boolean {
    return this.walkOn && this.walk.ready(below, prev, prevStates, lanes, layer);
  }

  /**
   * The middle way's tail of node z - 1's table `a` and node z's `tau` (R's and W's index past the
   * state's or the row's): a * span + tau, or past four patterns their ids, R and W made stale
   * first when the ids run out (tailIds.ts).
   */
  protected tailOf(a: number, tau: number): number {
    const { ids } = this;
    if (!ids) return a * this.span + tau;
    const tail = ids.tail(a, tau);
    if (tail >= 0) return tail;
    ids.clear();
    this.nextSuperGroup();
    this.walk.w.restart();
    this.stats.restarts++;
    return ids.tail(a, tau);
  }

  /** Every R cell stale. */
  private nextSuperGroup(): void {
    if (this.superGroup === 0x7fffffff) this.restampMiddle();
    this.superGroup++;
  }

  /** Every R stamp made stale, the super group counter from 0. */
  private restampMiddle(): void {
    this.middleStamp.fill(0);
    this.superGroup = 0;
  }

  /** Every stamp made stale (Q's row ids too), the group counter from 0. */
  protected restamp(): void {
    this.stamp.fill(0);
    this.qRows.restamp();
    this.group = 0;
  }

  /** Node z's tables among its first `c` gate counts whose Q cell this group has not summed at state sp, into this.stale (each given its Q row); how many. */
  protected staleOf(sp: number, last: TableNode, c: number): number {
    const { states } = this;
    let stale = 0;
    this.qRoom(c);
    for (let k = 0; k < c; k++) {
      const tau = last.tables[this.lastW[k] as number] as number;
      if (this.stamp[this.qRow(tau) * states + sp] !== this.group) {
        if (stale === this.stale.length) {
          const grown = new Int32Array(stale * 2);
          grown.set(this.stale);
          this.stale = grown;
        }
        this.stale[stale++] = tau;
      }
    }
    this.stats.sums += stale;
    this.stats.reads += c;
    return stale;
  }

  /** W for the current joint choice of nodes 0..z-1 (`joint`) and tau, kept per group where it fits. */
  protected outputW(layer: readonly TableNode[], out: TableNode, joint: number, tau: number): number {
    return this.walk.w.kept && !this.walk.middle ? this.walk.w.get(layer, out, joint, tau) : this.below.outputGates(layer, out, tau);
  }
}
