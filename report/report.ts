/**
 * The study report: one self-contained, offline HTML file (inline CSS, inlined Chart.js, data as
 * embedded JSON). Last stage of the coordinator pipeline (… → aggregate.ts → report.ts).
 */
import { readFileSync } from 'node:fs';
import { makeDirectory } from '../coordinator/makeDirectory.js';
import { writeFileAtomic } from '../coordinator/atomicFile.js';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { StudyRow } from '../shared/results/studyRow.js';
import { finding } from './finding.js';
import { axisCharts, type ChartSpec } from './reportCharts.js';
import { reportClientScript } from './reportClient.js';
import { criteriaCharts, criteriaModel, criteriaSectionHtml, type CriteriaModel } from './criteriaReport.js';
import { axisSectionHtml, comparisonsHtml, escapeHtml, headerHtml, reportCss, trainingSectionHtml, type ReportMeta } from './reportHtml.js';
import { buildReportModel, type ReportModel } from './reportModel.js';
import { networkTableHtml, type NetworkLink } from './networkTable.js';
import { trainingCharts, trainingSummary } from './trainingCharts.js';

export type { ReportMeta } from './reportHtml.js';

export const REPORT_FILE = 'report.html';

/** The study's networks with links to their show pages (networkTable.ts). */
export interface ReportNetworks {
  readonly links: readonly NetworkLink[];
  /** The most kept circuits a network may have for a page. */
  readonly pageLimit: number;
}

/** What the page embeds in `<script id="report-data" type="application/json">`. */
export interface ReportPayload {
  readonly meta: ReportMeta;
  readonly model: ReportModel;
  readonly charts: readonly ChartSpec[];
}

let chartBundle: string | undefined;

/** Chart.js UMD bundle text, read once per process from the installed package. */
export function chartJsBundle(): string {
  if (chartBundle === undefined) {
    // 'chart.js' resolves to dist/chart.cjs under require conditions; the UMD build sits beside it.
    const dist = dirname(createRequire(import.meta.url).resolve('chart.js'));
    const text = readFileSync(join(dist, 'chart.umd.js'), 'utf8');
    // A literal "</script" would end the inline script early; "<\/" means the same inside JS strings.
    chartBundle = text.replace(/<\/(script)/gi, '<\\/$1');
  }
  return chartBundle;
}

/**
 * JSON that is safe inside a `<script>` element: `<` becomes `\u003c` so neither `</script>` nor
 * `<!--` can appear; U+2028/2029 are escaped for old parsers that treat them as line ends.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Builds the payload: the model plus one chart spec per canvas, in page order. */
export function reportPayload(rows: readonly StudyRow[], meta: ReportMeta): ReportPayload {
  return build(rows, meta).payload;
}

function build(
  rows: readonly StudyRow[],
  meta: ReportMeta,
): { payload: ReportPayload; perAxis: ChartSpec[][]; criteria: { model: CriteriaModel; charts: ChartSpec[] } | null; training: ChartSpec[] } {
  checkMeta(meta);
  const model = buildReportModel(rows);
  const perAxis = model.axes.map(axisCharts);
  const cm = criteriaModel(rows);
  const criteria = cm && { model: cm, charts: criteriaCharts(cm) };
  const training = trainingCharts(rows);
  return { payload: { meta, model, charts: [...(criteria?.charts ?? []), ...training, ...perAxis.flat()] }, perAxis, criteria, training };
}

/** What a study adds to its report besides the rows: sections of its own, links to network pages. */
export interface ReportExtras {
  readonly sections?: readonly string[];
  readonly networks?: ReportNetworks;
}

/** Renders the whole report as one HTML string. Pure apart from reading the Chart.js bundle once. */
export function renderReport(rows: readonly StudyRow[], meta: ReportMeta, { sections: extraSections = [], networks }: ReportExtras = {}): string {
  const { payload, perAxis, criteria, training } = build(rows, meta);
  const sections = [...payload.model.axes.map((axis, i) => axisSectionHtml(axis, perAxis[i] ?? [])), ...extraSections];
  if (criteria) sections.unshift(criteriaSectionHtml(criteria.model, criteria.charts));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(meta.title)}</title>
<style>${reportCss}</style>
</head>
<body data-chart-count="${payload.charts.length}">
${headerHtml(meta, payload.model, finding(rows))}
<main>
${comparisonsHtml(payload.model.comparisons)}
${trainingSectionHtml(trainingSummary(rows), training)}
${sections.join('\n')}
${networks ? networkTableHtml(networks.links, networks.pageLimit) : ''}
</main>
<script id="report-data" type="application/json">${scriptSafeJson(payload)}</script>
<script>${chartJsBundle()}</script>
<script>${reportClientScript}</script>
</body>
</html>
`;
}

/**
 * Writes `<dir>/report.html` atomically: a temporary file in the same directory, then a rename,
 * so a reader (or a browser reload) never sees half a report. Returns the final path.
 */
export async function writeReport(dir: string, rows: readonly StudyRow[], meta: ReportMeta, extras: ReportExtras = {}): Promise<string> {
  const html = renderReport(rows, meta, extras);
  await makeDirectory(dir);
  const target = join(dir, REPORT_FILE);
  await writeFileAtomic(target, html);
  return target;
}

/** Meta comes from the run's state; wrong numbers would print a wrong convergence rate. */
function checkMeta(meta: ReportMeta): void {
  const { networks_total: total, converged } = meta;
  if (!Number.isInteger(total) || total < 0) {
    throw new RangeError(`meta.networks_total must be a non-negative integer, got ${total}`);
  }
  if (!Number.isInteger(converged) || converged < 0 || converged > total) {
    throw new RangeError(`meta.converged must be an integer from 0 to meta.networks_total (${total}), got ${converged}`);
  }
  if (typeof meta.created !== 'string' || Number.isNaN(Date.parse(meta.created))) {
    throw new TypeError(`meta.created must be an ISO 8601 date string, got ${JSON.stringify(meta.created)}`);
  }
}
