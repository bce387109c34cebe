/** `identifiability report DIR`: rebuild a run directory's outputs from its stored shard results. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeOutputs } from '../coordinator/output.js';
import { makePlan } from '../coordinator/plan.js';
import { openRunStore, RunDirError, warnDropped, type RunManifest } from '../coordinator/runStore.js';
import { compileStudyOptions, type StudyOptions } from '../coordinator/studyOptions.js';
import { UsageError } from './errors.js';
import { findingLines, studyFollowUp, writeStudyReport } from './studyReport.js';

export async function reportCommand(dir: string, print: (line: string) => void): Promise<void> {
  let manifest: RunManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as RunManifest;
  } catch (err) {
    throw new UsageError(`${dir}: not a run directory (${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no run.json' : (err as Error).message})`, { cause: err });
  }
  const config = compileStudyOptions(manifest.config as StudyOptions);
  const plan = makePlan(manifest.study, config);
  let store;
  try {
    store = await openRunStore(dir, plan);
  } catch (err) {
    if (err instanceof RunDirError) throw new UsageError(err.message, { cause: err });
    throw err;
  }
  const summary = await writeOutputs(plan, store);
  warnDropped(store.dropped, `left out: run the same study with --out ${dir} to evaluate it again`);
  const followUp = await studyFollowUp(dir, plan);
  await writeStudyReport(dir, plan, summary, new Date().toISOString(), followUp?.sections);
  for (const line of findingLines(summary.rows)) print(line);
  for (const line of followUp?.lines ?? []) print(line);
  print(`${dir}: ${summary.finished} of ${summary.networks} networks done, ${summary.converged} analysed; report: ${join(dir, 'report.html')}`);
}
