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
import type { NetworkResultAnalysis, NetworkShardResult, ResultMessage } from '../shared/wire/messages.js';
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
function rowAnalysis(index: number, message: ResultMessage): NetworkResultAnalysis {
  const analysis = message.type === 'shard-result' ? (message.result as NetworkShardResult).analysis : null;
  if (!analysis) throw new Error(`network ${index} has a row but no analysis`);
  return analysis;
}

export interface RowNetwork {
  readonly file: string;
  /** Its whole analysis, read back from the run directory (lists included: one network at a time). */
  readonly analysis: () => NetworkResultAnalysis;
}

/** A network's case file name under the run directory's networks/. */
export function networkFileName(index: number): string {
  return `${String(index).padStart(4, '0')}.json`;
}

/** The finished networks in plan order, each read whole from its file as it is reached. */
export function* outcomes(plan: Plan, store: RunStore): Generator<NetworkOutcome> {
  for (const index of [...store.finished.keys()].sort((a, b) => a - b)) {
    yield { index, spec: plan.networks[index] as NetworkOutcome['spec'], message: store.readFinished(index) };
  }
}

export async function writeOutputs(plan: Plan, store: RunStore): Promise<RunSummary> {
  const rows: StudyRow[] = [];
  const rowNetworks: RowNetwork[] = [];
  const cases: { index: number; text: string }[] = [];
  let failed = 0;
  // One network whole at a time: the rows, case files and counts are taken as its record is written.
  function* recordLines(): Generator<string> {
    for (const n of outcomes(plan, store)) {
      // Record by record and piece by piece: a large network's record is hundreds of MB of text.
      yield* jsonPieces(resultRecord(plan, n));
      yield '\n';
      if (n.message.type === 'shard-failed') failed++;
      const row = studyRow(plan, n);
      if (row) {
        rows.push(row);
        const { index } = n;
        rowNetworks.push({ file: networkFileName(index), analysis: () => rowAnalysis(index, store.readFinished(index)) });
      }
      const c = caseFile(plan, n);
      if (c) cases.push({ index: n.index, text: `${JSON.stringify(c)}\n` });
    }
  }
  writePiecesAtomic(join(store.dir, 'results.jsonl'), recordLines());
  writePiecesAtomic(join(store.dir, 'df_out.csv'), dfOutPieces(rows));
  if (hasCriteria(rows)) await writeAtomic(join(store.dir, 'criteria.csv'), criteriaCsv(rows));
  await makeDirectory(join(store.dir, 'networks'));
  for (const c of cases) await writeAtomic(join(store.dir, 'networks', networkFileName(c.index)), c.text);
  return { networks: plan.networks.length, finished: store.finished.size, converged: rows.length, failed, rows, rowNetworks };
}
