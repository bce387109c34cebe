/**
 * The slices' lists of kept circuits held packed for `--criteria minimal-circuits`, which compares
 * an output's listed circuits with each other once every slice is in (slicedCriteria.ts): the
 * spool's place (circuitSpool.ts) under that criterion. A packed circuit is a few integers (about
 * 40 bytes at k = 3), its record about fifty times that: slices send their lists packed (an older
 * worker's records are packed as they arrive, networkSlices.ts), and they are held so.
 */
import { CircuitList } from '../shared/engine/circuitList.js';

export class PackedLists {
  /** Per output, each slice's list by its place in search order (first unit, first row). */
  private readonly parts = new Map<number, Map<string, CircuitList>>();

  /** `layerSizes(o)`: output o's network (one output). */
  constructor(private readonly layerSizes: (o: number) => readonly number[]) {}

  /** One slice's circuits (the slice of output `o` from unit `at[0]`, first row `at[1]`); a slice listed again replaces its list. */
  write(o: number, at: readonly [number, number], circuits: CircuitList): void {
    let slices = this.parts.get(o);
    if (!slices) this.parts.set(o, (slices = new Map()));
    slices.set(`${String(at[0]).padStart(16, '0')}-${String(at[1]).padStart(5, '0')}`, circuits);
  }

  /** Output o's circuits in search order, one list (the slices' own let go). */
  take(o: number): CircuitList {
    const out = new CircuitList(this.layerSizes(o));
    const slices = this.parts.get(o) ?? new Map<string, CircuitList>();
    this.parts.delete(o);
    for (const key of [...slices.keys()].sort()) {
      const part = slices.get(key) as CircuitList;
      out.append({ words: part.data.subarray(0, part.length * part.stride), groundings: part.groundings });
      slices.delete(key);
    }
    return out;
  }
}
