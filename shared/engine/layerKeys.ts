/**
 * What a layer of a circuit's grounding DP depends on, to tell whether the next circuit may keep
 * it: the layer's node mask and each on node's edge row restricted to the on nodes below. The
 * tables (through the nodes' values) and the parents of layer l follow from those of layers 1..l,
 * so a DP keeps layers 1..l while every one of them has the same key (groundingDp.ts,
 * residueDp.ts).
 */
import { bitList } from './bits.js';
import type { CircuitCode } from './circuitRecord.js';

export class LayerKeys {
  /** Layer l's node mask at l - 1 (-1: none yet; a Float64Array holds every uint32 mask). */
  private readonly keyMask: Float64Array;
  /** keyRows[l - 1][j]: node j's row masked by the layer below, for the on nodes of keyMask. */
  private readonly keyRows: Uint32Array[];
  /** Every input is on: the first layer's rows are masked by all of them. */
  private readonly inputs: number;
  /** The output layer's index: never kept (its table depends on every row). */
  private readonly L: number;

  constructor(layerSizes: readonly number[]) {
    this.inputs = 2 ** (layerSizes[0] as number) - 1;
    this.L = layerSizes.length - 1;
    this.keyMask = new Float64Array(layerSizes.length - 1).fill(-1);
    this.keyRows = layerSizes.slice(1).map((w) => new Uint32Array(w));
  }

  /** The first layer to recompute for `code` when layers 1..valid are kept: the first whose key differs, at most the output. */
  firstChanged(code: CircuitCode, valid: number): number {
    let l = 1;
    while (l <= valid && l < this.L && this.same(code, l)) l++;
    return l;
  }

  /** Whether layer l of `code` has the key remembered for it. */
  same(code: CircuitCode, l: number): boolean {
    const mask = code.masks[l - 1] as number;
    if (mask !== this.keyMask[l - 1]) return false;
    const lower = l === 1 ? this.inputs : (code.masks[l - 2] as number);
    const rows = code.rows[l - 1] as Uint32Array;
    const kept = this.keyRows[l - 1] as Uint32Array;
    for (let m = mask; m !== 0; m &= m - 1) {
      const j = 31 - Math.clz32(m & -m);
      if ((((rows[j] as number) & lower) >>> 0) !== kept[j]) return false;
    }
    return true;
  }

  /** Remembers layer l of `code` as the key of the layer now kept. */
  remember(code: CircuitCode, l: number): void {
    const mask = code.masks[l - 1] as number;
    const lower = l === 1 ? this.inputs : (code.masks[l - 2] as number);
    const rows = code.rows[l - 1] as Uint32Array;
    const kept = this.keyRows[l - 1] as Uint32Array;
    this.keyMask[l - 1] = mask;
    for (const j of bitList(mask)) kept[j] = ((rows[j] as number) & lower) >>> 0;
  }
}
