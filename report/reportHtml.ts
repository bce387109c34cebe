/**
 * Static HTML pieces of the report: header, settings, medians table, chart slots and CSS.
 * Everything that is not a chart is rendered here, on the server, so the page is readable even
 * where scripts do not run.
 */
import type { FindingLine } from './finding.js';
import { countColors, type ChartSpec } from './reportCharts.js';
import { countKinds, countLabels, type AxisModel, type ReportModel } from './reportModel.js';
import { compact, type Share, type Summary } from './reportStats.js';
import type { SampleComparison } from './compareSamples.js';
import type { ConditionComparisons } from './conditions.js';
import type { TrainingSummary } from './trainingCharts.js';

/** Run facts shown in the header. `created` is passed in: the report reads no clock. */
export interface ReportMeta {
  readonly title: string;
  readonly study: string;
  readonly networks_total: number;
  readonly converged: number;
  /** ISO 8601 time the run was created. */
  readonly created: string;
  readonly settings: Readonly<Record<string, unknown>>;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

export function convergenceRate(meta: ReportMeta): number | null {
  return meta.networks_total === 0 ? null : meta.converged / meta.networks_total;
}

/** The finding's sentences (finding.ts), first thing on the page. */
export function findingHtml(lines: readonly FindingLine[]): string {
  const items = lines.map((l) => `<li class="finding-${l.kind}">${escapeHtml(l.text)}</li>`);
  return `<section class="finding" aria-label="finding"><b>Finding</b><ul>${items.join('')}</ul></section>`;
}

export function headerHtml(meta: ReportMeta, model: ReportModel, finding: readonly FindingLine[]): string {
  const rate = convergenceRate(meta);
  const facts: [string, string][] = [
    ['networks trained', String(meta.networks_total)],
    ['converged', String(meta.converged)],
    ['convergence rate', rate === null ? '–' : `${(rate * 100).toFixed(1)}%`],
    ['networks analysed', String(model.networks)],
    ['network-outputs', String(model.outputs)],
  ];
  const cards = facts.map(([k, v]) => `<div class="fact"><b>${escapeHtml(v)}</b><span>${escapeHtml(k)}</span></div>`);
  return `<header>
<h1>${escapeHtml(meta.title)}</h1>
<p class="sub">study <b>${escapeHtml(meta.study)}</b> · created <time datetime="${escapeHtml(meta.created)}">${escapeHtml(meta.created)}</time></p>
${findingHtml(finding)}
<div class="facts">${cards.join('')}</div>
${settingsHtml(meta.settings)}
<p class="note">A <i>network-output</i> is one output of one converged network. "Identifiable share" is the share of
network-outputs with exactly one circuit, of circuits with exactly one grounding, of network-outputs with exactly one
formula, and of formulas with exactly one minimal mapping.</p>
</header>`;
}

function settingsHtml(settings: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries(settings);
  if (entries.length === 0) return '';
  const chips = entries.map(
    ([k, v]) => `<span class="chip"><i>${escapeHtml(k)}</i> ${escapeHtml(settingText(v))}</span>`,
  );
  return `<div class="settings">${chips.join('')}</div>`;
}

function settingText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  return JSON.stringify(v) ?? String(v);
}

export function axisSectionHtml(axis: AxisModel, charts: readonly ChartSpec[]): string {
  const heading = axis.axis === 'all' ? 'All networks' : `By ${axis.label}`;
  const figures = charts.map(chartSlotHtml).join('\n');
  return `<section class="axis" id="axis-${axis.axis}">
<h2>${escapeHtml(heading)}</h2>
<div class="grid">
${figures}
</div>
${mediansTableHtml(axis)}
</section>`;
}

export function chartSlotHtml(spec: ChartSpec): string {
  const title = escapeHtml(spec.title);
  return `<figure class="chart"><figcaption>${title}</figcaption><div class="box"><canvas id="${escapeHtml(spec.id)}" role="img" aria-label="${title}"></canvas></div></figure>`;
}

/** min / median / max and the exactly-one share of each count, one row per axis value. */
export function mediansTableHtml(axis: AxisModel): string {
  const head1 = countKinds.map((k) => `<th colspan="2" class="kind-${k}">${escapeHtml(countLabels[k])}</th>`).join('');
  const head2 = countKinds.map(() => '<th>min / median / max</th><th>exactly one</th>').join('');
  const rows = axis.groups.map((g) => {
    const cells = countKinds.map((k) => `<td>${summaryText(g.summaries[k])}</td><td>${shareText(g.shares[k])}</td>`);
    return `<tr><th scope="row">${escapeHtml(g.value)}</th><td>${g.networks}</td><td>${g.outputs}</td>${cells.join('')}</tr>`;
  });
  return `<div class="table-wrap"><table class="medians">
<thead><tr><th rowspan="2">${escapeHtml(axis.label)}</th><th rowspan="2">networks</th><th rowspan="2">outputs</th>${head1}</tr>
<tr>${head2}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>`;
}

const num = (v: number | null, digits = 3): string => (v === null ? '–' : Number(v.toPrecision(digits)).toString());
const signed = (v: number | null, digits = 3): string => (v === null ? '–' : `${v > 0 ? '+' : ''}${num(v, digits)}`);

function pText(p: number | null): string {
  if (p === null) return '–';
  const text = p < 1e-4 ? p.toExponential(1) : num(p, 2);
  return p < 0.05 ? `<b>${text}</b>` : text;
}

function comparisonCells(c: SampleComparison): string {
  const rel = c.meanChangeRelative === null ? '' : ` <small>(${signed(c.meanChangeRelative * 100, 3)}%)</small>`;
  return `<td>${num(c.mean)}</td><td>${signed(c.meanChange)}${rel}</td><td>${num(c.median)} <small>(${signed(c.medianChange)})</small></td><td>${pText(c.pValue)}</td><td>${signed(c.cohensD)}</td>`;
}

/**
 * Every condition against the baseline: mean and its change, median and its change, Welch's
 * t-test p-value (bold below 0.05, uncorrected for the number of conditions) and Cohen's d.
 */
export function comparisonsHtml(c: ConditionComparisons | null): string {
  if (!c) return '';
  const block = '<th>mean</th><th>mean change</th><th>median (change)</th><th>Welch p</th><th>Cohen\'s d</th>';
  const rows = c.conditions.map((k) => `<tr><th scope="row">${escapeHtml(k.label)}</th><td>${k.networks}</td>${comparisonCells(k.circuits)}${comparisonCells(k.formulas)}</tr>`);
  return `<section class="axis" id="conditions">
<h2>Conditions against the baseline</h2>
<p class="note">Baseline: <b>${escapeHtml(c.baseline.label)}</b> (${c.baseline.networks} networks). Per network-output; p-values of
Welch's two-sided t-test (not corrected for the number of conditions), Cohen's d with the pooled standard deviation.</p>
<div class="table-wrap"><table class="medians comparisons">
<thead><tr><th rowspan="2">condition</th><th rowspan="2">networks</th><th colspan="5" class="kind-circuits">${escapeHtml(countLabels.circuits)}</th><th colspan="5" class="kind-formulas">${escapeHtml(countLabels.formulas)}</th></tr>
<tr>${block}${block}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>
</section>`;
}

/** The explanations-through-training section: a summary sentence and the two charts' slots. */
export function trainingSectionHtml(summary: TrainingSummary | null, charts: readonly ChartSpec[]): string {
  if (!summary) return '';
  const task = summary.reachedTask === 0 ? 'none reached the task during training' : `${summary.reachedTask} reached the task (validation accuracy 0.99), at a median epoch of ${num(summary.medianTaskEpoch)}`;
  return `<section class="axis" id="training">
<h2>Explanations through training</h2>
<p class="note">${summary.networks} networks (${summary.outputs} network-outputs) analysed at every checkpoint; ${escapeHtml(task)}.
Between consecutive checkpoints ${summary.born} circuits were born and ${summary.died} died; mean Jaccard similarity of consecutive circuit sets (not both empty) ${num(summary.meanJaccard)}.</p>
<div class="grid">
${charts.map(chartSlotHtml).join('\n')}
</div>
</section>`;
}

export function summaryText(s: Summary): string {
  if (s.n === 0 || s.min === null || s.median === null || s.max === null) return '–';
  return `${compact(s.min)} / <b>${compact(s.median)}</b> / ${compact(s.max)}`;
}

export function shareText(s: Share): string {
  if (s.share === null) return '–';
  return `${(s.share * 100).toFixed(1)}% <small>(${s.ones}/${s.total})</small>`;
}

export const reportCss = `
:root { --fg: #1d2330; --muted: #5c6575; --line: #d9dde5; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px; font: 14px/1.45 system-ui, "DejaVu Sans", Arial, sans-serif; color: var(--fg); background: var(--bg); }
h1 { margin: 0 0 4px; font-size: 24px; }
h2 { margin: 28px 0 12px; font-size: 19px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
.sub, .note { color: var(--muted); margin: 4px 0 12px; }
.note { max-width: 980px; font-size: 13px; }
.facts { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; }
.fact { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 16px; min-width: 130px; }
.fact b { display: block; font-size: 20px; }
.fact span { color: var(--muted); font-size: 12px; }
.finding { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; margin: 12px 0; max-width: 980px; font-size: 15px; }
.finding ul { margin: 6px 0 0; padding-left: 0; list-style: none; }
.finding li { border-left: 4px solid var(--line); padding-left: 8px; margin: 4px 0; }
.settings { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0; }
.chip { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 2px 10px; font-size: 12px; }
.chip i { color: var(--muted); font-style: normal; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 16px; }
.chart { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.chart figcaption { font-weight: 600; margin-bottom: 6px; }
.box { position: relative; height: 300px; }
.table-wrap { overflow-x: auto; margin-top: 16px; }
table.medians { border-collapse: collapse; width: 100%; background: #fff; font-size: 12.5px; }
.medians th, .medians td { border: 1px solid var(--line); padding: 4px 6px; text-align: right; white-space: nowrap; }
.medians thead th { background: #eef0f4; text-align: center; white-space: normal; }
.medians small { color: var(--muted); }
${countKinds.map((k) => `.kind-${k} { border-top: 3px solid ${countColors[k]} !important; }\n.finding-${k} { border-left-color: ${countColors[k]} !important; }`).join('\n')}
`;
