/**
 * The report section of a study run with criteria (the `criteria` preset or `--criteria`): per
 * criteria set, the share of network-outputs left with exactly one of each count (a bar chart),
 * the median counts, and one sentence with the measured answer. Counts are per network-output
 * here, all four of them (criteria.csv's columns), unlike the main report's per-circuit groundings.
 */
import type { StudyRow } from '../shared/results/studyRow.js';
import { percent } from './finding.js';
import { barOptions, countColors, type ChartSpec } from './reportCharts.js';
import { countKinds, type CountKind } from './reportModel.js';
import { chartSlotHtml, escapeHtml, shareText, summaryText } from './reportHtml.js';
import { shareOfOnes, summarize, type Share, type Summary } from './reportStats.js';

export const criteriaCountLabels: Readonly<Record<CountKind, string>> = {
  circuits: 'circuits',
  groundings: 'groundings in total',
  formulas: 'formulas with a mapping',
  mappings: 'minimal mappings in total',
};

export interface CriteriaGroup {
  readonly label: string;
  readonly outputs: number;
  readonly shares: Readonly<Record<CountKind, Share>>;
  readonly summaries: Readonly<Record<CountKind, Summary>>;
  /** Network-outputs with exactly one circuit and exactly one formula with a minimal mapping. */
  readonly both: Share;
  /** Network-outputs left with no circuit, and with no formula with a minimal mapping. */
  readonly none: { readonly circuits: Share; readonly formulas: Share };
}

export interface CriteriaModel {
  readonly groups: readonly CriteriaGroup[];
  readonly sentence: string;
}

/** The criteria sets of the rows, in the order the study lists them (paper first). */
export function criteriaModel(rows: readonly StudyRow[]): CriteriaModel | null {
  const values = new Map<string, Record<CountKind | 'both', number[]>>();
  for (const r of rows) {
    for (const c of r.criteria ?? []) {
      let v = values.get(c.criteria);
      if (!v) values.set(c.criteria, (v = { circuits: [], groundings: [], formulas: [], mappings: [], both: [] }));
      v.both.push(c.circuits === 1 && c.formulas === 1 ? 1 : 0);
      v.circuits.push(c.circuits);
      // Totals past 2^53 only need to be told apart from 1 here.
      v.groundings.push(c.groundings_total === null ? NaN : Number(c.groundings_total));
      v.formulas.push(c.formulas);
      v.mappings.push(c.mappings);
    }
  }
  if (values.size === 0) return null;
  const groups = [...values].map(([label, v]) => ({
    label,
    outputs: v.circuits.length,
    shares: Object.fromEntries(countKinds.map((k) => [k, shareOfOnes(v[k].filter((x) => !Number.isNaN(x)))])) as Record<CountKind, Share>,
    summaries: Object.fromEntries(countKinds.map((k) => [k, summarize(v[k].filter((x) => !Number.isNaN(x)))])) as Record<CountKind, Summary>,
    both: shareOfOnes(v.both),
    none: { circuits: shareOfOnes(v.circuits.map((x) => (x === 0 ? 1 : 0))), formulas: shareOfOnes(v.formulas.map((x) => (x === 0 ? 1 : 0))) },
  }));
  const unit = rows.every((r) => r.n_gates === 1) ? 'networks' : 'network-outputs';
  return { groups, sentence: sentence(groups, unit) };
}

function shareWords(s: Share): string {
  return s.share === null ? 'no' : percent(s.share);
}

/** "Under all criteria together, N% of networks have exactly one circuit and M% exactly one formula with a minimal mapping (…)". */
function sentence(groups: readonly CriteriaGroup[], unit: string): string {
  const strictest = groups.find((g) => g.label === 'all') ?? groups[groups.length - 1];
  const paper = groups.find((g) => g.label === 'paper');
  if (!strictest) return '';
  const under = strictest.label === 'all' ? 'all criteria together' : strictest.label;
  const of = (g: CriteriaGroup): string =>
    `${shareWords(g.shares.circuits)} of ${g.outputs} ${unit} have exactly one circuit (${shareWords(g.none.circuits)} none) and ${shareWords(g.shares.formulas)} exactly one formula with a minimal mapping (${shareWords(g.none.formulas)} none)`;
  const base = paper && paper !== strictest ? ` (under the paper's criteria: ${shareWords(paper.shares.circuits)} and ${shareWords(paper.shares.formulas)})` : '';
  const both = strictest.both.share === null ? '' : `; ${percent(strictest.both.share)} have both`;
  return `Under ${under}, ${of(strictest)}${both}${base}.`;
}

export function criteriaCharts(model: CriteriaModel): ChartSpec[] {
  const labels = model.groups.map((g) => g.label);
  const dataset = (k: CountKind, data: (number | null)[]) => ({ label: criteriaCountLabels[k], data, backgroundColor: countColors[k] });
  const shares = countKinds.map((k) => dataset(k, model.groups.map((g) => (g.shares[k].share === null ? null : Math.round(g.shares[k].share * 1000) / 10))));
  const medians = countKinds.map((k) => dataset(k, model.groups.map((g) => g.summaries[k].median)));
  return [
    { id: 'chart-criteria-shares', title: 'Identifiable share per criteria set (count is exactly one)', yPercent: true, config: { type: 'bar', data: { labels, datasets: shares }, options: barOptions('criteria', '% with exactly one', { min: 0, max: 100 }) } },
    { id: 'chart-criteria-medians', title: 'Median counts per criteria set (log scale: medians of 0 are not drawn, the table lists them)', yPercent: false, config: { type: 'bar', data: { labels, datasets: medians }, options: barOptions('criteria', 'median', { type: 'logarithmic' }) } },
  ];
}

export function criteriaSectionHtml(model: CriteriaModel, charts: readonly ChartSpec[]): string {
  const head = countKinds.map((k) => `<th colspan="2" class="kind-${k}">${escapeHtml(criteriaCountLabels[k])}</th>`).join('');
  const head2 = countKinds.map(() => '<th>min / median / max</th><th>exactly one</th>').join('');
  const rows = model.groups.map((g) => `<tr><th scope="row">${escapeHtml(g.label)}</th><td>${g.outputs}</td>${countKinds.map((k) => `<td>${summaryText(g.summaries[k])}</td><td>${shareText(g.shares[k])}</td>`).join('')}</tr>`);
  return `<section class="axis" id="criteria">
<h2>Stricter criteria</h2>
<p class="criteria-finding">${escapeHtml(model.sentence)}</p>
<div class="grid">
${charts.map(chartSlotHtml).join('\n')}
</div>
<div class="table-wrap"><table class="medians">
<thead><tr><th rowspan="2">criteria</th><th rowspan="2">network-outputs</th>${head}</tr>
<tr>${head2}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>
<p class="note">Each criteria set is applied to the same analysis of each network (docs/criteria.md): the paper's, each criterion alone, and all of them together.</p>
</section>`;
}
