/**
 * One output analysed once and counted under several criteria sets (the criteria study): the
 * kept circuits are searched once and held packed, the mapping search runs once per IIA pair mode,
 * and each set only filters them. The paper's result (the OutputResult of every study) comes from
 * the same list, so a study with criteria reports exactly what one without does, plus the counts.
 */
import type { StageHook } from '../engine/analyze.js';
import { keptCircuitList, OutputCriteria } from '../engine/applyCriteria.js';
import { CircuitList } from '../engine/circuitList.js';
import { criteriaOptions, judgedAloneText, type CriteriaSet, type CriterionCounts } from '../engine/criteria.js';
import type { UnderCounts } from '../engine/countUnder.js';
import { outputHostGroups } from '../engine/mappingHosts.js';
import { gateTable } from '../engine/gates.js';
import { DistributionBuilder } from '../engine/groundingDistribution.js';
import { listedWithin, totalMappings } from '../engine/mappingCount.js';
import { mappingListBound, mappingSearchWithSets, type SearchWithSets } from '../engine/mappingSearch.js';
import { singleOutput } from '../engine/network.js';
import type { AnalysisInput, AnalysisOptions, Gate, IiaPairs } from '../engine/types.js';
import type { OutputResult } from '../wire/messages.js';

export function outputWithCriteria(input: AnalysisInput, o: number, options: AnalysisOptions, sets: readonly CriteriaSet[], listLimit: number, hook: StageHook): { result: OutputResult; counts: CriterionCounts[] } {
  const gate = input.gates[o] as Gate;
  const model = singleOutput(input.model, o);
  const counting = options.stages.includes('groundings');
  const wantsCircuits = counting || options.stages.includes('circuits');
  const { list, candidates } = wantsCircuits ? keptCircuitList(input, o, options, hook) : { list: new CircuitList(model.layerSizes), candidates: 0 };
  const searches = new Map<IiaPairs, SearchWithSets>();
  const mappingsFor = (mode: IiaPairs): SearchWithSets => {
    if (!options.stages.includes('mappings')) return { formulasChecked: 0, formulas: [], sets: { mode, formulas: new Map() } };
    let m = searches.get(mode);
    if (!m) {
      m = hook('mappings', o, () => mappingSearchWithSets(model, gateTable(gate), options.formulaMaxDepth, mode));
      searches.set(mode, m);
    }
    return m;
  };
  const dist = new DistributionBuilder();
  for (const g of list.groundings) dist.add(g);
  const paper = mappingsFor(options.iiaPairs);
  const result: OutputResult = {
    gate,
    candidates,
    kept: list.length,
    groundings: counting ? dist.takePacked() : null,
    circuits: list.length <= listLimit ? list.records() : null,
    formulas_checked: paper.formulasChecked,
    // The result lists mappings as far as the list limit; the criteria below count them either way.
    formulas: listedWithin(paper.formulas, mappingListBound(listLimit)),
  };
  return { result, counts: countSets(new OutputCriteria(input, o, options), wantsCircuits ? list : null, mappingsFor, sets, options) };
}

/** An output's mappings as the criteria read them: its formulas, with the minimal sets when a search here found them. */
type Mappings = Pick<SearchWithSets, 'formulas'> & { sets?: SearchWithSets['sets'] };

/** Every set applied to one output's circuit list (null without the circuits stage) and its mappings per IIA pair mode. */
function countSets(judge: OutputCriteria, list: CircuitList | null, mappingsFor: (mode: IiaPairs) => Mappings, sets: readonly CriteriaSet[], options: AnalysisOptions): CriterionCounts[] {
  return sets.map(({ label, criteria }) => {
    // Only the counts are read: mappings that were counted are not listed again.
    const search = mappingsFor(criteriaOptions(options, criteria).iiaPairs);
    const out = judge.apply(list, search.formulas, criteria, 0, search.sets);
    let circuits = 0;
    let total = 0n;
    out.keep.forEach((k, i) => {
      if (!k) return;
      circuits++;
      total += list?.groundings[i] ?? 0n;
    });
    return {
      criteria: label,
      output: judge.o,
      circuits,
      groundings_total: options.stages.includes('groundings') ? total.toString() : null,
      formulas: out.formulas.length,
      mappings: totalMappings(out.formulas),
      circuits_hosting_mappings: out.circuitsHostingMappings,
    };
  });
}

/**
 * The counts of a network analysed as slices whose outputs all listed their valid circuits (at
 * most the list limit): every set applied to the lists as to a whole network's, minimal-circuits
 * included; null when an output was not listed. The mappings are the assembled outputs' for the
 * study's IIA pairs, searched here for the other mode.
 */
export function listedCriteriaCounts(input: AnalysisInput, outputs: readonly OutputResult[], options: AnalysisOptions, sets: readonly CriteriaSet[]): CriterionCounts[] | null {
  const wantsCircuits = options.stages.includes('circuits') || options.stages.includes('groundings');
  if (wantsCircuits && outputs.some((out) => out.circuits === null)) return null;
  return outputs.flatMap((out, o) => {
    const list = wantsCircuits ? CircuitList.fromRecords(singleOutput(input.model, o).layerSizes, out.circuits ?? []) : null;
    return countSets(new OutputCriteria(input, o, options), list, assembledMappings(input, o, out, options), sets, options);
  });
}

/**
 * An assembled output's mappings per IIA pair mode: its own for the study's mode, searched here
 * (once per mode) for the other.
 */
function assembledMappings(input: AnalysisInput, o: number, out: OutputResult, options: AnalysisOptions): (mode: IiaPairs) => Mappings {
  const searches = new Map<IiaPairs, SearchWithSets>();
  return (mode) => {
    if (!options.stages.includes('mappings')) return { formulas: [] };
    if (mode === options.iiaPairs) return { formulas: out.formulas };
    let m = searches.get(mode);
    if (!m) searches.set(mode, (m = mappingSearchWithSets(singleOutput(input.model, o), gateTable(input.gates[o] as Gate), options.formulaMaxDepth, mode)));
    return m;
  };
}

/**
 * The counts of a network analysed as slices (coordinator/splitNetworks.ts) under criteria sets
 * without minimal-circuits (which compares every valid circuit with the others, never in one
 * place). A set without circuit criteria keeps every valid circuit; a set with faithful or
 * mean-ablation reads its circuits, groundings and hosts from the slices' counts under them
 * (`under`, per output, keyed by `judgedAloneText`). The mappings are the assembled outputs' for
 * the study's IIA pairs and searched here for the other mode (all-pairs-iia); `consistent` reads
 * the valid circuits' node masks from their counts per unit (`unitKept`, one array per output)
 * or, under circuit criteria, the hosts counted under them. The same counts as
 * `outputWithCriteria` on the whole network (test/coordinator/criteriaCsv.test.ts).
 */
export function slicedCriteriaCounts(input: AnalysisInput, outputs: readonly OutputResult[], options: AnalysisOptions, sets: readonly CriteriaSet[], unitKept?: readonly Float64Array[], under?: readonly ReadonlyMap<string, UnderCounts>[]): CriterionCounts[] {
  if (sets.some((s) => s.criteria.minimalCircuits)) throw new RangeError('minimal-circuits needs every valid circuit of an output in one place');
  return outputs.flatMap((out, o) => {
    const validHosts = unitKept?.[o] && outputHostGroups(input.model, o, options.minSparsity, unitKept[o]);
    const mappingsFor = assembledMappings(input, o, out, options);
    const judge = new OutputCriteria(input, o, options);
    return sets.map(({ label, criteria }) => {
      const search = mappingsFor(criteriaOptions(options, criteria).iiaPairs);
      const text = judgedAloneText(criteria);
      const judged = text === null ? null : under?.[o]?.get(text);
      if (text !== null && !judged) throw new RangeError(`output ${o}: ${text} needs the slices' counts under it`);
      const hosts = judged ? judged.hosts : validHosts;
      if (criteria.consistent && !hosts) throw new RangeError(`output ${o}: consistent needs the valid circuits' counts per unit`);
      const mapped = judge.mappings(search.formulas, criteria, null, null, 0, search.sets, hosts);
      return {
        criteria: label,
        output: o,
        circuits: judged ? judged.circuits : out.kept,
        groundings_total: !out.groundings ? null : judged ? String(judged.groundingsTotal) : out.groundings.total.toString(),
        formulas: mapped.formulas.length,
        mappings: totalMappings(mapped.formulas),
        circuits_hosting_mappings: mapped.circuitsHostingMappings,
      };
    });
  });
}
