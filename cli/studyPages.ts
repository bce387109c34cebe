/**
 * Show pages for a study's networks (issue 15): networks/NNNN.html beside each analysed network's
 * case file, written with the report. Only networks with at most SHOW_PAGE_MAX_CIRCUITS kept
 * circuits (all outputs together) get one, built from the study's stored analysis (the circuits
 * are not searched again; only their truth tables are computed), so that a study of small networks costs a few
 * milliseconds and a few hundred KB per network, and a study of large ones costs nothing here: the
 * report names the command that writes their page instead.
 */
import { join } from 'node:path';
import type { RunSummary } from '../coordinator/output.js';
import type { NetworkLink } from '../report/networkTable.js';
import { writeShowPage } from '../report/show/showPage.js';
import { casePayload } from './showCase.js';

export const SHOW_PAGE_MAX_CIRCUITS = 2000;

export async function writeNetworkPages(dir: string, summary: RunSummary): Promise<NetworkLink[]> {
  const links: NetworkLink[] = [];
  for (const [i, row] of summary.rows.entries()) {
    const network = summary.rowNetworks[i];
    if (network === undefined) throw new Error(`row ${i} has no case file`);
    const file = `networks/${network.file}`;
    const page = file.replace(/\.json$/, '.html');
    const small = row.perfect_circuits.reduce((a, b) => a + b, 0) <= SHOW_PAGE_MAX_CIRCUITS;
    if (small) await writeShowPage(join(dir, page), await casePayload(join(dir, file), {}, network.analysis().outputs));
    links.push({ file, page: small ? page : null, gates: row.gates, sizes: row.sizes, circuits: row.perfect_circuits, formulas: row.formulas });
  }
  return links;
}
