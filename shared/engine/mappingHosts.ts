/**
 * The `consistent` criterion (docs/criteria.md): a minimal mapping is kept when every neuron it uses
 * is on in some host, a circuit the circuit criteria kept; `circuits_hosting_mappings` counts the
 * hosts that hold at least one kept mapping.
 *
 * Only the neurons a mapping uses matter, so mappings that were counted, not listed (past the
 * listing bound, mappingCount.ts), are judged by the neurons of each group of choices the count
 * already sums over: the criterion keeps counting where the search counted, with the same numbers
 * as judging every listed mapping (test/engine/mappingHosts.test.ts).
 */
import type { CircuitList } from './circuitList.js';
import { circuitSpace, type CircuitSpace } from './circuitSpace.js';
import { choicesByNeurons, eachDisjointChoice, usedMasks, type NeuronSet } from './mappingCount.js';
import { singleOutput } from './network.js';
import type { Mapping, NetworkModel } from './types.js';

export interface HostGroup {
  /** The hidden layers' node masks (index h - 1). */
  readonly masks: Uint32Array;
  /** Kept circuits with these node masks. */
  readonly circuits: number;
}

/** A mapping's neurons as bitmasks per hidden layer (index h - 1). */
function mappingMasks(mapping: Mapping, hiddenLayers: number): Uint32Array {
  const masks = new Uint32Array(hiddenLayers);
  for (const layers of Object.values(mapping)) {
    for (const [layer, neurons] of Object.entries(layers)) {
      const h = Number(layer) - 1;
      masks[h] = (masks[h] as number) | neurons.reduce((m, i) => m | (1 << i), 0);
    }
  }
  return masks;
}

/** Whether every mapped neuron is on in the node masks `hostMasks` (hidden layers 1..H, index h - 1). */
function mappingInside(masks: Uint32Array, hostMasks: ArrayLike<number>): boolean {
  for (let h = 0; h < masks.length; h++) if (((masks[h] as number) & ~(hostMasks[h] as number)) !== 0) return false;
  return true;
}

export class MappingHosts {
  /** Kept circuits grouped by their hidden node masks: the test only reads those. */
  private readonly groups: HostGroup[];
  /** Per group: 1 once it holds a kept mapping. */
  private readonly hosting: Uint8Array;
  /** By `choicesByNeurons` key: whether those neurons lie inside some host (its hosts marked). */
  private readonly judged = new Map<number, boolean>();

  /**
   * Hosts given as groups of kept circuits by their hidden node masks (no two groups with the same
   * masks); `widths`: the hidden layers' widths.
   */
  constructor(groups: readonly HostGroup[], private readonly widths: readonly number[]) {
    this.groups = groups.filter((g) => g.circuits > 0);
    this.hosting = new Uint8Array(this.groups.length);
  }

  /** The hosts among the circuits of `list` that `keep` marks. */
  static ofList(list: CircuitList, keep: Uint8Array, widths: readonly number[]): MappingHosts {
    const byMasks = new Map<string, { masks: Uint32Array; circuits: number }>();
    for (let i = 0; i < list.length; i++) {
      if (!keep[i]) continue;
      const at = list.maskAt(i, 1);
      const masks = list.data.slice(at, at + widths.length);
      const key = masks.join(',');
      const g = byMasks.get(key);
      if (g) g.circuits++;
      else byMasks.set(key, { masks, circuits: 1 });
    }
    return new MappingHosts([...byMasks.values()], widths);
  }

  /** Whether the neurons `masks` lie inside some host; every host that holds them is marked. */
  private holds(masks: Uint32Array): boolean {
    let inside = false;
    this.groups.forEach((g, k) => {
      if (mappingInside(masks, g.masks)) {
        this.hosting[k] = 1;
        inside = true;
      }
    });
    return inside;
  }

  /** The listed mappings that lie inside some host. */
  listed(mappings: readonly Mapping[]): Mapping[] {
    return mappings.filter((m) => this.holds(mappingMasks(m, this.widths.length)));
  }

  /**
   * How many of a formula's minimal mappings lie inside some host, from its relevant nodes' minimal
   * sets (mappingSearch.ts `formulaOptions`): the disjoint choices grouped by the neurons they use,
   * each group judged once; past 53 bits of hidden neurons, choice by choice.
   */
  counted(options: readonly (readonly NeuronSet[])[]): number {
    const states = choicesByNeurons(options, this.widths);
    let n = 0;
    if (!states) {
      this.eachInside(options, () => n++);
      return n;
    }
    for (const [used, ways] of states) if (this.holdsNeurons(used)) n += ways;
    return n;
  }

  /** Calls `visit` with each choice of a set per node whose neurons lie inside some host. */
  eachInside(options: readonly (readonly NeuronSet[])[], visit: (chosen: readonly NeuronSet[]) => void): void {
    const masks = new Uint32Array(this.widths.length);
    eachDisjointChoice(options, (chosen) => {
      masks.fill(0);
      for (const { layer, mask } of chosen) masks[layer - 1] = (masks[layer - 1] as number) | mask;
      if (this.holds(masks)) visit(chosen);
    });
  }

  /** Whether the neurons of a `choicesByNeurons` key lie inside some host, judged once per key. */
  holdsNeurons(used: number): boolean {
    let inside = this.judged.get(used);
    if (inside === undefined) this.judged.set(used, (inside = this.holds(usedMasks(used, this.widths))));
    return inside;
  }

  /** Kept circuits that hold at least one of the mappings judged inside so far. */
  circuitsHosting(): number {
    return this.groups.reduce((a, g, k) => a + (this.hosting[k] ? g.circuits : 0), 0);
  }
}

/**
 * The hosts of an output from its valid circuits counted unit by unit (`unitKept`, a probe's:
 * keptProbe.ts), never listed: a unit's circuits share its node masks (circuitSpace.ts), so the
 * groups are the node-mask combinations with kept circuits, whatever their number.
 */
export function hostGroupsOf(space: CircuitSpace, unitKept: Float64Array, start?: number): HostGroup[] {
  // Without `start` the counts are the whole space's; with it, those of units [start, start + length).
  const from = start ?? 0;
  const end = from + unitKept.length;
  if (start === undefined ? unitKept.length !== space.units : from < 0 || end > space.units) throw new RangeError(`kept counts of ${unitKept.length} units from unit ${from}, for a space of ${space.units}`);
  const L = space.layerSizes.length - 1;
  const out: HostGroup[] = [];
  for (let c = 0; c < space.combos; c++) {
    let circuits = 0;
    const last = Math.min(end, space.unitStart[c + 1] as number);
    for (let u = Math.max(from, space.unitStart[c] as number); u < last; u++) circuits += unitKept[u - from] as number;
    // The hidden layers' masks: the output layer's (the last of a combo) never hosts a neuron.
    if (circuits > 0) out.push({ masks: space.nodeMasks.slice(c * L, c * L + L - 1), circuits });
  }
  return out;
}

/** Output o's host groups, from its probe's kept circuits per unit (`hostGroupsOf` over that output's circuit space). */
export function outputHostGroups(model: NetworkModel, o: number, minSparsity: number, unitKept: Float64Array): HostGroup[] {
  return hostGroupsOf(circuitSpace(singleOutput(model, o).layerSizes, minSparsity), unitKept);
}
