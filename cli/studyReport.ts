/** The report stage of a study: report.html, and the finding the CLI prints, from the rows the aggregate step wrote. */
import { join } from 'node:path';
import type { Plan } from '../coordinator/plan.js';
import { findPreset } from '../coordinator/presets.js';
import type { RunSummary } from '../coordinator/output.js';
import { finding } from '../report/finding.js';
import { writeReport } from '../report/report.js';
import { criteriaModel } from '../report/criteriaReport.js';
import { SHOW_PAGE_MAX_CIRCUITS, writeNetworkPages } from './studyPages.js';
import type { StudyRow } from '../shared/results/studyRow.js';

/** The finding as the CLI prints it, before saying where the files are: the answer comes first. */
export function findingLines(rows: readonly StudyRow[]): string[] {
  const criteria = criteriaModel(rows);
  return [...finding(rows).map((line) => `finding: ${line.text}`), ...(criteria ? [`criteria: ${criteria.sentence}`] : [])];
}

/**
 * A preset's follow-up after the study (the `discovery` benchmark): its report section and the
 * lines the CLI prints; null for other studies. Loaded only when the preset has one.
 */
export async function studyFollowUp(dir: string, plan: Plan): Promise<{ sections: string[]; lines: string[] } | null> {
  if (!findPreset(plan.study)?.discovery) return null;
  const { runDiscoveryStudy } = await import('../coordinator/discoveryStudy.js');
  const { discoveryLines, discoverySectionHtml, summarizeDiscovery } = await import('../report/discoverySection.js');
  const summaries = summarizeDiscovery(await runDiscoveryStudy(dir));
  return { sections: [discoverySectionHtml(summaries)], lines: [...discoveryLines(summaries).map((l) => `discovery: ${l}`), `wrote ${join(dir, 'discovery.csv')}`] };
}

export async function writeStudyReport(dir: string, plan: Plan, summary: RunSummary, created: string, extraSections: readonly string[] = []): Promise<string> {
  const networks = await writeNetworkPages(dir, summary);
  await writeReport(dir, summary.rows, {
    title: `identifiability: ${plan.study} study`,
    study: plan.study,
    networks_total: plan.networks.length,
    converged: summary.rows.length,
    created,
    settings: { plan: plan.planId, ...plan.config },
  }, { sections: extraSections, networks: { links: networks, pageLimit: SHOW_PAGE_MAX_CIRCUITS } });
  return join(dir, 'report.html');
}
