/**
 * Show pages in real headless chromium (the Debian package): the golden paper-like XOR network
 * (k = 3) and the k = 5 example with its default sparsity filter (5811 kept circuits). Counts the
 * drawn SVG elements against the analysis, opens a circuit's grounding through the address, and
 * fails on any console message or page error.
 */
import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { casePayload } from '../../cli/showCase.js';
import type { ShowPayload } from '../../report/show/showData.js';
import { writeShowPage } from '../../report/show/showPage.js';
import { decodeCircuit } from '../../report/show/showGraph.js';
import { requireChromium, runChromium } from '../coordinator/chromium.js';
import { repoRoot } from '../helpers/cli.js';

let dir = '';

test.before(async () => {
  requireChromium();
  dir = await mkdtemp(join(tmpdir(), 'show-browser-'));
});

test.after.always(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Rendered {
  /** The DOM after the scripts ran, script elements removed (they contain the markup as text). */
  readonly dom: string;
  readonly console: string[];
}

async function render(page: string, hash: string): Promise<Rendered> {
  const res = await runChromium(['--enable-logging=stderr', '--v=0', '--dump-dom', `${pathToFileURL(page).href}#${hash}`]);
  if (res.code !== 0) throw new Error(`chromium exited ${res.code}: ${res.stderr.slice(-800)}`);
  return { dom: res.stdout.replace(/<script\b[\s\S]*?<\/script>/g, ''), console: res.stderr.split('\n').filter((l) => /:CONSOLE/.test(l)) };
}

const count = (dom: string, re: RegExp): number => [...dom.matchAll(re)].length;
const attr = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
/** The SVG element of class `cls` (the first one). */
const svgOf = (dom: string, cls: string): string => new RegExp(`<svg class="${cls}"[\\s\\S]*?</svg>`).exec(dom)?.[0] ?? '';

async function check(t: import('ava').ExecutionContext, name: string, file: string, pick: number, grounding: number): Promise<ShowPayload> {
  const payload = await casePayload(join(repoRoot, file), {});
  const page = await writeShowPage(join(dir, `${name}.html`), payload);
  const { dom, console } = await render(page, `circuit=0.${pick}&grounding=${grounding}`);
  t.deepEqual(console, [], 'no console message or page error');
  const body = /<body[^>]*>/.exec(dom)?.[0] ?? '';
  t.is(attr(body, 'data-show-error'), undefined);
  t.is(attr(body, 'data-ready'), '1');
  const sizes = payload.sizes;
  const out = payload.outputs[0];
  if (!out?.circuits) throw new Error('no circuit list');
  // The network: every neuron and every weight.
  const network = svgOf(dom, 'network');
  t.is(count(network, /<circle class="node"/g), sizes.reduce((a, b) => a + b, 0));
  t.is(count(network, /<line class="edge"/g), sizes.slice(1).reduce((s, n, l) => s + n * (sizes[l] as number), 0));
  // Circuits: the first page of small multiples, each a whole single-output network.
  const single = [...sizes.slice(0, -1), 1];
  const minis = count(dom, /<svg class="circuit-mini"/g);
  t.is(minis, Math.min(60, out.kept));
  t.is(attr(body, 'data-circuits-drawn'), String(minis));
  t.is(count(dom, /<circle class="node"/g) - count(network, /<circle class="node"/g), (minis + 2 + out.formulas.length) * single.reduce((a, b) => a + b, 0), 'minis, usage, detail and mapping networks: every node drawn');
  // The clicked circuit: its count from the analysis, the page's own walk agrees, one gate per on node.
  const detail = /<section class="detail"[^>]*>/.exec(dom)?.[0] ?? '';
  t.is(attr(detail, 'data-count'), out.circuits.groundings[pick]);
  t.is(attr(detail, 'data-walk-total'), out.circuits.groundings[pick]);
  const d = decodeCircuit(single, out.circuits.codes[pick] as string);
  const onNodes = d.masks.reduce((s, m) => s + m.toString(2).replace(/0/g, '').length, 0);
  t.is(attr(detail, 'data-labels'), out.circuits.groundings[pick] === '0' ? '0' : String(onNodes));
  t.regex(dom, new RegExp(`value="${grounding + 1}"`), 'the grounding asked for is shown');
  // Formulas: one tree and one network per formula with a minimal mapping, every tree node drawn.
  t.is(count(dom, /<svg class="tree"/g), out.formulas.length);
  t.is(count(dom, /<svg class="mapping-net"/g), out.formulas.length);
  const treeNodes = (n: { children: unknown[] }): number => 1 + (n.children as { children: unknown[] }[]).reduce((s, c) => s + treeNodes(c), 0);
  t.is(count(dom, /<g class="tnode"/g), out.formulas.reduce((s, f) => s + treeNodes(f.tree), 0));
  return payload;
}

test.serial('golden paper-like XOR network (k = 3): network, 54 circuits, groundings and 10 mapped formulas drawn', async (t) => {
  const payload = await check(t, 'xor-k3-s4', 'test/golden/xor-k3-s4.json', 5, 1);
  t.is(payload.outputs[0]?.kept, 54);
  t.is(payload.outputs[0]?.formulas.length, 10);
});

test.serial('k = 5 example with its default filter: thousands of circuits, drawn a page at a time', async (t) => {
  const payload = await check(t, 'xor-k5-s1', 'examples/xor-k5-s1.json', 100, 5);
  t.is(payload.outputs[0]?.kept, 5811);
});

test.serial('--criteria: the circuits and mappings the criteria drop are greyed out, the rest are not', async (t) => {
  const { parseCriteria } = await import('../../shared/engine/criteria.js');
  const payload = await casePayload(join(repoRoot, 'test/golden/xor-k3-s4.json'), { criteria: parseCriteria('minimal-circuits,joint-iia') });
  const out = payload.outputs[0];
  if (!out?.circuits || !out.criteria?.circuits) throw new Error('no circuit list or criteria');
  const bits = out.criteria.circuits;
  t.is(bits.length, out.circuits.codes.length);
  t.is([...bits].filter((b) => b === '1').length, out.criteria.kept);
  t.true(out.criteria.kept > 0 && out.criteria.kept < out.kept, 'minimality drops some circuits and keeps some');
  const page = await writeShowPage(join(dir, 'criteria.html'), payload);
  const { dom, console } = await render(page, '');
  t.deepEqual(console, []);
  t.is(attr(/<body[^>]*>/.exec(dom)?.[0] ?? '', 'data-ready'), '1');
  t.is(count(dom, /<figure class="card dropped"/g), [...bits.slice(0, 60)].filter((b) => b === '0').length);
  t.is(count(dom, /<figure class="card"/g), [...bits.slice(0, 60)].filter((b) => b === '1').length);
  // Each formula card shows its first mapping: greyed exactly when that mapping is dropped.
  t.is(count(dom, /<figure class="formula dropped"/g), out.criteria.mappings.filter((m) => m[0] === '0').length);
  t.regex(dom, new RegExp(`Under minimal-circuits, joint-iia: ${out.criteria.kept} of the ${out.kept} circuits are kept`));
});

test.serial('--criteria on mappings counted, not listed: each formula says how many of its mappings pass, or that it is dropped', async (t) => {
  const { parseCriteria } = await import('../../shared/engine/criteria.js');
  const payload = await casePayload(join(repoRoot, 'test/golden/xor-k3-s4.json'), { criteria: parseCriteria('joint-iia'), formulaMaxDepth: 4 });
  const out = payload.outputs[0];
  if (!out?.criteria) throw new Error('no criteria');
  const { passing } = out.criteria;
  t.is(passing.length, out.formulas.length);
  t.true(passing.some((n) => n === 0) && passing.some((n) => n > 0), 'joint-iia drops some formulas and keeps some');
  // Each formula's passing mappings are the ones its embedded list marks kept (all of them are embedded here).
  out.formulas.forEach((f, i) => t.is(passing[i], [...(out.criteria?.mappings[i] ?? '')].filter((b) => b === '1').length, f.text));
  // The page as it is for an output past the listing bound (a million mappings is too slow for a test): nothing embedded.
  const counted = { ...payload, outputs: [{ ...out, formulas: out.formulas.map((f) => ({ ...f, mappings: [] })), criteria: { ...out.criteria, mappings: out.formulas.map(() => '') } }] };
  const page = await writeShowPage(join(dir, 'criteria-counted.html'), counted);
  const { dom, console } = await render(page, '');
  t.deepEqual(console, []);
  t.is(count(dom, /<figure class="formula dropped"/g), passing.filter((n) => n === 0).length);
  t.is(count(dom, / pass the criteria</g), passing.filter((n) => n > 0).length);
  const total = out.formulas.reduce((a, f) => a + f.count, 0);
  t.regex(dom, new RegExp(`Of the ${out.formulas.length} formulas whose mappings are counted, not drawn, ${passing.filter((n) => n > 0).length} keep ${passing.reduce((a, n) => a + n, 0)} of their ${total} minimal mappings\\.`));
});
