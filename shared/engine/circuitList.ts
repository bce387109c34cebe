/**
 * A growable list of kept circuits in one flat Uint32Array (per circuit: the node masks of layers
 * 1..L, then the edge rows of pairs 1..L, the CircuitBatch layout), with their groundings: a slice's
 * list while it may still be cut at the limit, and every kept circuit of an output for the stricter criteria.
 */
import { fromCircuitRecord, toCircuitRecord, type CircuitCode } from './circuitRecord.js';
import type { CircuitRecord } from './types.js';

/**
 * A list as a slice sends it: its circuits' words one after another (`CircuitList`'s layout, the
 * stride known from the network) and their groundings. A record of a width-6 circuit is about
 * seventy small arrays and 2.4 KB; building a slice's records was 99% of a slice that listed
 * 1.2 million circuits (30 s against 0.16 s unlisted), its packed words 64 bytes each.
 */
export interface PackedCircuits {
  readonly words: Uint32Array;
  readonly groundings: readonly (bigint | null)[];
}

export class CircuitList {
  length = 0;
  /** Words per circuit. */
  readonly stride: number;
  data: Uint32Array;
  readonly groundings: (bigint | null)[] = [];
  private readonly widths: number[];

  /** `layerSizes` of the single-output network, inputs first. */
  constructor(readonly layerSizes: readonly number[], capacity = 1024) {
    this.widths = layerSizes.slice(1);
    this.stride = this.widths.length + this.widths.reduce((a, b) => a + b, 0);
    this.data = new Uint32Array(this.stride * Math.max(1, capacity));
  }

  static fromRecords(layerSizes: readonly number[], records: readonly CircuitRecord[]): CircuitList {
    const list = new CircuitList(layerSizes, records.length);
    for (const r of records) {
      const code = fromCircuitRecord(r);
      list.push(code.masks, code.rows, r.groundings);
    }
    return list;
  }

  /** The packed form's circuits (`packed()`), checked against this network's stride. */
  static fromPacked(layerSizes: readonly number[], packed: PackedCircuits): CircuitList {
    const list = new CircuitList(layerSizes, 0);
    list.append(packed);
    return list;
  }

  /** The circuits as a slice sends them: a copy of the words in use, the groundings. */
  packed(): PackedCircuits {
    return { words: this.data.slice(0, this.length * this.stride), groundings: this.groundings.slice() };
  }

  /** Appends every circuit of `packed` (of the same network) at once. */
  append(packed: PackedCircuits): void {
    const { words, groundings } = packed;
    if (words.length !== groundings.length * this.stride) {
      throw new RangeError(`a packed list of ${groundings.length} circuits has ${words.length} words, not ${groundings.length * this.stride} (${this.stride} a circuit)`);
    }
    this.room(this.length + groundings.length);
    this.data.set(words, this.length * this.stride);
    for (const g of groundings) this.groundings.push(g);
    this.length += groundings.length;
  }

  /** A new list of the circuits with `keep[i]` set, in order. */
  kept(keep: Uint8Array): CircuitList {
    const out = new CircuitList(this.layerSizes, keep.reduce((n, k) => n + (k ? 1 : 0), 0));
    const { stride } = this;
    for (let i = 0; i < this.length; i++) {
      if (!keep[i]) continue;
      out.data.set(this.data.subarray(i * stride, (i + 1) * stride), out.length * stride);
      out.groundings.push(this.groundings[i] ?? null);
      out.length++;
    }
    return out;
  }

  private room(circuits: number): void {
    if (circuits * this.stride <= this.data.length) return;
    const grown = new Uint32Array(Math.max(this.data.length * 2, circuits * this.stride));
    grown.set(this.data);
    this.data = grown;
  }

  push(masks: Uint32Array, rows: readonly Uint32Array[], groundings: bigint | null): void {
    this.room(this.length + 1);
    let at = this.length * this.stride;
    const { data } = this;
    for (let l = 0; l < masks.length; l++) data[at++] = masks[l] as number;
    for (const row of rows) for (let j = 0; j < row.length; j++) data[at++] = row[j] as number;
    this.groundings.push(groundings);
    this.length++;
  }

  /** Circuit i as views of the buffer (valid until the next push). */
  code(i: number): CircuitCode {
    let at = i * this.stride;
    const masks = this.data.subarray(at, (at += this.widths.length));
    const rows = this.widths.map((w) => this.data.subarray(at, (at += w)));
    return { masks, rows };
  }

  /** Circuit i in the golden record form. */
  record(i: number): CircuitRecord {
    return toCircuitRecord(this.layerSizes, this.code(i), this.groundings[i] ?? null);
  }

  records(): CircuitRecord[] {
    return Array.from({ length: this.length }, (_, i) => this.record(i));
  }

  /** Offset of circuit i's node mask of layer l (1-based) in `data`. */
  maskAt(i: number, l: number): number {
    return i * this.stride + l - 1;
  }
}
