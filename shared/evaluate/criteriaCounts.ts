/**
 * One output analysed once and counted under several criteria sets (the criteria study): the
 * kept circuits are searched once and held packed, the mapping search runs once per IIA pair mode,
 * and each set only filters them. The paper's result (the OutputResult of every study) comes from
 * the same list, so a study with criteria reports exactly what one without does, plus the counts.
 */
import type { StageHook } from '../engine/analyze.js';
import { keptCircuitList, OutputCriteria } from '../engine/applyCriteria.js';
import { CircuitList } from '../engine/circuitList.js';
import { criteriaOptions, type CriteriaSet, type CriterionCounts } from '../engine/criteria.js';
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
  const judge = new OutputCriteria(input, o, options);
  const counts = sets.map(({ label, criteria }) => {
    // Only the counts are read: mappings that were counted are not listed again.
    const search = mappingsFor(criteriaOptions(options, criteria).iiaPairs);
    const out = judge.apply(wantsCircuits ? list : null, search.formulas, criteria, 0, search.sets);
    let circuits = 0;
    let total = 0n;
    out.keep.forEach((k, i) => {
      if (!k) return;
      circuits++;
      total += list.groundings[i] ?? 0n;
    });
    return {
      criteria: label,
      output: o,
      circuits,
      groundings_total: counting ? total.toString() : null,
      formulas: out.formulas.length,
      mappings: totalMappings(out.formulas),
      circuits_hosting_mappings: out.circuitsHostingMappings,
    };
  });
  return { result, counts };
}
