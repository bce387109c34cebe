/**
 * The report's list of networks: one row per analysed network with its counts and a link to its
 * show page (report/show/), written beside its case file under networks/ when its circuits are
 * few enough for a page (cli/studyPages.ts decides); otherwise the command that writes one.
 */
import { escapeHtml } from './reportHtml.js';

export interface NetworkLink {
  /** Case file, relative to the run directory (networks/0001.json). */
  readonly file: string;
  /** Its show page relative to the run directory, or null when none was written. */
  readonly page: string | null;
  readonly gates: readonly string[];
  readonly sizes: readonly number[];
  readonly circuits: readonly number[];
  readonly formulas: readonly number[];
}

/** Folded when long, so the charts stay at the top of the page. */
const OPEN_UP_TO = 40;

export function networkTableHtml(links: readonly NetworkLink[], pageLimit: number): string {
  if (links.length === 0) return '';
  const rows = links.map((n) => {
    const page = n.page
      ? `<a class="show-link" href="${escapeHtml(n.page)}">explore</a>`
      : `<small>more than ${pageLimit} circuits: <code>identifiability show ${escapeHtml(n.file)} --list-limit all</code></small>`;
    return `<tr><td><code>${escapeHtml(n.file)}</code></td><td>${escapeHtml(n.gates.join(', '))}</td><td>${n.sizes.join(', ')}</td><td>${n.circuits.join(', ')}</td><td>${n.formulas.join(', ')}</td><td>${page}</td></tr>`;
  });
  const written = links.filter((n) => n.page).length;
  return `<section class="axis" id="networks">
<h2>Networks</h2>
<details${links.length <= OPEN_UP_TO ? ' open' : ''}><summary>${links.length} analysed networks; ${written} with a page that draws their circuits, groundings and mappings</summary>
<div class="table-wrap"><table class="medians networks">
<thead><tr><th>case file</th><th>gates</th><th>sizes</th><th>circuits per output</th><th>formulas with a mapping</th><th>page</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>
</details>
</section>`;
}
