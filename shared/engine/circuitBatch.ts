/**
 * Kept circuits copied into one flat buffer while they wait for their groundings: a copy per
 * circuit (masks and rows as separate typed arrays) cost more than the fast grounding count itself
 * at tens of millions of circuits.
 */
import type { CircuitCode } from './circuitRecord.js';

export class CircuitBatch {
  length = 0;
  private readonly stride: number;
  private readonly data: Uint32Array;
  private readonly view: { masks: Uint32Array; rows: Uint32Array[] };

  /** `layerSizes` of the network (inputs first); room for `capacity` circuits. */
  constructor(layerSizes: readonly number[], readonly capacity: number) {
    const widths = layerSizes.slice(1);
    this.stride = widths.length + widths.reduce((a, b) => a + b, 0);
    this.data = new Uint32Array(this.stride * capacity);
    this.view = { masks: new Uint32Array(widths.length), rows: widths.map((w) => new Uint32Array(w)) };
  }

  /** Appends a copy; returns whether the batch is now full. */
  push(masks: Uint32Array, rows: readonly Uint32Array[]): boolean {
    if (this.length === this.capacity) throw new RangeError(`circuit batch is full (${this.capacity})`);
    const { data } = this;
    let at = this.length * this.stride;
    for (let l = 0; l < masks.length; l++) data[at++] = masks[l] as number;
    for (let l = 0; l < rows.length; l++) {
      const row = rows[l] as Uint32Array;
      for (let j = 0; j < row.length; j++) data[at++] = row[j] as number;
    }
    return ++this.length === this.capacity;
  }

  /** Circuit i, in one view reused by every call: valid until the next call. */
  at(i: number): CircuitCode {
    const { data, view } = this;
    let at = i * this.stride;
    const { masks, rows } = view;
    for (let l = 0; l < masks.length; l++) masks[l] = data[at++] as number;
    for (let l = 0; l < rows.length; l++) {
      const row = rows[l] as Uint32Array;
      for (let j = 0; j < row.length; j++) row[j] = data[at++] as number;
    }
    return view;
  }

  clear(): void {
    this.length = 0;
  }
}
