/**
 * A growable list of kept circuits in one flat Uint32Array (per circuit: the node masks of layers
 * 1..L, then the edge rows of pairs 1..L, the CircuitBatch layout), with their groundings: a slice's
 * list while it may still be cut at the limit, and every kept circuit of an output for the stricter criteria.
 */
import { fromCircuitRecord, toCircuitRecord, type CircuitCode } from './circuitRecord.js';
import type { CircuitRecord } from './types.js';

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

  push(masks: Uint32Array, rows: readonly Uint32Array[], groundings: bigint | null): void {
    if ((this.length + 1) * this.stride > this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
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
