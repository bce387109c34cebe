/** The report stage of a study: report.html, and the finding the CLI prints, from the rows the aggregate step wrote. */
import { join } from 'node:path';
import type { Plan } from '../coordinator/plan.js';
import type { RunSummary } from '../coordinator/output.js';
import { finding } from '../report/finding.js';
import { writeReport } from '../report/report.js';
import { criteriaModel } from '../report/criteriaReport.js';
import type { StudyRow } from '../shared/results/studyRow.js';

/** The finding as the CLI prints it, before saying where the files are: the answer comes first. */
export function findingLines(rows: readonly StudyRow[]): string[] {
  const criteria = criteriaModel(rows);
  return [...finding(rows).map((line) => `finding: ${line.text}`), ...(criteria ? [`criteria: ${criteria.sentence}`] : [])];
}

export async function writeStudyReport(dir: string, plan: Plan, summary: RunSummary, created: string): Promise<string> {
  await writeReport(dir, summary.rows, {
    title: `identifiability: ${plan.study} study`,
    study: plan.study,
    networks_total: plan.networks.length,
    converged: summary.rows.length,
    created,
    settings: { plan: plan.planId, ...plan.config },
  });
  return join(dir, 'report.html');
}
