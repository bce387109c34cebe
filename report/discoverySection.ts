/**
 * The discovery benchmark's report section, from the rows of discovery.csv: per method, how many
 * circuits it returned and the share that are valid, minimal, and of minimum size, the median
 * number of valid rivals of equal or smaller size, and the share of networks where some threshold
 * returned a valid (a minimal) circuit. Pure: rows in, numbers and HTML out.
 */
import type { DiscoveryRow } from '../coordinator/discoveryStudy.js';
import { escapeHtml } from './reportHtml.js';


export interface MethodSummary {
  readonly method: string;
  readonly returned: number;
  readonly valid: number;
  readonly minimal: number;
  readonly minimumSize: number;
  readonly medianRivals: number | null;
  /** The same median over the valid returned circuits only. */
  readonly medianRivalsValid: number | null;
  readonly networks: number;
  readonly networksValid: number;
  readonly networksMinimal: number;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function summarizeDiscovery(rows: readonly DiscoveryRow[]): MethodSummary[] {
  const methods = [...new Set(rows.map((r) => `${r.method} (${r.distance})`))];
  return methods.map((label) => {
    const mine = rows.filter((r) => `${r.method} (${r.distance})` === label);
    const per = new Map<string, DiscoveryRow[]>();
    for (const r of mine) per.set(`${r.network}:${r.output}`, [...(per.get(`${r.network}:${r.output}`) ?? []), r]);
    const nets = [...per.values()];
    return {
      method: label,
      returned: mine.length,
      valid: mine.filter((r) => r.valid).length,
      minimal: mine.filter((r) => r.minimal).length,
      minimumSize: mine.filter((r) => r.minimum_size).length,
      medianRivals: median(mine.map((r) => r.rivals)),
      medianRivalsValid: median(mine.filter((r) => r.valid).map((r) => r.rivals)),
      networks: nets.length,
      networksValid: nets.filter((n) => n.some((r) => r.valid)).length,
      networksMinimal: nets.filter((n) => n.some((r) => r.minimal)).length,
    };
  });
}

const share = (k: number, n: number): string => (n === 0 ? '-' : `${((100 * k) / n).toFixed(1)}% (${k}/${n})`);

/** One line per method, as the CLI prints it and the README quotes it. */
export function discoveryLines(summaries: readonly MethodSummary[]): string[] {
  return summaries.map(
    (s) =>
      `${s.method}: ${s.returned} circuits returned; valid ${share(s.valid, s.returned)}, minimal ${share(s.minimal, s.returned)}, minimum size ${share(s.minimumSize, s.returned)}; median valid rivals of equal or smaller size ${s.medianRivals ?? '-'} (${s.medianRivalsValid ?? '-'} for the valid ones); networks with a valid circuit at some threshold ${share(s.networksValid, s.networks)}, with a minimal one ${share(s.networksMinimal, s.networks)}`,
  );
}

export function discoverySectionHtml(summaries: readonly MethodSummary[]): string {
  const head = ['method', 'circuits returned', 'valid', 'minimal', 'minimum size', 'median valid rivals (≤ edges)', 'the same, valid returned only', 'networks: some valid', 'networks: some minimal'];
  const body = summaries.map((s) =>
    [s.method, String(s.returned), share(s.valid, s.returned), share(s.minimal, s.returned), share(s.minimumSize, s.returned), String(s.medianRivals ?? '-'), String(s.medianRivalsValid ?? '-'), share(s.networksValid, s.networks), share(s.networksMinimal, s.networks)]
      .map((c) => `<td>${escapeHtml(c)}</td>`)
      .join(''),
  );
  return `<section class="axis" id="discovery">
<h2>Circuit discovery against the exact valid set</h2>
<p>Every circuit each method returned, at every threshold, judged by <code>identifiability check</code>: valid under the paper's criterion, minimal (no valid proper sub-circuit), of minimum size (the fewest edges of any valid circuit), and how many other valid circuits have at most as many edges. Rows: discovery.csv.</p>
<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>${body.map((r) => `<tr>${r}</tr>`).join('\n')}</tbody></table>
</section>`;
}
