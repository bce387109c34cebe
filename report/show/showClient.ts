/**
 * The show page's script, as text: it runs after the inlined d3-hierarchy bundle and the inlined
 * drawing and grounding functions (showGraph.ts, shared/engine/groundingList.ts), reads the
 * embedded JSON and draws, per output, one page of circuit small multiples at a time, the detail of
 * a clicked circuit with the gates of a chosen grounding, and each formula's tree beside the network
 * with its mapped neurons. It marks the body with what it drew (`data-ready`, `data-ready-ms`) or
 * why it failed (`data-show-error`), so a headless browser test can check the page from the DOM.
 * `#circuit=O.I&grounding=G` in the address opens circuit I of output O at grounding G.
 * Plain JavaScript in a string because the project compiles without DOM typings.
 */
export const showClientScript = String.raw`
(function () {
  'use strict';
  const body = document.body;
  const started = performance.now();
  const fail = (msg) => { body.dataset.showError = (body.dataset.showError ? body.dataset.showError + ' | ' : '') + msg; };
  window.addEventListener('error', (e) => fail(String(e.message)));
  const PAGE = 60;
  const PALETTE = ['#e11d48', '#0891b2', '#ca8a04', '#7c3aed', '#16a34a', '#ea580c', '#db2777', '#2563eb'];
  const el = (tag, attrs, html) => {
    const e = document.createElement(tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (html !== undefined) e.innerHTML = html;
    return e;
  };
  const plural = (n, one, many) => n + ' ' + (String(n) === '1' ? one : many);
  try {
    const data = JSON.parse(document.getElementById('show-data').textContent);
    const L = data.sizes.length - 1;
    const sizes = data.sizes.slice(0, L).concat([1]);
    const inputs = Array.from({ length: data.sizes[0] }, (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i]);
    const P = data.patterns.length;
    const hexWidth = Math.ceil(P / 4);
    // Layer-1 tables name a gate of the inputs only when the patterns are every input pattern in order.
    const fullPatterns = P === 2 ** inputs.length && data.patterns.every((bits, p) => bits.reduce((t, b) => t * 2 + b, 0) === p);
    const hash = new URLSearchParams(location.hash.slice(1));
    const wanted = (hash.get('circuit') || '').split('.').map(Number);
    let drawnCircuits = 0;
    let drawnFormulas = 0;
    data.outputs.forEach((out, o) => {
      const section = document.getElementById('output-' + o);
      const weights = data.weights.slice(0, L - 1).concat([[data.weights[L - 1][o]]]);
      drawnFormulas += drawFormulas(section.querySelector('.formulas'), out, weights);
      if (out.circuits) drawnCircuits += drawCircuits(section.querySelector('.circuits'), out, weights, o);
    });
    body.dataset.circuitsDrawn = String(drawnCircuits);
    body.dataset.formulasDrawn = String(drawnFormulas);
    body.dataset.readyMs = String(Math.round(performance.now() - started));
    body.dataset.ready = '1';

    function drawCircuits(root, out, weights, o) {
      const list = out.circuits;
      const n = list.codes.length;
      // With --criteria: '1' kept, '0' dropped per listed circuit (greyed out).
      const kept = out.criteria && out.criteria.circuits ? out.criteria.circuits : null;
      const decoded = new Array(n);
      const onCount = new Int16Array(n);
      const edgeCount = new Int16Array(n);
      for (let c = 0; c < n; c++) {
        const d = decodeCircuit(sizes, list.codes[c]);
        for (let l = 0; l < L - 1; l++) for (let m = d.masks[l]; m; m &= m - 1) onCount[c]++;
        for (const rows of d.rows) for (const r of rows) for (let m = r; m; m &= m - 1) edgeCount[c]++;
      }
      const decode = (c) => decoded[c] || (decoded[c] = decodeCircuit(sizes, list.codes[c]));
      const grid = root.querySelector('.grid');
      const pager = root.querySelector('.pager');
      const detail = root.querySelector('.detail');
      const filterOn = root.querySelector('select[name=on]');
      const filterEdges = root.querySelector('select[name=edges]');
      const options = (select, counts) => {
        const values = [...new Set(counts)].sort((a, b) => a - b);
        select.innerHTML = '<option value="">any</option>' + values.map((v) => '<option>' + v + '</option>').join('');
      };
      options(filterOn, onCount);
      options(filterEdges, edgeCount);
      let shown = [];
      let page = 0;
      const refilter = () => {
        const a = filterOn.value === '' ? -1 : Number(filterOn.value);
        const b = filterEdges.value === '' ? -1 : Number(filterEdges.value);
        shown = [];
        for (let c = 0; c < n; c++) if ((a < 0 || onCount[c] === a) && (b < 0 || edgeCount[c] === b)) shown.push(c);
        page = 0;
        drawPage();
      };
      const drawPage = () => {
        const pages = Math.max(1, Math.ceil(shown.length / PAGE));
        page = Math.min(Math.max(0, page), pages - 1);
        const cards = shown.slice(page * PAGE, (page + 1) * PAGE).map((c) => {
          const svg = circuitSvg(sizes, weights, decode(c), 150, 96, {}, 'circuit-mini');
          const dropped = kept !== null && kept[c] === '0';
          return '<figure class="card' + (dropped ? ' dropped' : '') + '" data-circuit="' + c + '" tabindex="0">' + svg + '<figcaption>#' + (c + 1) + ' · ' + onCount[c] + ' neurons, ' + edgeCount[c] + ' edges<br>' + plural(list.groundings[c], 'grounding', 'groundings') + (dropped ? '<br><i>dropped by the criteria</i>' : '') + '</figcaption></figure>';
        });
        grid.innerHTML = cards.join('');
        root.dataset.drawn = String(cards.length);
        pager.querySelector('.where').textContent = shown.length === 0 ? 'no circuit matches' : 'circuits ' + (page * PAGE + 1) + '–' + Math.min(shown.length, (page + 1) * PAGE) + ' of ' + shown.length + ' shown (page ' + (page + 1) + ' of ' + pages + ')';
      };
      pager.querySelector('.prev').addEventListener('click', () => { page--; drawPage(); });
      pager.querySelector('.next').addEventListener('click', () => { page++; drawPage(); });
      filterOn.addEventListener('change', refilter);
      filterEdges.addEventListener('change', refilter);
      grid.addEventListener('click', (e) => {
        const card = e.target.closest('.card');
        if (card) select(Number(card.dataset.circuit), 0n);
      });
      grid.addEventListener('keydown', (e) => {
        const card = e.target.closest('.card');
        if (card && (e.key === 'Enter' || e.key === ' ')) { e.preventDefault(); select(Number(card.dataset.circuit), 0n); }
      });

      function select(c, g) {
        const d = decode(c);
        const tables = list.tables[c].split('.').map((s) => Array.from({ length: s.length / hexWidth }, (_, i) => parseInt(s.slice(i * hexWidth, (i + 1) * hexWidth), 16)));
        const nodes = groundingNodes(sizes, d.masks, d.rows, tables);
        const count = BigInt(list.groundings[c]);
        const index = count === 0n ? 0n : g < 0n ? 0n : g >= count ? count - 1n : g;
        const grounding = count === 0n ? null : groundingAt(nodes, P, index);
        const labels = {};
        if (grounding) nodes.forEach((node, k) => {
          const vars = node.layer === 1 ? inputs : node.parents.map((_, i) => 'abcdefgh'[i]);
          const bits = grounding.gates[k];
          labels[node.layer + '.' + node.index] = node.layer === 1 && !fullPatterns ? bits : gateLabel(bits, vars);
        });
        const walked = groundingTotal(nodes, P);
        detail.dataset.circuit = String(c);
        detail.dataset.count = String(count);
        detail.dataset.walkTotal = String(walked);
        detail.dataset.labels = String(Object.keys(labels).length);
        detail.innerHTML = '<h4>Circuit #' + (c + 1) + ': ' + onCount[c] + ' hidden neurons, ' + edgeCount[c] + ' edges, ' + plural(count, 'grounding', 'groundings') + '</h4>' +
          (grounding
            ? '<p class="ground">grounding <button class="gprev" type="button">◀</button> <input class="gidx" value="' + (index + 1n) + '" size="12"> of ' + count +
              ' <button class="gnext" type="button">▶</button> <small>each on neuron labelled with its local gate; a, b: its parents from the top. The page\'s own walk counts ' + walked + ' groundings.</small></p>'
            : '<p class="ground">no grounding: some neuron has a single value on the grounding patterns, or no gate fits.</p>') +
          circuitSvg(sizes, weights, d, 520, 250, labels, 'circuit-detail', inputs);
        if (!grounding) return;
        const go = (v) => select(c, v);
        detail.querySelector('.gprev').addEventListener('click', () => go(index - 1n));
        detail.querySelector('.gnext').addEventListener('click', () => go(index + 1n));
        detail.querySelector('.gidx').addEventListener('change', (e) => {
          const text = e.target.value.trim();
          if (/^[0-9]+$/.test(text)) go(BigInt(text) - 1n);
        });
      }

      refilter();
      if (wanted[0] === o && wanted[1] >= 0 && wanted[1] < n) select(wanted[1], BigInt(hash.get('grounding') || '0'));
      return Number(root.dataset.drawn);
    }

    function drawFormulas(root, out, weights) {
      const list = root.querySelector('.formula-list');
      out.formulas.forEach((f, fi) => {
        const card = el('figure', { class: 'formula' });
        // With --criteria: '1' kept, '0' dropped per embedded mapping.
        const keptMappings = out.criteria ? out.criteria.mappings[fi] : null;
        list.appendChild(card);
        const keys = [];
        (function walk(t) { if (t.key) keys.push(t.key); t.children.forEach(walk); })(f.tree);
        const color = {};
        keys.forEach((k, i) => { color[k] = PALETTE[i % PALETTE.length]; });
        if (f.mappings.length === 0) {
          // Past the listing bound the mappings are counted, not listed: the formula alone, and how many pass the criteria.
          const passing = out.criteria ? out.criteria.passing[fi] : null;
          card.classList.toggle('dropped', passing === 0);
          const under = passing === null ? '' : passing === 0 ? ' · <i>dropped by the criteria</i>' : ' · ' + passing + ' pass the criteria';
          card.innerHTML = '<figcaption><b>' + f.text + '</b> · ' + plural(f.count, 'minimal mapping', 'minimal mappings') + ' (counted, not listed)' + under + '</figcaption><div class="pair">' + treeSvg(f.tree, color) + '</div>';
          return;
        }
        let m = 0;
        const draw = () => {
          const mapping = f.mappings[m];
          const owner = {};
          for (const key in mapping) for (const layer in mapping[key]) for (const j of mapping[key][layer]) owner[layer + '.' + j] = key;
          const mapped = graphSvg({
            sizes, width: 300, height: 200, cls: 'mapping-net', inputs,
            edge: (l, j, i) => ({ color: '#d6d9df', width: 0.8 }),
            node: (l, j) => {
              const key = owner[l + '.' + j];
              return key ? { fill: color[key], stroke: '#111', label: key.split(' ')[0], title: key } : { fill: '#fff', stroke: l === 0 ? '#333' : '#c3c7cf' };
            },
          });
          const dropped = keptMappings !== null && keptMappings[m] === '0';
          card.classList.toggle('dropped', dropped);
          card.innerHTML = '<figcaption><b>' + f.text + '</b> · ' + plural(f.count, 'minimal mapping', 'minimal mappings') + (dropped ? ' · <i>this mapping is dropped by the criteria</i>' : '') +
            (f.count > 1 ? ' <button class="mprev" type="button">◀</button> ' + (m + 1) + ' of ' + f.mappings.length + ' <button class="mnext" type="button">▶</button>' : '') +
            '</figcaption><div class="pair">' + treeSvg(f.tree, color) + mapped + '</div>';
          const step = (d) => { m = (m + d + f.mappings.length) % f.mappings.length; draw(); };
          if (f.count > 1) {
            card.querySelector('.mprev').addEventListener('click', () => step(-1));
            card.querySelector('.mnext').addEventListener('click', () => step(1));
          }
        };
        draw();
      });
      return out.formulas.length;
    }

    function treeSvg(tree, color) {
      const W = 220, H = 200, M = 18;
      const root = d3.tree().size([W - 2 * M, H - 2 * M])(d3.hierarchy(tree, (t) => t.children));
      const parts = [];
      root.links().forEach((k) => parts.push('<line class="tlink" x1="' + (k.source.x + M) + '" y1="' + (k.source.y + M) + '" x2="' + (k.target.x + M) + '" y2="' + (k.target.y + M) + '" stroke="#8a91a0"/>'));
      root.descendants().forEach((d) => {
        const t = d.data;
        const fill = t.key ? color[t.key] : '#fff';
        parts.push('<g class="tnode"><title>' + svgEscape(t.text + ' (node ' + t.id + ')') + '</title><circle cx="' + (d.x + M) + '" cy="' + (d.y + M) + '" r="11" fill="' + fill + '" stroke="#333"/>' +
          '<text x="' + (d.x + M) + '" y="' + (d.y + M + 4) + '" text-anchor="middle" font-size="12" fill="' + (t.key ? '#fff' : '#111') + '">' + svgEscape(t.label) + '</text></g>');
      });
      return '<svg class="tree" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ' + W + ' ' + H + '" width="' + W + '" height="' + H + '">' + parts.join('') + '</svg>';
    }
  } catch (err) {
    fail(String(err && err.stack ? err.stack : err));
  }
})();
`;
