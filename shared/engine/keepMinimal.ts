/**
 * The inclusion-minimal circuits of a list (minimal-circuits, docs/criteria.md): those with no
 * proper sub-circuit in the list. A circuit is its words (node masks, then edge rows), and c' is a
 * sub-circuit of c when every bit of c' is set in c.
 *
 * Circuits are visited by size (bits set), so every proper sub-circuit of one comes before it, and
 * each is tested against the minimal ones found so far (if it has any sub-circuit, it has a minimal
 * one). The test is set-wise, not one minimal circuit at a time: for every bit position, the
 * minimal circuits that set it, as a bitset; a minimal circuit lies inside c exactly when it sets
 * no bit that c leaves clear, so c is covered when the OR of those positions' bitsets, over the
 * bits c leaves clear, misses some minimal circuit. 32 minimal circuits are ruled in or out per
 * word. Comparing each circuit with the minimal ones in turn took 18.6 s on one xor-k5 slice (4.0
 * million circuits, 5 237 minimal), most of the run.
 */
import { popcount } from './bits.js';
import type { CircuitList } from './circuitList.js';

/** Per bit position (word * 32 + bit), the minimal circuits that set it, 32 to a word; grown as they are found. */
class PositionSets {
  private sets: Uint32Array;
  private blocks = 1;
  count = 0;
  /** Positions set by some minimal circuit, per word: only those can rule one out. */
  readonly used: Uint32Array;

  constructor(private readonly stride: number) {
    this.sets = new Uint32Array(stride * 32);
    this.used = new Uint32Array(stride);
  }

  /** Adds the circuit at `at` of `data` as the next minimal one. */
  add(data: Uint32Array, at: number): void {
    const q = this.count++;
    if (q >> 5 >= this.blocks) this.grow();
    const { blocks, sets } = this;
    for (let k = 0; k < this.stride; k++) {
      const w = data[at + k] as number;
      this.used[k] = (this.used[k] as number) | w;
      for (let bits = w; bits !== 0; bits &= bits - 1) {
        const p = k * 32 + 31 - Math.clz32(bits & -bits);
        const i = p * blocks + (q >> 5);
        sets[i] = (sets[i] as number) | (1 << (q & 31));
      }
    }
  }

  /**
   * Whether some minimal circuit lies inside the circuit at `at`: `clear` holds the used positions
   * it leaves clear (`n` of them), filled by the caller.
   */
  covers(clear: Int32Array, n: number): boolean {
    const { blocks, sets, count } = this;
    const full = count >> 5;
    for (let b = 0; b <= full; b++) {
      // The last word holds count % 32 minimal circuits; a word past them holds none.
      const present = b < full ? 0xffffffff : (2 ** (count & 31) - 1) >>> 0;
      if (present === 0) break;
      let out = 0;
      for (let j = 0; j < n && (out | 0) !== (present | 0); j++) out |= sets[(clear[j] as number) * blocks + b] as number;
      if (((out & present) >>> 0) !== present) return true;
    }
    return false;
  }

  private grow(): void {
    const blocks = this.blocks * 2;
    const sets = new Uint32Array(this.stride * 32 * blocks);
    for (let p = 0; p < this.stride * 32; p++) sets.set(this.sets.subarray(p * this.blocks, (p + 1) * this.blocks), p * blocks);
    this.sets = sets;
    this.blocks = blocks;
  }
}

/** Among the circuits with `keep[i]` set, clears those that have a proper sub-circuit in the set. */
export function keepMinimal(list: CircuitList, keep: Uint8Array): void {
  const { data, stride } = list;
  // By size, then index: a counting sort (sizes are at most 32 bits a word), where a comparison
  // sort of 34 million indices took most of a minute.
  const size = new Uint32Array(list.length);
  const first = new Uint32Array(stride * 32 + 2);
  for (let i = 0; i < list.length; i++) {
    if (!keep[i]) continue;
    let bits = 0;
    for (let k = i * stride; k < (i + 1) * stride; k++) bits += popcount(data[k] as number);
    size[i] = bits;
    first[bits + 1] = (first[bits + 1] as number) + 1;
  }
  for (let b = 1; b < first.length; b++) first[b] = (first[b] as number) + (first[b - 1] as number);
  const order = new Uint32Array(first[first.length - 1] as number);
  for (let i = 0; i < list.length; i++) {
    if (!keep[i]) continue;
    const b = size[i] as number;
    order[first[b] as number] = i;
    first[b] = (first[b] as number) + 1;
  }
  const minimal = new PositionSets(stride);
  const clear = new Int32Array(stride * 32);
  for (const i of order) {
    const at = i * stride;
    let n = 0;
    for (let k = 0; k < stride; k++) {
      for (let bits = (minimal.used[k] as number) & ~(data[at + k] as number); bits !== 0; bits &= bits - 1) clear[n++] = k * 32 + 31 - Math.clz32(bits & -bits);
    }
    if (minimal.count > 0 && minimal.covers(clear, n)) keep[i] = 0;
    else minimal.add(data, at);
  }
}
