/**
 * Which live states of a group walk (groupWalk.ts) share one joint-choice list: the listed nodes'
 * choices at a state read only their parents' digits, so states whose digits agree on those
 * parents have the same list, and every sum over it is the same before the state's own weight. On
 * MAJORITY [3, 4, 4, 1] half the lists the walk built were another state's again.
 */
import type { TableNode } from './circuitTables.js';

export class SharedLists {
  /** Whether two live states can share (the listed nodes' parents leave out some node below); set by `canonical`. */
  shares = false;
  /** The listed nodes' parents among the nodes below, as a mask (-1: past 31 nodes, never shared). */
  private parents = 0;
  private ready = false;
  private gen = 0;
  /** canonOf[i]: the live state whose list the i-th shares, where canonStamp[i] === gen. */
  private canonOf = new Int32Array(0);
  private canonStamp = new Int32Array(0);
  /** firstByKey[key]: the first live state asked of those whose digits on the parents make key, where firstStamp[key] === gen. */
  private firstByKey = new Int32Array(0);
  private firstStamp = new Int32Array(0);
  /** The parents' indices below and their table counts (a key's mixed radix: keys stay below the states). */
  private keyNodes = new Int32Array(0);
  private keyRadix = new Int32Array(0);
  private keyLength = 0;

  /** Room for `states` states below (the live states and the keys are fewer). */
  hold(states: number): void {
    if (this.canonStamp.length >= states) return;
    this.canonOf = new Int32Array(states);
    this.canonStamp = new Int32Array(states);
    this.firstByKey = new Int32Array(states);
    this.firstStamp = new Int32Array(states);
    this.gen = 0;
  }

  /** A new group listing layer H's first `listed` nodes: every state's canonical one stale. */
  group(layer: readonly TableNode[], listed: number): void {
    let parents = 0;
    for (let r = 0; r < listed; r++) {
      const ps = (layer[r] as TableNode).parents;
      for (let p = 0; p < ps.length; p++) parents = (ps[p] as number) > 30 || parents < 0 ? -1 : parents | (1 << (ps[p] as number));
    }
    this.parents = parents;
    this.ready = false;
  }

  /** The live states changed: every state's canonical one stale. */
  reset(): void {
    this.ready = false;
  }

  /**
   * The live state whose list the i-th shares: the first asked of those whose digits
   * (`digits[i * nb + q]`, node q's of `sizes[q]` tables) agree on the listed nodes' parents; i
   * itself where no two can agree (`shares` false).
   */
  canonical(i: number, digits: Int32Array, nb: number, sizes: Int32Array): number {
    if (!this.ready) this.prepare(nb, sizes);
    if (!this.shares) return i;
    if (this.canonStamp[i] === this.gen) return this.canonOf[i] as number;
    const { keyNodes, keyRadix } = this;
    let key = 0;
    for (let j = 0; j < this.keyLength; j++) key = key * (keyRadix[j] as number) + (digits[i * nb + (keyNodes[j] as number)] as number);
    let c = i;
    if (this.firstStamp[key] === this.gen) c = this.firstByKey[key] as number;
    else {
      this.firstByKey[key] = i;
      this.firstStamp[key] = this.gen;
    }
    this.canonOf[i] = c;
    this.canonStamp[i] = this.gen;
    return c;
  }

  /** This group's key nodes, and every stamp stale. */
  private prepare(nb: number, sizes: Int32Array): void {
    this.ready = true;
    const { parents } = this;
    this.shares = parents >= 0 && nb <= 30 && parents !== (1 << nb) - 1;
    if (!this.shares) return;
    if (this.keyNodes.length < nb) {
      this.keyNodes = new Int32Array(nb);
      this.keyRadix = new Int32Array(nb);
    }
    let n = 0;
    for (let q = 0; q < nb; q++) {
      if ((parents & (1 << q)) === 0) continue;
      this.keyNodes[n] = q;
      this.keyRadix[n] = sizes[q] as number;
      n++;
    }
    this.keyLength = n;
    if (this.gen === 0x7fffffff) {
      this.canonStamp.fill(0);
      this.firstStamp.fill(0);
      this.gen = 0;
    }
    this.gen++;
  }
}
