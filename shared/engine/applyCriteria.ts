/**
 * Stricter criteria applied to one output's analysis: the circuit criteria filter the kept
 * circuits, then the mapping criteria filter the minimal mappings (`consistent` against the
 * circuits the circuit criteria kept). `OutputCriteria` holds what every criterion set of the
 * output shares (validation outputs, means, clean runs), so a study applies many sets to one
 * circuit list and one mapping search per IIA pair mode.
 *
 * The mappings handed in must come from a search run with `criteriaOptions(options, criteria)`
 * (all-pairs-iia changes the search itself); `analyzeOutputWithCriteria` does the whole thing.
 */
import { circuitStages } from './options.js';
import { analyzeOutputStream, noHook, type StageHook } from './analyze.js';
import { CircuitJudge, circuitCriteriaKeep } from './circuitCriteria.js';
import { CircuitList } from './circuitList.js';
import { criteriaNames, criteriaOptions, hasCircuitCriteria, type Criteria } from './criteria.js';
import { gateTable } from './gates.js';
import { totalMappings, type NeuronSet } from './mappingCount.js';
import { JointIia } from './mappingCriteria.js';
import { MappingHosts, type HostGroup } from './mappingHosts.js';
import { formulaOptions, mappingOf, mappingSearchWithSets, MAX_MINIMAL_MAPPINGS, TooManyMappings, type FormulaSets, type SearchedFormula } from './mappingSearch.js';
import { singleOutput } from './network.js';
import type { AnalysisInput, AnalysisOptions, CircuitRecord, FormulaRecord, Gate, IiaPairs, Mapping, OutputAnalysis } from './types.js';

/** More kept circuits than the caller can hold (`keptCircuitList`'s limit). */
export class TooManyCircuits extends Error {
  override name = 'TooManyCircuits';
  constructor(readonly output: number, readonly limit: number) {
    super(`output ${output} keeps more than ${limit} circuits`);
  }
}

/**
 * Every kept circuit of output o (with its groundings, when that stage is on), packed in search
 * order: what the circuit criteria filter. Throws TooManyCircuits past `limit`, as soon as it is passed.
 * With `faithful` (EPS), only the kept circuits that faithful:EPS keeps, decided by the search.
 */
export function keptCircuitList(input: AnalysisInput, o: number, options: AnalysisOptions, hook?: StageHook, limit = Infinity, faithful?: number): { list: CircuitList; candidates: number } {
  const list = new CircuitList(singleOutput(input.model, o).layerSizes);
  const out = analyzeOutputStream(input, o, circuitStages(options), (code, g) => {
    if (list.length >= limit) throw new TooManyCircuits(o, limit);
    list.push(code.masks, code.rows, g);
  }, hook, undefined, undefined, undefined, undefined, faithful === undefined ? undefined : { faithful });
  return { list, candidates: out.candidates };
}

export interface CriteriaOutcome {
  /** Per circuit of the list: 1 when the circuit criteria keep it. */
  readonly keep: Uint8Array;
  /** Formulas with their mappings that pass the mapping criteria (only formulas with at least one). */
  readonly formulas: FormulaRecord[];
  /** With `consistent`: kept circuits whose node masks hold every neuron of at least one kept mapping; otherwise null. */
  readonly circuitsHostingMappings: number | null;
}

export class OutputCriteria {
  private judge: CircuitJudge | null = null;
  private readonly joint = new Map<IiaPairs, JointIia>();
  readonly gate: Gate;

  /** `options`: the analysis options without the criteria (threshold, formula depth, IIA pair mode). */
  constructor(readonly input: AnalysisInput, readonly o: number, readonly options: AnalysisOptions) {
    const gate = input.gates[o];
    if (gate === undefined) throw new RangeError(`output ${o} has no gate`);
    this.gate = gate;
  }

  /** Which circuits of `list` the circuit criteria keep. */
  circuitKeep(list: CircuitList, criteria: Criteria): Uint8Array {
    if (!hasCircuitCriteria(criteria)) return new Uint8Array(list.length).fill(1);
    this.judge ??= new CircuitJudge(this.input, this.o, this.options.accuracyThreshold);
    return circuitCriteriaKeep(this.judge, list, criteria);
  }

  private jointIia(mode: IiaPairs): JointIia {
    let j = this.joint.get(mode);
    if (!j) {
      j = new JointIia(singleOutput(this.input.model, this.o), gateTable(this.gate), this.options.formulaMaxDepth, mode);
      this.joint.set(mode, j);
    }
    return j;
  }

  /**
   * The mapping criteria over `formulas` (searched with criteriaOptions(options, criteria)); with
   * `consistent`, against the circuits of `list` that `keep` marks, or without a list against
   * `hostGroups` (the valid circuits by node masks, mappingHosts.ts `hostGroupsOf`). Mappings that
   * were counted, not listed (past the listing bound), are judged from each formula's nodes'
   * minimal sets: `sets`, handed over by a search in this process (`mappingSearchWithSets`), or
   * else searched again. The criteria count the choices that pass (mappingHosts.ts,
   * JointIia.countPassing), and list them when the output's passing mappings are at most
   * `listBound` (a criterion that leaves a few of millions shows which). joint-iia judges listed
   * formulas from the sets too (judging one mapping at a time, each of its node subsets intervened
   * afresh, took 19 s for 193 551); past 53 bits of hidden neurons only one at a time.
   */
  mappings(formulas: readonly FormulaRecord[], criteria: Criteria, list: CircuitList | null, keep: Uint8Array | null, listBound = MAX_MINIMAL_MAPPINGS, sets?: FormulaSets, hostGroups?: readonly HostGroup[]): Omit<CriteriaOutcome, 'keep'> {
    const model = singleOutput(this.input.model, this.o);
    const widths = model.layerSizes.slice(1, -1);
    const mode = criteriaOptions(this.options, criteria).iiaPairs;
    const joint = criteria.jointIia ? this.jointIia(mode) : null;
    if (criteria.consistent && (!list || !keep) && !hostGroups) throw new RangeError('consistent needs the kept circuits');
    const hosts = !criteria.consistent ? null : list && keep ? MappingHosts.ofList(list, keep, widths) : new MappingHosts(hostGroups as readonly HostGroup[], widths);
    if (!joint && !hosts) return { formulas: [...formulas], circuitsHostingMappings: null };
    // What joint-iia's choices must also pass under `consistent`: their neurons lie in some host.
    const inHost = hosts ? (used: number): boolean => hosts.holdsNeurons(used) : undefined;
    const counted = new Set(formulas.filter((f) => f.minimal_mappings === null).map((f) => f.formula));
    if (sets && sets.mode !== mode) throw new RangeError(`the minimal sets handed over were searched with ${sets.mode} pairs, the criteria need ${mode}`);
    // joint-iia judges every formula from its sets, listed or counted: searched again here when not
    // handed over (an output assembled from slices), which takes a fraction of a second where
    // judging each listed mapping alone took 19 s for 193 551 of them.
    const needed = joint ? new Set(formulas.map((f) => f.formula)) : counted;
    const handed = sets && [...needed].every((text) => sets.formulas.has(text));
    const options = handed ? sets.formulas : needed.size > 0 ? formulaOptions(model, gateTable(this.gate), this.options.formulaMaxDepth, mode, needed) : null;
    const kept: FormulaRecord[] = [];
    for (const f of formulas) {
      const listedSets = f.minimal_mappings && joint ? options?.get(f.formula) : undefined;
      const fromSets = listedSets ? this.listPassing(listedSets, widths, joint, hosts, inHost) : null;
      if (fromSets) {
        if ((fromSets.minimal_mappings?.length ?? 0) > 0) kept.push(fromSets);
        continue;
      }
      // Past 53 bits of hidden neurons (or consistent alone): each listed mapping judged alone.
      if (f.minimal_mappings) {
        let passing = joint ? f.minimal_mappings.filter((m) => joint.passes(f.formula, m)) : f.minimal_mappings;
        if (hosts) passing = hosts.listed(passing);
        if (passing.length > 0) kept.push({ formula: f.formula, minimal_mappings: passing });
        continue;
      }
      const searched = options?.get(f.formula);
      if (!searched) throw new RangeError(`formula '${f.formula}' is not one the mapping search finds for this output`);
      const n = joint ? joint.countPassing(searched.formula, searched.options, widths, inHost) : (hosts as MappingHosts).counted(searched.options);
      // Past 53 bits of hidden neurons joint-iia cannot key its interventions: it needs the list.
      if (n === null) throw new TooManyMappings(totalMappings(formulas), MAX_MINIMAL_MAPPINGS);
      if (n > 0) kept.push({ formula: f.formula, minimal_mappings: null, mappings_count: n });
    }
    const listed = counted.size > 0 && totalMappings(kept) <= listBound ? kept.map((f) => (f.minimal_mappings ? f : (this.listPassing(options?.get(f.formula) as SearchedFormula, widths, joint, hosts, inHost) as FormulaRecord))) : kept;
    return { formulas: listed, circuitsHostingMappings: hosts ? hosts.circuitsHosting() : null };
  }

  /**
   * The passing mappings of a formula, from its minimal sets, listed in search order; null where
   * joint-iia declines (past 53 bits of hidden neurons, which a counted output has thrown on).
   */
  private listPassing({ text, formula, keys, options }: SearchedFormula, widths: readonly number[], joint: JointIia | null, hosts: MappingHosts | null, inHost: ((used: number) => boolean) | undefined): FormulaRecord | null {
    const out: Mapping[] = [];
    const visit = (chosen: readonly NeuronSet[]): void => void out.push(mappingOf(keys, chosen));
    if (joint) {
      if (joint.countPassing(formula, options, widths, inHost, visit) === null) return null;
    } else (hosts as MappingHosts).eachInside(options, visit);
    return { formula: text, minimal_mappings: out };
  }

  /** `listBound`: see `mappings` (a caller that reads only the counts passes 0). */
  apply(list: CircuitList | null, formulas: readonly FormulaRecord[], criteria: Criteria, listBound = MAX_MINIMAL_MAPPINGS, sets?: FormulaSets): CriteriaOutcome {
    const keep = list ? this.circuitKeep(list, criteria) : new Uint8Array(0);
    return { keep, ...this.mappings(formulas, criteria, list, keep, listBound, sets) };
  }
}

/** One output analysed and filtered under `criteria`: the golden shapes plus the criteria applied. */
export interface CriteriaOutputAnalysis extends OutputAnalysis {
  readonly criteria: string[];
  readonly circuits_hosting_mappings: number | null;
  /** Circuits the paper's criteria keep, before the circuit criteria (0 without the circuits stage). */
  readonly valid: number;
}

/**
 * The same analysis with the kept circuits left packed: `list` holds the valid ones (null without
 * the circuits stage) and `keep` marks those the circuit criteria keep. A record of a circuit is
 * about fifty times its packed size, so a caller that writes them builds one at a time.
 */
export interface PackedCriteriaOutput extends Omit<CriteriaOutputAnalysis, 'circuits'> {
  readonly list: CircuitList | null;
  readonly keep: Uint8Array;
}

/**
 * The whole analysis of one output under `criteria`, its circuits packed. Every valid circuit is
 * held until filtered: past `limit` of them it throws TooManyCircuits.
 */
export function analyzeOutputPacked(input: AnalysisInput, o: number, options: AnalysisOptions, criteria: Criteria, hook: StageHook = noHook, limit = Infinity): PackedCriteriaOutput {
  const searchOptions = criteriaOptions(options, criteria);
  const wantsCircuits = options.stages.includes('circuits') || options.stages.includes('groundings');
  const { list, candidates } = wantsCircuits ? keptCircuitList(input, o, searchOptions, hook, limit) : { list: null, candidates: 0 };
  const model = singleOutput(input.model, o);
  const gate = input.gates[o] as Gate;
  const mappings = options.stages.includes('mappings') ? hook('mappings', o, () => mappingSearchWithSets(model, gateTable(gate), searchOptions.formulaMaxDepth, searchOptions.iiaPairs)) : null;
  const outcome = new OutputCriteria(input, o, options).apply(list, mappings?.formulas ?? [], criteria, MAX_MINIMAL_MAPPINGS, mappings?.sets);
  return {
    gate,
    candidates,
    list,
    keep: outcome.keep,
    formulas_checked: mappings?.formulasChecked ?? 0,
    formulas: outcome.formulas,
    criteria: criteriaNames(criteria),
    circuits_hosting_mappings: outcome.circuitsHostingMappings,
    valid: list?.length ?? 0,
  };
}

/** The kept circuits of a packed analysis, one record at a time, in search order. */
export function* keptRecords({ list, keep }: Pick<PackedCriteriaOutput, 'list' | 'keep'>): Generator<CircuitRecord> {
  if (!list) return;
  for (let i = 0; i < keep.length; i++) if (keep[i]) yield list.record(i);
}

/** `analyzeOutputPacked` in the golden record form, every kept circuit a record. */
export function analyzeOutputWithCriteria(input: AnalysisInput, o: number, options: AnalysisOptions, criteria: Criteria, hook: StageHook = noHook, limit = Infinity): CriteriaOutputAnalysis {
  const { gate, candidates, list, keep, formulas_checked, formulas, criteria: names, circuits_hosting_mappings, valid } = analyzeOutputPacked(input, o, options, criteria, hook, limit);
  return { gate, candidates, circuits: [...keptRecords({ list, keep })], formulas_checked, formulas, criteria: names, circuits_hosting_mappings, valid };
}
