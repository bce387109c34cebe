/**
 * The show page: one self-contained, offline HTML file for one network. The network, the usage
 * shares and the counts in words are drawn here (readable without scripts); the circuit small
 * multiples, the grounding detail and the formula trees are drawn in the browser from the embedded
 * JSON, a page of circuits at a time (showClient.ts).
 */
import { makeDirectory } from '../../coordinator/makeDirectory.js';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../../coordinator/atomicFile.js';
import { escapeHtml } from '../reportHtml.js';
import { scriptSafeJson } from '../report.js';
import type { ShowOutput, ShowPayload } from './showData.js';
import { usageSvg, weightsSvg } from './showGraph.js';
import { showScripts } from './showScripts.js';

const plural = (n: number | string, one: string, many: string): string => `${n} ${String(n) === '1' ? one : many}`;

/** The counts of an output in plain words. */
export function outputWords(out: ShowOutput): string[] {
  const mappings = out.formulas.reduce((s, f) => s + f.count, 0);
  const aligned = out.formulas.length;
  return [
    `${plural(out.kept, 'circuit is', 'circuits are')} kept of ${plural(out.candidates, 'candidate', 'candidates')}, with ${plural(out.groundingsTotal, 'grounding', 'groundings')} in total.`,
    `${plural(out.formulasChecked, 'formula computes', 'formulas compute')} ${out.gate}; ${aligned === 0 ? 'none is' : `${plural(aligned, 'formula is', 'formulas are')}`} aligned with IIA = 1${aligned === 0 ? '' : `, by ${plural(mappings, 'minimal mapping', 'minimal mappings')}`}.`,
  ];
}

/** With --criteria: what survives them, in plain words (the page greys out the rest). */
export function criteriaWords(out: ShowOutput): string[] {
  const c = out.criteria;
  if (!c) return [];
  const shown = c.mappings.reduce((s, m) => s + m.length, 0);
  const survive = c.mappings.reduce((s, m) => s + [...m].filter((b) => b === '1').length, 0);
  const counted = out.formulas.map((f, i) => ({ f, passing: c.passing[i] ?? 0 })).filter(({ f }) => f.mappings.length === 0 && f.count > 0);
  return [
    `Under ${c.names.join(', ')}: ${c.kept} of the ${out.kept} circuits are kept, and ${survive} of the ${shown} minimal mappings drawn; the rest are greyed out.`,
    ...(counted.length > 0
      ? [`Of the ${counted.length} formulas whose mappings are counted, not drawn, ${counted.filter((x) => x.passing > 0).length} keep ${counted.reduce((s, x) => s + x.passing, 0)} of their ${counted.reduce((s, x) => s + x.f.count, 0)} minimal mappings.`]
      : []),
  ];
}

function inputNames(n: number): string[] {
  return Array.from({ length: n }, (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i] as string);
}

function outputHtml(payload: ShowPayload, out: ShowOutput, o: number): string {
  const L = payload.sizes.length - 1;
  const sizes = [...payload.sizes.slice(0, L), 1];
  const usage = usageSvg(sizes, out.nodeUse, out.edgeUse, out.kept, 360, 220, inputNames(sizes[0] as number));
  const listed = out.circuits
    ? `<div class="controls">Filter by size: <label>hidden neurons on <select name="on"></select></label> <label>edges <select name="edges"></select></label>
<span class="pager"><button class="prev" type="button">◀</button> <span class="where"></span> <button class="next" type="button">▶</button></span></div>
<p class="note">Sparsest first (fewest hidden neurons, then fewest edges). Click a circuit for its groundings. Edges: blue positive weight, red negative; grey: not in the circuit.</p>
<div class="grid"></div>`
    : `<p class="note">${out.kept} kept circuits are more than the list limit (${payload.listLimit ?? 'all'}): only the shares are drawn. Run <code>identifiability show ${escapeHtml(payload.source)} --list-limit all</code> to list them.</p>`;
  const detail = out.circuits ? '<section class="detail"><p class="note">Click a circuit below: its groundings, each neuron labelled with its logic gate, appear here.</p></section>' : '';
  return `<section class="output" id="output-${o}">
<h2>Output ${o}: ${escapeHtml(out.gate)}</h2>
<ul class="words">${[...outputWords(out), ...criteriaWords(out)].map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>
<div class="circuits">
<h3>Circuits</h3>
<div class="row"><figure class="summary">${usage}<figcaption>Share of the ${out.kept} kept circuits that use each neuron and edge: dark and thick parts every explanation needs, pale parts are interchangeable.</figcaption></figure>
${detail}</div>
${listed}
</div>
<div class="formulas">
<h3>Formulas and minimal mappings</h3>
<p class="note">Each formula's tree beside the network: every relevant node of the tree and the neurons it is mapped to share a colour.</p>
<div class="formula-list"></div>
</div>
</section>`;
}

export function renderShowPage(payload: ShowPayload): string {
  const chips = Object.entries(payload.settings).map(([k, v]) => `<span class="chip"><i>${escapeHtml(k)}</i> ${escapeHtml(String(v))}</span>`);
  const network = weightsSvg(payload.sizes, payload.weights, payload.biases, 640, 320, inputNames(payload.sizes[0] as number));
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(payload.title)}</title>
<style>${showCss}</style>
</head>
<body>
<header><h1>${escapeHtml(payload.title)}</h1><p class="sub">${escapeHtml(payload.source)} · layer sizes ${payload.sizes.join(', ')}</p><div class="settings">${chips.join('')}</div></header>
<section id="network"><h2>The network</h2>
<figure>${network}<figcaption>Edge width and colour: weight size and sign (blue positive, red negative); neuron colour and label: its bias.</figcaption></figure>
</section>
${payload.outputs.map((out, o) => outputHtml(payload, out, o)).join('\n')}
<script id="show-data" type="application/json">${scriptSafeJson(payload)}</script>
${showScripts().map((s) => `<script>${s}</script>`).join('\n')}
</body>
</html>
`;
}

/** Writes the page atomically (a reader never sees half of it); returns its path. */
export async function writeShowPage(path: string, payload: ShowPayload): Promise<string> {
  await makeDirectory(dirname(path));
  await writeFileAtomic(path, renderShowPage(payload));
  return path;
}

const showCss = `
:root { --fg: #1d2330; --muted: #5c6575; --line: #d9dde5; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; padding: 20px 28px; font: 14px/1.45 system-ui, "DejaVu Sans", Arial, sans-serif; color: var(--fg); background: var(--bg); }
h1 { margin: 0 0 4px; font-size: 22px; }
h2 { margin: 22px 0 10px; font-size: 18px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { margin: 16px 0 8px; font-size: 15px; }
h4 { margin: 4px 0; font-size: 14px; }
.sub, .note { color: var(--muted); margin: 4px 0 8px; }
.note { font-size: 12.5px; max-width: 980px; }
.settings { display: flex; flex-wrap: wrap; gap: 6px; }
.chip { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 2px 10px; font-size: 12px; }
.chip i { color: var(--muted); font-style: normal; }
figure { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px; display: inline-block; vertical-align: top; }
figcaption { font-size: 12px; color: var(--muted); max-width: 640px; }
.words { font-size: 15px; margin: 6px 0; padding-left: 20px; }
.controls { margin: 10px 0 4px; display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
.pager .where { display: inline-block; min-width: 260px; text-align: center; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(168px, 1fr)); gap: 8px; max-height: 560px; overflow-y: auto; padding: 2px; }
.card { cursor: pointer; padding: 4px; }
.card:hover, .card:focus { border-color: #7c3aed; outline: none; }
.card figcaption { font-size: 11px; }
.dropped { opacity: 0.35; filter: grayscale(1); }
figure.summary figcaption { max-width: 360px; }
.row { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
.detail { background: #fff; border: 2px solid #7c3aed; border-radius: 8px; padding: 8px 10px; flex: 1 1 560px; max-width: 820px; }
.detail .label { font-weight: 600; }
.formula-list { display: flex; flex-wrap: wrap; gap: 10px; }
.formula .pair { display: flex; gap: 6px; align-items: center; }
.formula figcaption { color: var(--fg); font-size: 13px; }
svg .label { fill: #1d2330; }
button { font-size: 12px; }
`;
