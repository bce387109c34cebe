/**
 * One network's slice results, merged exactly (the slices are planned in networkSlices.ts).
 * Results are summaries, so the assembler holds per slice a few numbers, circuit lists only while
 * the output's kept count stays within the list limit, and per output the distributions merged as
 * they arrive (a slice of k = 6 holds up to 2.4 million distinct counts: held apart until the end,
 * 11 heavy slices took the coordinator to 1.5 GB).
 */
import { MAX_SLICE_LIST, mergeCircuitSlices, oneOutput, type CircuitSliceSummary } from '../shared/engine/circuitSlices.js';
import { CircuitList } from '../shared/engine/circuitList.js';
import { DistributionMerger } from '../shared/engine/distributionMerger.js';
import { countedRecord, totalMappings } from '../shared/engine/mappingCount.js';
import { mappingListBound } from '../shared/engine/mappingSearch.js';
import { isListed, mergeMappingSlices, type MappingSlicePart } from '../shared/engine/mappingSlices.js';
import type { CircuitRecord, Gate } from '../shared/engine/types.js';
import type { CircuitSliceShardResult, MappingSliceShardResult, OutputResult, ShardSpec } from '../shared/wire/messages.js';
import { sliceKey } from './networkSlices.js';
import { ThreadedMerger } from './threadedMerger.js';

interface OutputParts {
  /** The slices' summaries, their distributions merged into `groundings` as they arrive. */
  readonly circuit: (CircuitSliceSummary | undefined)[];
  readonly groundings: DistributionMerger;
  /** With `mergeThreads`: the distributions go here instead (from the first), until `settle()`. */
  threaded: ThreadedMerger | null;
  readonly mapping: (MappingSlicePart | undefined)[];
  /** Minimal mappings so far; past the listing bound the held parts are counted, not listed. */
  mappingsSoFar: number;
  keptSoFar: number;
  /** Whether the output's list can still survive (kept so far within the limit). */
  listed: boolean;
}

interface Slot {
  readonly output: number;
  readonly at: number;
  readonly kind: 'circuit' | 'mapping';
  /** Index of the slot's spec in the plan. */
  readonly spec: number;
  /** A first-pass slice whose list was cut at its share and is run again for the whole list. */
  relisting: boolean;
}

/** How many circuits a slice result listed, packed or as records (all it kept, when it sent only its minimal ones); null when none. */
const listedCount = (r: CircuitSliceShardResult): number | null => {
  const n = r.packed ? r.packed.groundings.length : (r.circuits?.length ?? null);
  return n !== null && r.minimal ? r.kept : n;
};

export interface AssemblerOptions {
  /**
   * When given, a listed slice's circuits are handed to it and not held here: the merged output
   * then has an empty `circuits` array standing for "listed, in the spool".
   */
  readonly spool?: (output: number, at: readonly [number, number], circuits: CircuitList, listed: number) => void;
  /**
   * The distributions are merged in the process's merge thread (threadedMerger.ts), off the thread
   * that collects the results; `settle()` before `finish()`. @default false
   */
  readonly mergeThreads?: boolean;
}

/**
 * Collects slice results of one network (each at most once) and merges them exactly. Two passes
 * for lists: `relist()` names, once every slice is in, the slices to run again with the whole
 * list limit; their results fill in the lists and nothing else.
 */
export class NetworkAssembler {
  private readonly outputs: OutputParts[];
  private readonly slot = new Map<string, Slot>();
  private missing: number;
  private relists: number | null = null;
  /** Minimal mappings an output lists (mappingListBound of the list limit). */
  private readonly mappingBound: number;

  constructor(private readonly gates: readonly Gate[], readonly specs: readonly ShardSpec[], private readonly listLimit: number, private readonly options: AssemblerOptions = {}) {
    this.mappingBound = mappingListBound(listLimit);
    this.outputs = gates.map(() => ({ circuit: [], groundings: new DistributionMerger(), threaded: null, mapping: [], mappingsSoFar: 0, keptSoFar: 0, listed: listLimit > 0 }));
    // Circuit slices take their place in search order (units, then parts of a unit by their first
    // rows), whatever order they are run in: the lists merge in that order.
    const order = (s: ShardSpec): [number, number] => (s.kind === 'circuit-slice' ? [s.start, s.firstRows?.[0] ?? 0] : [0, 0]);
    const ordered = specs.map((s, spec) => ({ s, spec, at: order(s) })).sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1]);
    ordered.forEach(({ s, spec }) => {
      if (s.kind === 'network') throw new TypeError('a network shard is not a slice');
      const o = this.outputs[s.output] as OutputParts;
      if (s.kind === 'circuit-slice') {
        this.slot.set(sliceKey(s), { output: s.output, at: o.circuit.length, kind: 'circuit', spec, relisting: false });
        o.circuit.push(undefined);
      } else {
        this.slot.set(sliceKey(s), { output: s.output, at: o.mapping.length, kind: 'mapping', spec, relisting: false });
        o.mapping.push(undefined);
      }
    });
    this.missing = this.slot.size;
  }

  /** Whether output o's list can still be whole (its kept circuits so far within the list limit). */
  listing(o: number): boolean {
    return this.outputs[o]?.listed ?? false;
  }

  /** Results still expected: first-pass slices, then the relisted ones. */
  get remaining(): number {
    return this.missing + (this.relists ?? 0);
  }

  /**
   * Once every first-pass slice is in: the spec indices to run again with the whole list limit
   * (each output that keeps at most the limit, its slices whose list was cut at their share), as
   * specs with that limit. Stable, so a resumed coordinator asks for the same ones.
   */
  relist(): { spec: number; shard: ShardSpec }[] {
    if (this.missing > 0) throw new Error(`${this.missing} slices are still missing`);
    const out: { spec: number; shard: ShardSpec }[] = [];
    for (const slot of this.slot.values()) {
      if (slot.kind === 'mapping') {
        const o = this.outputs[slot.output] as OutputParts;
        if (o.mappingsSoFar > this.mappingBound || isListed(o.mapping[slot.at] as MappingSlicePart)) continue;
        slot.relisting = true;
        out.push({ spec: slot.spec, shard: { ...(this.specs[slot.spec] as ShardSpec & { kind: 'mapping-slice' }), listBound: this.mappingBound } });
        continue;
      }
      const o = this.outputs[slot.output] as OutputParts;
      const c = o.circuit[slot.at] as CircuitSliceSummary;
      if (!o.listed || c.circuits !== null || c.kept === 0) continue;
      slot.relisting = true;
      out.push({ spec: slot.spec, shard: { ...(this.specs[slot.spec] as ShardSpec & { kind: 'circuit-slice' }), listLimit: this.listLimit === Infinity ? null : this.listLimit } });
    }
    this.relists = out.length;
    return out;
  }

  /** Adds a slice result; false when it is not one of this network's slices or already in. */
  add(r: CircuitSliceShardResult | MappingSliceShardResult): boolean {
    const slot = this.slot.get(sliceKey(r));
    if (!slot) return false;
    const o = this.outputs[slot.output] as OutputParts;
    if (r.kind === 'circuit-slice') {
      const held = o.circuit[slot.at];
      if (held) return this.relisted(slot, o, held, r);
      o.keptSoFar += r.kept;
      // Past the limit no list can survive: drop the ones held so memory stays bounded. Nor can
      // it past the most one slice lists, whatever the limit: asked again, the slice would answer
      // its summary alone again.
      if (o.keptSoFar > this.listLimit || r.kept > MAX_SLICE_LIST) this.dropLists(o);
      if (r.groundings && this.options.mergeThreads === true) (o.threaded ??= new ThreadedMerger()).add(r.groundings);
      else if (r.groundings) o.groundings.add(r.groundings);
      o.circuit[slot.at] = { candidates: r.candidates, kept: r.kept, groundings: null, circuits: o.listed ? this.keep(slot, r) : null };
    } else {
      const held = o.mapping[slot.at];
      if (held) return this.relistedMappings(slot, o, held, r);
      o.mappingsSoFar += totalMappings(r.part.formulas);
      o.mapping[slot.at] = r.part;
      // Past the bound every formula is counted: drop the lists held so memory stays bounded.
      if (o.mappingsSoFar > this.mappingBound) o.mapping.forEach((p, i) => (o.mapping[i] = p && { ...p, formulas: p.formulas.map(countedRecord) }));
    }
    this.missing--;
    return true;
  }

  /** A relisted slice: only its list is taken (its counts are in already). */
  private relisted(slot: Slot, o: OutputParts, held: CircuitSliceSummary, r: CircuitSliceShardResult): boolean {
    if (!slot.relisting || listedCount(r) !== held.kept) return false;
    slot.relisting = false;
    o.circuit[slot.at] = { ...held, circuits: this.keep(slot, r) };
    this.relists = (this.relists ?? 1) - 1;
    return true;
  }

  /** A relisted mapping slice: its part with every formula listed, the same mappings as counted. */
  private relistedMappings(slot: Slot, o: OutputParts, held: MappingSlicePart, r: MappingSliceShardResult): boolean {
    if (!slot.relisting || !isListed(r.part) || totalMappings(r.part.formulas) !== totalMappings(held.formulas)) return false;
    slot.relisting = false;
    o.mapping[slot.at] = r.part;
    this.relists = (this.relists ?? 1) - 1;
    return true;
  }

  /**
   * A slice's list, packed or as records (a worker from before packed lists): to the spool, which
   * takes it packed, or held as records, which the merged output lists (at most the list limit).
   */
  private keep(slot: Slot, r: CircuitSliceShardResult): CircuitRecord[] | null {
    const { spool } = this.options;
    // Only minimal-circuits' lists (cli/minimalLists.ts) take a slice's minimal circuits alone.
    if (r.minimal && !spool) throw new Error('a slice answered its minimal circuits alone where its whole list is held');
    if (!r.packed && (!r.circuits || !spool)) return r.circuits;
    const spec = this.specs[slot.spec] as ShardSpec & { kind: 'circuit-slice' };
    const sizes = oneOutput(spec.model.layerSizes);
    const list = r.packed ? CircuitList.fromPacked(sizes, r.packed) : CircuitList.fromRecords(sizes, r.circuits as CircuitRecord[]);
    if (!spool) return list.records();
    spool(r.output, [r.start, r.firstRows?.[0] ?? 0], list, listedCount(r) ?? list.length);
    return [];
  }

  private dropLists(o: OutputParts): void {
    o.listed = false;
    o.circuit.forEach((c, i) => {
      if (c) o.circuit[i] = { ...c, circuits: null };
    });
  }

  /** Resolves once the merge thread is not too far behind (at once without it): await after `add`. */
  async ready(): Promise<void> {
    await this.outputs.find((o) => o.threaded)?.threaded?.ready();
  }

  /** Brings the merged distributions back from the merge thread (a no-op without it). */
  async settle(): Promise<void> {
    for (const o of this.outputs) {
      if (!o.threaded) continue;
      o.groundings.add(await o.threaded.result());
      o.threaded = null;
    }
  }

  /** Drops what the merge thread holds for an assembler that will not finish. */
  close(): void {
    for (const o of this.outputs) o.threaded?.close();
  }

  /** The merged outputs; call when `remaining` is 0 (after `relist()`), and after `settle()`. */
  finish(): OutputResult[] {
    if (this.remaining > 0) throw new Error(`${this.remaining} slices are still missing`);
    if (this.outputs.some((o) => o.threaded)) throw new Error('the merge threads are not settled');
    return this.outputs.map((o, i) => {
      const c = o.circuit.length ? mergeCircuitSlices(o.circuit as CircuitSliceSummary[], this.listLimit, o.groundings) : { candidates: 0, kept: 0, groundings: null, circuits: [] as CircuitRecord[] };
      const m = o.mapping.length ? mergeMappingSlices(o.mapping as MappingSlicePart[], this.mappingBound) : { formulasChecked: 0, formulas: [] };
      return {
        gate: this.gates[i] as Gate,
        candidates: c.candidates,
        kept: c.kept,
        groundings: c.groundings,
        circuits: c.circuits,
        formulas_checked: m.formulasChecked,
        formulas: m.formulas,
      };
    });
  }
}
