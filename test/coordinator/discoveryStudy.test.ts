/**
 * The discovery benchmark: its rows agree with `check` on each returned circuit, the summary counts
 * the rows, and `run --preset discovery` writes discovery.csv and the report section.
 */
import test from 'ava';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoveryCsv, discoveryRows, type DiscoveryRow } from '../../coordinator/discoveryStudy.js';
import { summarizeDiscovery } from '../../report/discoverySection.js';
import { runCli } from '../helpers/cli.js';
import { goldenCases } from '../helpers/golden.js';

const tmp = mkdtempSync(join(tmpdir(), 'identifiability-discovery-'));
test.after.always(() => rmSync(tmp, { recursive: true, force: true }));

test('rows of a golden network: one per method and threshold, verdicts consistent with the golden list', (t) => {
  const g = goldenCases().find((c) => c.name === 'xor-k3-s4')!;
  const rows = discoveryRows(7, g.json);
  const listed: { edge_masks: number[][][] }[] = g.json.expected[0].circuits;
  const sizes = listed.map((c) => c.edge_masks.flat(2).filter((b) => b === 1).length);
  t.deepEqual([...new Set(rows.map((r) => r.method))], ['acdc', 'eap', 'masks']);
  t.is(rows.filter((r) => r.method === 'eap').length, 18);
  for (const r of rows) {
    t.is(r.network, 7);
    t.is(r.valid_circuits, listed.length);
    t.is(r.min_edges, Math.min(...sizes));
    t.is(r.rivals, sizes.filter((s) => s <= r.edges).length - (r.valid ? 1 : 0));
    t.is(r.minimum_size, r.valid && r.edges === r.min_edges);
    t.true(!r.minimal || r.valid);
  }
  const csv = discoveryCsv(rows).trim().split('\n');
  t.is(csv.length, rows.length + 1);
  t.is(csv[0], 'network,output,gate,method,distance,threshold,edges,valid,minimal,minimum_size,accuracy,valid_circuits,min_edges,rivals,jaccard_to_nearest');
});

test('the summary counts shares per method and networks with some valid circuit', (t) => {
  const base: DiscoveryRow = { network: 0, output: 0, gate: 'XOR', method: 'acdc', distance: 'kl', threshold: 0, edges: 5, valid: false, minimal: false, minimum_size: false, accuracy: 0.5, valid_circuits: 9, min_edges: 5, rivals: 3, jaccard_to_nearest: 0.5 };
  const rows: DiscoveryRow[] = [
    base,
    { ...base, valid: true, minimal: true, minimum_size: true, rivals: 0, jaccard_to_nearest: null },
    { ...base, network: 1, rivals: 7 },
    { ...base, method: 'eap', rivals: 1 },
  ];
  const [acdc, eap] = summarizeDiscovery(rows);
  t.like(acdc, { method: 'acdc (kl)', returned: 3, valid: 1, minimal: 1, minimumSize: 1, medianRivals: 3, medianRivalsValid: 0, networks: 2, networksValid: 1, networksMinimal: 1 });
  t.like(eap, { returned: 1, valid: 0, medianRivals: 1, medianRivalsValid: null });
});

test('run --preset discovery writes discovery.csv and the report section', async (t) => {
  const out = join(tmp, 'run');
  const r = await runCli(['run', '--preset', 'discovery', '--experiments', '3', '--out', out, '--threads', '1']);
  t.is(r.code, 0, r.stderr);
  t.regex(r.stdout, /discovery: acdc \(kl\): \d+ circuits returned; valid/);
  const csv = readFileSync(join(out, 'discovery.csv'), 'utf8').trim().split('\n');
  t.true(csv.length > 1);
  t.regex(readFileSync(join(out, 'report.html'), 'utf8'), /id="discovery"/);
});
