/**
 * SVG drawings of a layered network as text: the whole network with its weights and biases, one
 * circuit, the share of circuits using each node and edge, a mapping. Pure string builders.
 *
 * Self-contained on purpose, like shared/engine/groundingList.ts: each function uses only its
 * arguments, the other functions of this module and built-ins, because the show page inlines their
 * source (showScripts.ts) and the browser draws circuits with them lazily; the server draws the
 * static parts with the same code.
 */

export interface NodeStyle {
  readonly fill: string;
  readonly stroke: string;
  /** Text under the node (bias, gate). */
  readonly label?: string;
  /** Hover text. */
  readonly title?: string;
  readonly opacity?: number;
}

export interface EdgeStyle {
  readonly color: string;
  readonly width: number;
  readonly opacity?: number;
  readonly title?: string;
}

/** `node(l, j)` for layer l (0 = inputs); `edge(l, j, i)` for the edge from node i of layer l - 1 to node j of layer l; null: not drawn. */
export interface GraphSpec {
  readonly sizes: readonly number[];
  readonly width: number;
  readonly height: number;
  readonly node: (l: number, j: number) => NodeStyle | null;
  readonly edge: (l: number, j: number, i: number) => EdgeStyle | null;
  /** Class of the <svg> element. */
  readonly cls: string;
  /** Input names under the input nodes. @default none */
  readonly inputs?: readonly string[];
}

export function svgEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Node centres: layers left to right, nodes of a layer top to bottom, centred. */
export function graphLayout(sizes: readonly number[], width: number, height: number): { x: number[][]; y: number[][]; r: number } {
  const widest = Math.max(...sizes);
  const margin = Math.min(width, height) * 0.1 + 4;
  const step = (height - 2 * margin) / Math.max(1, widest - 1);
  const r = Math.max(2, Math.min(14, step * 0.28, width / sizes.length / 6));
  const x = sizes.map((n, l) => Array.from({ length: n }, () => margin + (l * (width - 2 * margin)) / Math.max(1, sizes.length - 1)));
  const y = sizes.map((n) => Array.from({ length: n }, (_, j) => height / 2 + (j - (n - 1) / 2) * step));
  return { x, y, r };
}

/** The graph: edges first (under the nodes), then nodes with their labels. */
export function graphSvg(spec: GraphSpec): string {
  const { x, y, r } = graphLayout(spec.sizes, spec.width, spec.height);
  const px = (v: number): string => String(Math.round(v * 10) / 10);
  const parts: string[] = [];
  for (let l = 1; l < spec.sizes.length; l++) {
    for (let j = 0; j < (spec.sizes[l] as number); j++) {
      for (let i = 0; i < (spec.sizes[l - 1] as number); i++) {
        const e = spec.edge(l, j, i);
        if (!e) continue;
        const title = e.title ? `<title>${svgEscape(e.title)}</title>` : '';
        const opacity = e.opacity === undefined ? '' : ` stroke-opacity="${px(e.opacity)}"`;
        parts.push(`<line class="edge" x1="${px(x[l - 1]![i]!)}" y1="${px(y[l - 1]![i]!)}" x2="${px(x[l]![j]!)}" y2="${px(y[l]![j]!)}" stroke="${e.color}" stroke-width="${px(e.width)}"${opacity}>${title}</line>`);
      }
    }
  }
  const font = Math.max(7, Math.min(12, r * 0.95));
  for (let l = 0; l < spec.sizes.length; l++) {
    for (let j = 0; j < (spec.sizes[l] as number); j++) {
      const n = spec.node(l, j);
      if (!n) continue;
      const title = n.title ? `<title>${svgEscape(n.title)}</title>` : '';
      const opacity = n.opacity === undefined ? '' : ` opacity="${px(n.opacity)}"`;
      parts.push(`<circle class="node" cx="${px(x[l]![j]!)}" cy="${px(y[l]![j]!)}" r="${px(r)}" fill="${n.fill}" stroke="${n.stroke}"${opacity}>${title}</circle>`);
      const text = l === 0 && spec.inputs ? spec.inputs[j] : n.label;
      if (text) parts.push(`<text class="label" x="${px(x[l]![j]!)}" y="${px(y[l]![j]! + r + font)}" font-size="${px(font)}" text-anchor="middle">${svgEscape(text)}</text>`);
    }
  }
  return `<svg class="${spec.cls}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${spec.width} ${spec.height}" width="${spec.width}" height="${spec.height}">${parts.join('')}</svg>`;
}

/** Blue for positive, red for negative; `t` in [0, 1] from pale to full. */
export function signColor(v: number, t: number): string {
  const k = Math.max(0, Math.min(1, t));
  const [r, g, b] = v >= 0 ? [37, 99, 235] : [220, 38, 38];
  const mix = (c: number): number => Math.round(255 + (c - 255) * (0.2 + 0.8 * k));
  return `rgb(${mix(r)},${mix(g)},${mix(b)})`;
}

/** The trained network: edge width and colour by weight, node colour and label by bias. */
export function weightsSvg(sizes: readonly number[], weights: readonly (readonly (readonly number[])[])[], biases: readonly (readonly number[])[], width: number, height: number, inputs: readonly string[]): string {
  let most = 1e-9;
  for (const w of weights) for (const row of w) for (const v of row) most = Math.max(most, Math.abs(v));
  for (const b of biases) for (const v of b) most = Math.max(most, Math.abs(v));
  return graphSvg({
    sizes,
    width,
    height,
    cls: 'network',
    inputs,
    edge: (l, j, i) => {
      const v = weights[l - 1]![j]![i]!;
      return { color: signColor(v, Math.abs(v) / most), width: 0.5 + (4 * Math.abs(v)) / most, title: `weight ${v}` };
    },
    node: (l, j) => {
      if (l === 0) return { fill: '#fff', stroke: '#333' };
      const b = biases[l - 1]![j]!;
      return { fill: signColor(b, Math.abs(b) / most), stroke: '#333', label: `b ${b >= 0 ? '+' : ''}${b.toFixed(2)}`, title: `bias ${b}` };
    },
  });
}

/** Share of kept circuits using each node and edge, as the shade of grey-to-purple. */
export function usageSvg(sizes: readonly number[], nodeUse: readonly (readonly number[])[], edgeUse: readonly (readonly (readonly number[])[])[], kept: number, width: number, height: number, inputs: readonly string[]): string {
  const share = (n: number): number => (kept === 0 ? 0 : n / kept);
  const shade = (s: number): string => `rgb(${Math.round(235 - 150 * s)},${Math.round(235 - 200 * s)},${Math.round(240 - 60 * s)})`;
  const pct = (s: number): string => `${Math.round(s * 1000) / 10}%`;
  return graphSvg({
    sizes,
    width,
    height,
    cls: 'usage',
    inputs,
    edge: (l, j, i) => {
      const s = share(edgeUse[l - 1]![j]![i]!);
      return { color: shade(s), width: 0.5 + 5 * s, title: `used by ${pct(s)} of the kept circuits` };
    },
    node: (l, j) => {
      if (l === 0) return { fill: '#fff', stroke: '#333' };
      const s = share(nodeUse[l - 1]![j]!);
      return { fill: shade(s), stroke: '#333', label: pct(s), title: `used by ${pct(s)} of the kept circuits` };
    },
  });
}

/** Base-32 characters one mask or edge row of `bits` bits takes in a circuit code. */
export function codeWidth(bits: number): number {
  return Math.max(1, Math.ceil(bits / 5));
}

/** A circuit as text: the node masks of layers 1..L, then the edge rows of pairs 1..L, base 32. */
export function encodeCircuit(sizes: readonly number[], masks: ArrayLike<number>, rows: readonly ArrayLike<number>[]): string {
  let text = '';
  for (let l = 1; l < sizes.length; l++) text += (masks[l - 1] as number).toString(32).padStart(codeWidth(sizes[l] as number), '0');
  for (let l = 1; l < sizes.length; l++) {
    for (let j = 0; j < (sizes[l] as number); j++) text += ((rows[l - 1] as ArrayLike<number>)[j] as number).toString(32).padStart(codeWidth(sizes[l - 1] as number), '0');
  }
  return text;
}

export function decodeCircuit(sizes: readonly number[], text: string): { masks: number[]; rows: number[][] } {
  let at = 0;
  const take = (bits: number): number => {
    const w = codeWidth(bits);
    const v = parseInt(text.slice(at, at + w), 32);
    at += w;
    return v;
  };
  const masks: number[] = [];
  for (let l = 1; l < sizes.length; l++) masks.push(take(sizes[l] as number));
  const rows: number[][] = [];
  for (let l = 1; l < sizes.length; l++) rows.push(Array.from({ length: sizes[l] as number }, () => take(sizes[l - 1] as number)));
  if (at !== text.length) throw new RangeError(`circuit code ${text} does not fit the sizes ${sizes.join(',')}`);
  return { masks, rows };
}

/** One circuit over the network: on edges coloured by weight sign, off parts faint; labels per node. */
export function circuitSvg(sizes: readonly number[], weights: readonly (readonly (readonly number[])[])[], circuit: { masks: number[]; rows: number[][] }, width: number, height: number, labels: Readonly<Record<string, string>>, cls: string, inputs?: readonly string[]): string {
  const on = (l: number, j: number): boolean => l === 0 || ((circuit.masks[l - 1]! >>> j) & 1) === 1;
  return graphSvg({
    sizes,
    width,
    height,
    cls,
    ...(inputs && { inputs }),
    edge: (l, j, i) => {
      if (!on(l, j) || ((circuit.rows[l - 1]![j]! >>> i) & 1) === 0) return { color: '#d6d9df', width: 0.6, opacity: 0.6 };
      const v = weights[l - 1]![j]![i]!;
      return { color: v >= 0 ? '#2563eb' : '#dc2626', width: 1.8 };
    },
    node: (l, j) => {
      const label = labels[`${l}.${j}`];
      const style = on(l, j) ? { fill: '#1f2937', stroke: '#111' } : { fill: '#fff', stroke: '#c3c7cf' };
      return label === undefined ? style : { ...style, label, title: label };
    },
  });
}

/**
 * A local gate's name. `bits[t]` is its value on tuple t of its inputs `vars` (first variable the
 * most significant bit of t). Two inputs: the usual names; one: the variable or its negation;
 * more: the table in hex.
 */
export function gateLabel(bits: string, vars: readonly string[]): string {
  if (/^0+$/.test(bits)) return '0';
  if (/^1+$/.test(bits)) return '1';
  const [a, b] = [vars[0] ?? 'a', vars[1] ?? 'b'];
  if (bits.length === 2) return bits === '01' ? a : `¬${a}`;
  if (bits.length === 4) {
    const names: Record<string, string> = {
      '0001': 'AND', '0111': 'OR', '1110': 'NAND', '1000': 'NOR', '0110': 'XOR', '1001': 'XNOR',
      '0011': a, '0101': b, '1100': `¬${a}`, '1010': `¬${b}`,
      '1101': `¬${a}+${b}`, '0010': `${a}*¬${b}`, '0100': `¬${a}*${b}`, '1011': `${a}+¬${b}`,
    };
    return names[bits] ?? bits;
  }
  let hex = '';
  for (let t = 0; t < bits.length; t += 4) hex = parseInt(bits.slice(t, t + 4).split('').reverse().join(''), 2).toString(16) + hex;
  return `f${vars.length}:${hex}`;
}
