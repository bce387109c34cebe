/**
 * Kept circuits copied into one flat buffer while they wait for their groundings: a copy per
 * circuit (masks and rows as separate typed arrays) cost more than the fast grounding count itself
 * at tens of millions of circuits. Each slot is read through views made once, on its first use.
 */
import type { CircuitCode } from './circuitRecord.js';

export class CircuitBatch {
  length = 0;
  private readonly stride: number;
  private readonly data: Uint32Array;
  private readonly slots: CircuitCode[] = [];
  private readonly widths: readonly number[];

  /** `layerSizes` of the network (inputs first); room for `capacity` circuits. */
  constructor(layerSizes: readonly number[], readonly capacity: number) {
    this.widths = layerSizes.slice(1);
    this.stride = this.widths.length + this.widths.reduce((a, b) => a + b, 0);
    this.data = new Uint32Array(this.stride * capacity);
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

  /** Circuit i, viewing the buffer: valid until the batch is cleared and refilled. */
  at(i: number): CircuitCode {
    // Views are made on first use: a slice that keeps a few circuits should not pay for thousands.
    while (this.slots.length <= i) {
      let at = this.slots.length * this.stride;
      const masks = this.data.subarray(at, (at += this.widths.length));
      const rows = this.widths.map((w) => this.data.subarray(at, (at += w)));
      this.slots.push({ masks, rows });
    }
    return this.slots[i] as CircuitCode;
  }

  clear(): void {
    this.length = 0;
  }
}
