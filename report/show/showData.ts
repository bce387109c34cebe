/**
 * What a show page embeds: the network, and per output the kept circuits in compact form (masks as
 * short base-32 strings, truth tables as hex, grounding counts as decimal strings), how often each
 * node and edge is used by them, and the formulas with their minimal mappings as trees. Built by
 * running the analysis (shared/engine/analyze.ts) once, circuit by circuit; the page draws from it
 * lazily. Circuits above the list limit are counted into the usage shares but not listed.
 */
import { analyzeOutputStream } from '../../shared/engine/analyze.js';
import type { CircuitCode } from '../../shared/engine/circuitRecord.js';
import { CircuitTabler } from '../../shared/engine/circuitTables.js';
import { singleOutput } from '../../shared/engine/network.js';
import { mappingCount } from '../../shared/engine/mappingCount.js';
import { circuitTables, groundingPatterns } from '../../shared/engine/truthTables.js';
import { fromCircuitRecord } from '../../shared/engine/circuitRecord.js';
import type { AnalysisInput, AnalysisOptions, FormulaRecord, Gate, Mapping } from '../../shared/engine/types.js';
import type { OutputResult } from '../../shared/wire/messages.js';
import { analyzeOutputWithCriteria } from '../../shared/engine/applyCriteria.js';
import { criteriaNames, type Criteria } from '../../shared/engine/criteria.js';
import { formulaTree, type TreeNode } from './formulaTree.js';
import { encodeCircuit } from './showGraph.js';

/** Minimal mappings embedded per formula; the count is always exact. */
export const MAPPINGS_SHOWN = 100;

export interface ShowCircuits {
  /** Circuit codes (encodeCircuit), sparsest first: fewest hidden nodes on, then fewest edges. */
  readonly codes: string[];
  /** Per circuit: each on node's truth tables as hex digits, nodes joined by '.'. */
  readonly tables: string[];
  /** Per circuit: its grounding count in decimal (exact). */
  readonly groundings: string[];
}

export interface ShowFormula {
  readonly text: string;
  readonly tree: TreeNode;
  /** Number of minimal mappings (exact); the first MAPPINGS_SHOWN are in `mappings`, none past the listing bound. */
  readonly count: number;
  readonly mappings: Mapping[];
}

export interface ShowOutput {
  readonly gate: string;
  readonly candidates: number;
  readonly kept: number;
  /** Sum of the kept circuits' grounding counts, decimal. */
  readonly groundingsTotal: string;
  /** The kept circuits, or null when there are more than the list limit. */
  readonly circuits: ShowCircuits | null;
  /** Kept circuits using node j of layer l: `nodeUse[l - 1][j]`; edge i -> j of pair l: `edgeUse[l - 1][j][i]`. */
  readonly nodeUse: number[][];
  readonly edgeUse: number[][][];
  readonly formulasChecked: number;
  /** Formulas with at least one minimal mapping, in the analysis' order. */
  readonly formulas: ShowFormula[];
  /** With --criteria: what survives them; the page greys out the rest. */
  readonly criteria?: ShowCriteria;
}

/** Which listed circuits and embedded mappings the stricter criteria keep (docs/criteria.md). */
export interface ShowCriteria {
  readonly names: string[];
  /** Circuits kept under the criteria (exact, listed or not). */
  readonly kept: number;
  /** Per listed circuit, in `circuits` order: '1' kept, '0' dropped; null when not listed. */
  readonly circuits: string | null;
  /** Per formula, per embedded mapping: '1' kept, '0' dropped. */
  readonly mappings: string[];
  /** Per formula: how many of its minimal mappings the criteria keep (0: the formula is dropped). */
  readonly passing: number[];
}

export interface ShowPayload {
  readonly title: string;
  readonly source: string;
  readonly settings: Readonly<Record<string, string | number>>;
  /** The whole network (every output); weights `[l][out][in]`. */
  readonly sizes: number[];
  readonly weights: number[][][];
  readonly biases: number[][];
  /** Grounding patterns, each as its input bits (truncated like the engine reads them). */
  readonly patterns: number[][];
  readonly listLimit: number | null;
  readonly outputs: ShowOutput[];
}

export interface ShowMeta {
  readonly title: string;
  readonly source: string;
  readonly settings: Readonly<Record<string, string | number>>;
}

const short = (v: number): number => Number(v.toPrecision(5));

/** What an output's page needs besides its circuits. */
interface OutputFacts {
  readonly gate: Gate;
  readonly candidates: number;
  readonly formulas_checked: number;
  readonly formulas: FormulaRecord[];
}

/** Hands every kept circuit to `onCircuit`, returns the rest. */
type CircuitFeed = (onCircuit: (code: CircuitCode, groundings: bigint | null) => void) => OutputFacts;

/**
 * The page's data. `stored`: an analysis already made with these options (a study's result), whose
 * circuits are listed; without it, every output is analysed here. `listLimit` null: list all.
 */
export function buildShowPayload(input: AnalysisInput, options: AnalysisOptions, meta: ShowMeta, listLimit: number | null, stored?: readonly OutputResult[], criteria?: Criteria): ShowPayload {
  const sizes = [...input.model.layerSizes];
  const weights = input.model.weights.map((w, l) => {
    const nIn = sizes[l] as number;
    return Array.from({ length: sizes[l + 1] as number }, (_, o) => Array.from(w.subarray(o * nIn, (o + 1) * nIn), short));
  });
  const patterns = groundingPatterns(input.grounding);
  const patternBits = Array.from({ length: patterns.count }, (_, p) => Array.from(patterns.x.subarray(p * patterns.nIn, (p + 1) * patterns.nIn), (v) => Math.trunc(v) || 0));
  return {
    ...meta,
    sizes,
    weights,
    biases: input.model.biases.map((b) => Array.from(b, short)),
    patterns: patternBits,
    listLimit,
    outputs: input.gates.map((_, o) => {
      const out = showOutput(input, o, listLimit ?? Infinity, storedFeed(stored?.[o]) ?? ((on) => analyzeOutputStream(input, o, options, on)));
      return criteria ? { ...out, criteria: showCriteria(input, o, options, criteria, out, listLimit ?? Infinity) } : out;
    }),
  };
}

/** Mappings compared as text with their keys in order, whatever order they were built in. */
function mappingKey(m: Mapping): string {
  return JSON.stringify(Object.keys(m).sort().map((k) => [k, Object.keys(m[k] ?? {}).sort().map((l) => [l, m[k]?.[l]])]));
}

/** The output under the criteria (analysed again, as `analyze --criteria` does), marked on what the page lists. */
function showCriteria(input: AnalysisInput, o: number, options: AnalysisOptions, criteria: Criteria, out: ShowOutput, limit: number): ShowCriteria {
  // Throws TooManyCircuits past the list limit: the criteria hold every kept circuit.
  const strict = analyzeOutputWithCriteria(input, o, options, criteria, undefined, limit);
  const sizes = singleOutput(input.model, o).layerSizes;
  const keptCodes = new Set(strict.circuits.map((r) => {
    const code = fromCircuitRecord(r);
    return encodeCircuit(sizes, code.masks, code.rows);
  }));
  const keptMappings = new Map(strict.formulas.map((f) => [f.formula, new Set((f.minimal_mappings ?? []).map(mappingKey))]));
  const passing = new Map(strict.formulas.map((f) => [f.formula, mappingCount(f)]));
  return {
    names: criteriaNames(criteria),
    kept: strict.circuits.length,
    circuits: out.circuits ? out.circuits.codes.map((c) => (keptCodes.has(c) ? '1' : '0')).join('') : null,
    mappings: out.formulas.map((f) => f.mappings.map((m) => (keptMappings.get(f.text)?.has(mappingKey(m)) ? '1' : '0')).join('')),
    passing: out.formulas.map((f) => passing.get(f.text) ?? 0),
  };
}

interface Listed {
  readonly code: string;
  readonly tables: string;
  readonly groundings: string;
  readonly on: number;
  readonly edges: number;
}

/** A stored output's circuits as a feed; undefined when it has no list to feed. */
function storedFeed(out: OutputResult | undefined): CircuitFeed | undefined {
  // No list, or one with uncounted groundings (a study's --max-circuits): analyse again.
  if (!out || (out.circuits === null && out.kept > 0) || out.circuits?.some((c) => c.groundings === null)) return undefined;
  return (on) => {
    // Counts read back from a run directory may be numbers or strings; the engine's are bigints.
    for (const c of out.circuits ?? []) on(fromCircuitRecord(c), c.groundings === null ? null : BigInt(c.groundings));
    return out;
  };
}

function showOutput(input: AnalysisInput, o: number, limit: number, feed: CircuitFeed): ShowOutput {
  const model = singleOutput(input.model, o);
  const sizes = model.layerSizes;
  const patterns = groundingPatterns(input.grounding);
  const hexWidth = Math.ceil(patterns.count / 4);
  const tabler = new CircuitTabler(model, patterns);
  const nodeUse = sizes.slice(1).map((w) => new Array<number>(w).fill(0));
  const edgeUse = sizes.slice(1).map((w, l) => Array.from({ length: w }, () => new Array<number>(sizes[l] as number).fill(0)));
  let listed: Listed[] | null = [];
  let total = 0n;
  let kept = 0;
  const onCircuit = (code: CircuitCode, groundings: bigint | null): void => {
    let on = 0;
    let edges = 0;
    code.masks.forEach((mask, l) => {
      for (let j = 0; j < (sizes[l + 1] as number); j++) {
        if (((mask >>> j) & 1) === 0) continue;
        (nodeUse[l] as number[])[j] = ((nodeUse[l] as number[])[j] as number) + 1;
        if (l + 2 < sizes.length) on++;
        const row = (code.rows[l] as Uint32Array)[j] as number;
        const use = (edgeUse[l] as number[][])[j] as number[];
        for (let i = 0; i < (sizes[l] as number); i++) {
          if (((row >>> i) & 1) === 0) continue;
          use[i] = (use[i] as number) + 1;
          edges++;
        }
      }
    });
    total += groundings ?? 0n;
    kept++;
    if (!listed) return;
    if (listed.length >= limit) {
      listed = null; // above the list limit: shares only
      return;
    }
    // The grounding counter's tabler (reused buffers); it stops at a node without tables, and
    // such a circuit (no grounding) gets every node's tables from the plain function instead.
    const layers = tabler.tables(code);
    const perNode = layers ? layers.nodes.flatMap((layer) => layer.map((node) => node.tables)) : circuitTables(model, patterns, code).flatMap((layer, l) => layer.filter((_, j) => ((code.masks[l] as number) >>> j) & 1));
    const tables = perNode.map((ts) => ts.map((t) => t.toString(16).padStart(hexWidth, '0')).join('')).join('.');
    listed.push({ code: encodeCircuit(sizes, code.masks, code.rows), tables, groundings: String(groundings ?? 0n), on, edges });
  };
  const summary = feed(onCircuit);
  let circuits: ShowCircuits | null = null;
  if (listed) {
    const sorted = (listed as Listed[]).map((c, i) => ({ c, i })).sort((a, b) => a.c.on - b.c.on || a.c.edges - b.c.edges || a.i - b.i);
    circuits = { codes: sorted.map((s) => s.c.code), tables: sorted.map((s) => s.c.tables), groundings: sorted.map((s) => s.c.groundings) };
  }
  return {
    gate: summary.gate,
    candidates: summary.candidates,
    kept: kept,
    groundingsTotal: String(total),
    circuits,
    nodeUse,
    edgeUse,
    formulasChecked: summary.formulas_checked,
    formulas: summary.formulas.map((f) => ({ text: f.formula, tree: formulaTree(f.formula), count: mappingCount(f), mappings: (f.minimal_mappings ?? []).slice(0, MAPPINGS_SHOWN) })),
  };
}
