/**
 * Aggregate step's outputs: the run directory's tables from the stored results, each file
 * atomically: results.jsonl, df_out.csv and networks/*.json. The report stage (report/) reads the
 * rows returned here and writes report.html.
 */
import { makeDirectory } from './makeDirectory.js';
import { join } from 'node:path';
import { caseFile, resultRecord, studyRow, type NetworkOutcome } from './aggregate.js';
import { dfOutPieces } from './dfOut.js';
import { criteriaCsv, hasCriteria } from './criteriaCsv.js';
import type { Plan } from './plan.js';
import type { StudyRow } from '../shared/results/studyRow.js';
import type { NetworkResultAnalysis, NetworkShardResult } from '../shared/wire/messages.js';
import { writeFileAtomic as writeAtomic, writePiecesAtomic } from './atomicFile.js';
import { jsonPieces } from './jsonPieces.js';
import type { RunStore } from './runStore.js';

export interface RunSummary {
  readonly networks: number;
  readonly finished: number;
  readonly converged: number;
  readonly failed: number;
  readonly rows: StudyRow[];
  /** Each row's case file under networks/ (networkFileName) and its stored analysis, in the order of `rows`. */
  readonly rowNetworks: RowNetwork[];
}

/** The analysis of a network that has a study row (studyRow returned one: a result with an analysis). */
function rowAnalysis(n: NetworkOutcome): NetworkResultAnalysis {
  const analysis = n.message.type === 'shard-result' ? (n.message.result as NetworkShardResult).analysis : null;
  if (!analysis) throw new Error(`network ${n.index} has a row but no analysis`);
  return analysis;
}

export interface RowNetwork {
  readonly file: string;
  readonly analysis: NetworkResultAnalysis;
}

/** A network's case file name under the run directory's networks/. */
export function networkFileName(index: number): string {
  return `${String(index).padStart(4, '0')}.json`;
}

export function outcomes(plan: Plan, store: RunStore): NetworkOutcome[] {
  return [...store.finished.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, message]) => ({ index, spec: plan.networks[index] as NetworkOutcome['spec'], message }));
}

function* recordLines(plan: Plan, all: readonly NetworkOutcome[]): Generator<string> {
  for (const n of all) {
    yield* jsonPieces(resultRecord(plan, n));
    yield '\n';
  }
}

export async function writeOutputs(plan: Plan, store: RunStore): Promise<RunSummary> {
  const all = outcomes(plan, store);
  const analysed = all.map((n) => ({ n, row: studyRow(plan, n) })).filter((a): a is { n: NetworkOutcome; row: StudyRow } => a.row !== null);
  const rows = analysed.map((a) => a.row);
  // Record by record and piece by piece: a large network's record is hundreds of MB of text.
  writePiecesAtomic(join(store.dir, 'results.jsonl'), recordLines(plan, all));
  writePiecesAtomic(join(store.dir, 'df_out.csv'), dfOutPieces(rows));
  if (hasCriteria(rows)) await writeAtomic(join(store.dir, 'criteria.csv'), criteriaCsv(rows));
  await makeDirectory(join(store.dir, 'networks'));
  for (const n of all) {
    const c = caseFile(plan, n);
    if (c) await writeAtomic(join(store.dir, 'networks', networkFileName(n.index)), `${JSON.stringify(c)}\n`);
  }
  const failed = all.filter((n) => n.message.type === 'shard-failed').length;
  return { networks: plan.networks.length, finished: all.length, converged: rows.length, failed, rows, rowNetworks: analysed.map((a) => ({ file: networkFileName(a.n.index), analysis: rowAnalysis(a.n) })) };
}
