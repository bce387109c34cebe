/**
 * One network's analysis as slice shards, and their exact reassembly. The circuit space of each
 * output is cut into unit ranges of about `sliceCandidates` candidates each (circuitSpace.ts); the
 * what-then-where search of each output is one mapping slice. Results are summaries, so the
 * assembler holds per slice a few numbers and a distribution, and circuit lists only while the
 * output's kept count stays within the list limit.
 */
import { circuitSliceRanges, mergeCircuitSlices, outputCandidates, type CircuitSliceSummary } from '../shared/engine/circuitSlices.js';
import { mappingSpaceSize, mergeMappingSlices, type MappingSlicePart } from '../shared/engine/mappingSlices.js';
import type { AnalysisOptions, CircuitRecord, Gate } from '../shared/engine/types.js';
import type { CircuitSliceShardResult, MappingSliceShardResult, OutputResult, ShardSpec, SliceTarget } from '../shared/wire/messages.js';

/** Default size of a slice, in candidate circuits (about 0.2 s of circuit search at k = 5). */
export const DEFAULT_SLICE_CANDIDATES = 200_000_000;
/** At most this many circuit slices per output, however large the space. */
export const MAX_SLICES_PER_OUTPUT = 4096;

/**
 * A split output gets at least this many slices: slices are balanced by candidates, but the work
 * follows the kept circuits (their groundings), so a few slices would leave workers idle at the end.
 */
export const MIN_SLICES_WHEN_SPLIT = 32;

/** How many circuit slices an output gets: 1 at or below `sliceCandidates`. */
export function sliceCount(layerSizes: readonly number[], minSparsity: number, sliceCandidates: number): number {
  const candidates = outputCandidates(layerSizes, minSparsity);
  if (candidates <= sliceCandidates) return 1;
  return Math.min(MAX_SLICES_PER_OUTPUT, Math.max(MIN_SLICES_WHEN_SPLIT, Math.ceil(candidates / sliceCandidates)));
}

/** Whether a network of these sizes is analysed in slices rather than as one shard. */
export function isLarge(layerSizes: readonly number[], minSparsity: number, sliceCandidates: number): boolean {
  return sliceCount(layerSizes, minSparsity, sliceCandidates) > 1;
}

/** The slice specs of one network, circuit slices of every output first, in a stable order. */
export function networkSliceSpecs(target: Omit<SliceTarget, 'output'>, listLimit: number | null, sliceCandidates: number): ShardSpec[] {
  const { model, validation, grounding, gates, analysis } = target;
  const specs: ShardSpec[] = [];
  const wantsCircuits = analysis.stages.includes('circuits') || analysis.stages.includes('groundings');
  const n = sliceCount(model.layerSizes, analysis.minSparsity, sliceCandidates);
  gates.forEach((_, output) => {
    if (!wantsCircuits) return;
    for (const r of circuitSliceRanges(model.layerSizes, analysis.minSparsity, n)) {
      specs.push({ kind: 'circuit-slice', model, validation, grounding, gates, output, start: r.start, end: r.end, analysis, listLimit });
    }
  });
  if (!analysis.stages.includes('mappings')) return specs;
  const of = mappingSliceCount(model.layerSizes, analysis);
  gates.forEach((_, output) => {
    for (let slice = 0; slice < of; slice++) specs.push({ kind: 'mapping-slice', model, gates, output, slice, of, analysis });
  });
  return specs;
}

/** A mapping slice does about this much work (neuron-set checks, ~2 ns each): about half a second. */
export const MAPPING_SLICE_WORK = 250_000_000;
const MAX_MAPPING_SLICES = 64;

/** Mapping slices per output: 1 for the paper's depth-2 searches, more as formulas deepen. */
export function mappingSliceCount(layerSizes: readonly number[], analysis: Pick<AnalysisOptions, 'formulaMaxDepth' | 'iiaPairs'>): number {
  const { work } = mappingSpaceSize(layerSizes, analysis.formulaMaxDepth, analysis.iiaPairs);
  return Math.max(1, Math.min(MAX_MAPPING_SLICES, Math.floor(work / MAPPING_SLICE_WORK)));
}

interface OutputParts {
  readonly circuit: (CircuitSliceSummary | undefined)[];
  readonly mapping: (MappingSlicePart | undefined)[];
  keptSoFar: number;
  listed: boolean;
}

/** Collects slice results of one network (each at most once) and merges them exactly. */
export class NetworkAssembler {
  private readonly outputs: OutputParts[];
  private readonly slot = new Map<string, { output: number; at: number; kind: 'circuit' | 'mapping' }>();
  private missing: number;

  /**
   * @param spool when given, a listed slice's circuits are handed to it and not held here: the
   * merged output then has an empty `circuits` array standing for "listed, in the spool".
   */
  constructor(private readonly gates: readonly Gate[], specs: readonly ShardSpec[], private readonly listLimit: number, private readonly spool?: (output: number, start: number, circuits: CircuitRecord[]) => void) {
    this.outputs = gates.map(() => ({ circuit: [], mapping: [], keptSoFar: 0, listed: true }));
    for (const s of specs) {
      if (s.kind === 'network') throw new TypeError('a network shard is not a slice');
      const o = this.outputs[s.output] as OutputParts;
      if (s.kind === 'circuit-slice') {
        this.slot.set(`c:${s.output}:${s.start}:${s.end}`, { output: s.output, at: o.circuit.length, kind: 'circuit' });
        o.circuit.push(undefined);
      } else {
        this.slot.set(`m:${s.output}:${s.slice}`, { output: s.output, at: o.mapping.length, kind: 'mapping' });
        o.mapping.push(undefined);
      }
    }
    this.missing = this.slot.size;
  }

  get remaining(): number {
    return this.missing;
  }

  /** Adds a slice result; false when it is not one of this network's slices or already in. */
  add(r: CircuitSliceShardResult | MappingSliceShardResult): boolean {
    const key = r.kind === 'circuit-slice' ? `c:${r.output}:${r.start}:${r.end}` : `m:${r.output}:${r.slice}`;
    const slot = this.slot.get(key);
    if (!slot) return false;
    const o = this.outputs[slot.output] as OutputParts;
    if (r.kind === 'circuit-slice') {
      if (o.circuit[slot.at]) return false;
      o.keptSoFar += r.kept;
      // Past the limit no list can survive: drop the ones held so memory stays bounded.
      if (!r.circuits || o.keptSoFar > this.listLimit) this.dropLists(o);
      let circuits = o.listed ? r.circuits : null;
      if (circuits && this.spool) {
        this.spool(r.output, r.start, circuits);
        circuits = [];
      }
      o.circuit[slot.at] = { candidates: r.candidates, kept: r.kept, groundings: r.groundings, circuits };
    } else {
      if (o.mapping[slot.at]) return false;
      o.mapping[slot.at] = r.part;
    }
    this.missing--;
    return true;
  }

  private dropLists(o: OutputParts): void {
    o.listed = false;
    o.circuit.forEach((c, i) => {
      if (c) o.circuit[i] = { ...c, circuits: null };
    });
  }

  /** The merged outputs; call when `remaining` is 0. */
  finish(): OutputResult[] {
    if (this.missing > 0) throw new Error(`${this.missing} slices are still missing`);
    return this.outputs.map((o, i) => {
      const c = o.circuit.length ? mergeCircuitSlices(o.circuit as CircuitSliceSummary[], this.listLimit) : { candidates: 0, kept: 0, groundings: null, circuits: [] as CircuitRecord[] };
      const m = o.mapping.length ? mergeMappingSlices(o.mapping as MappingSlicePart[]) : { formulasChecked: 0, formulas: [] };
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
