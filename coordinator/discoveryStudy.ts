/**
 * The `discovery` preset's benchmark, after the study: every converged network (networks/*.json),
 * every output, every discovery method at every threshold of its sweep, each returned circuit
 * judged by `check` against the output's exact valid set. Writes discovery.csv (one row per
 * returned circuit) and returns the rows for the report section (report/discoverySection.ts).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCase } from '../shared/case/caseFile.js';
import { discoverOutput } from '../shared/discovery/discoverOutput.js';
import { methodNames } from '../shared/discovery/discover.js';
import type { Distance } from '../shared/discovery/outputDistance.js';
import { compileAnalysisOptions } from '../shared/engine/options.js';
import { writeFileAtomic } from './atomicFile.js';

/** One returned circuit and its verdict: a row of discovery.csv. */
export interface DiscoveryRow {
  readonly network: number;
  readonly output: number;
  readonly gate: string;
  readonly method: string;
  readonly distance: string;
  readonly threshold: number;
  readonly edges: number;
  readonly valid: boolean;
  readonly minimal: boolean;
  /** Valid and with the fewest edges of any valid circuit. */
  readonly minimum_size: boolean;
  readonly accuracy: number;
  readonly valid_circuits: number;
  readonly min_edges: number | null;
  /** Valid circuits with at most as many edges, the returned one excluded. */
  readonly rivals: number;
  readonly jaccard_to_nearest: number | null;
}

export const DISCOVERY_FILE = 'discovery.csv';
/** The preset's output distance and the learned masks' seed. */
export const DISCOVERY_DISTANCE: Distance = 'kl';
export const DISCOVERY_SEED = 0;

const COLUMNS: readonly (keyof DiscoveryRow)[] = ['network', 'output', 'gate', 'method', 'distance', 'threshold', 'edges', 'valid', 'minimal', 'minimum_size', 'accuracy', 'valid_circuits', 'min_edges', 'rivals', 'jaccard_to_nearest'];

/** Rows of one network case file. */
export function discoveryRows(network: number, caseJson: unknown): DiscoveryRow[] {
  const { input, config } = parseCase(caseJson);
  const options = compileAnalysisOptions({ ...config, stages: ['circuits'] }, input.model);
  const rows: DiscoveryRow[] = [];
  input.gates.forEach((gate, o) => {
    for (const method of methodNames) {
      const d = discoverOutput(input, o, options, method, { distance: DISCOVERY_DISTANCE, seed: DISCOVERY_SEED });
      const minEdges = d.check.diagnostics.minEdges;
      d.runs.forEach((run, k) => {
        const v = d.check.verdicts[k];
        if (!v) return;
        rows.push({
          network,
          output: o,
          gate,
          method,
          distance: method === 'eap' ? `${DISCOVERY_DISTANCE} to target` : DISCOVERY_DISTANCE,
          threshold: run.threshold,
          edges: v.edges,
          valid: v.valid,
          minimal: v.minimal,
          minimum_size: v.valid && v.edges === minEdges,
          accuracy: v.accuracy,
          valid_circuits: v.validCircuits,
          min_edges: minEdges,
          rivals: v.validWithAtMostAsManyEdges - (v.valid ? 1 : 0),
          jaccard_to_nearest: v.jaccardToNearest,
        });
      });
    }
  });
  return rows;
}

export function discoveryCsv(rows: readonly DiscoveryRow[]): string {
  const cell = (v: unknown): string => (v === null ? '' : String(v));
  return [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

/** Indices of the converged networks, from results.jsonl (the others are not analysed). */
async function convergedNetworks(dir: string): Promise<number[]> {
  const text = await readFile(join(dir, 'results.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { index: number; training?: { converged?: boolean } })
    .filter((r) => r.training?.converged === true)
    .map((r) => r.index);
}

/** Runs the benchmark over a run directory's converged networks and writes discovery.csv. */
export async function runDiscoveryStudy(dir: string): Promise<DiscoveryRow[]> {
  const rows: DiscoveryRow[] = [];
  for (const index of await convergedNetworks(dir)) {
    rows.push(...discoveryRows(index, JSON.parse(await readFile(join(dir, 'networks', `${String(index).padStart(4, '0')}.json`), 'utf8'))));
  }
  await writeFileAtomic(join(dir, DISCOVERY_FILE), discoveryCsv(rows));
  return rows;
}
