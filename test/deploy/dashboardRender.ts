/**
 * Draws the panels of deploy/grafana/dashboard.json from a real Prometheus, laid out on the
 * dashboard's own 24-column grid, with Chart.js: the picture in the README where Grafana is not
 * available. It is not Grafana: every query is the panel's own (macros expanded), stat and gauge
 * panels show the last value, and time series share an x axis in seconds since `start`.
 */
import { chartJsBundle, scriptSafeJson } from '../../report/report.js';
import type { PrometheusServer } from '../helpers/prometheus.js';
import { expandGrafanaMacros } from '../helpers/promql.js';

export interface DashboardPanel {
  readonly type: string;
  readonly title: string;
  readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly fieldConfig?: { readonly defaults?: { readonly unit?: string } };
  readonly targets?: readonly { readonly expr: string; readonly legendFormat?: string }[];
}

export interface PanelData {
  readonly type: string;
  readonly title: string;
  readonly gridPos: DashboardPanel['gridPos'];
  readonly unit: string;
  readonly series: readonly { readonly label: string; readonly points: readonly (readonly [number, number | null])[] }[];
}

export interface RangeOptions {
  /** Epoch seconds. */
  readonly start: number;
  readonly end: number;
  readonly step: number;
  /** What `$__rate_interval` becomes, e.g. '10s'. */
  readonly rateInterval: string;
}

/** `{{label}}` placeholders filled from the series' labels, as Grafana's legendFormat does. */
function legend(format: string | undefined, metric: Record<string, string>, expr: string): string {
  if (!format) return expr;
  return format.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => metric[name] ?? '');
}

export async function panelData(panels: readonly DashboardPanel[], prom: PrometheusServer, r: RangeOptions): Promise<PanelData[]> {
  return Promise.all(
    panels.map(async (p) => {
      const series = [];
      for (const target of p.targets ?? []) {
        const result = await prom.queryRange(expandGrafanaMacros(target.expr, r.rateInterval), r.start, r.end, r.step);
        for (const s of result) {
          const points = s.values.map(([t, v]) => [t - r.start, Number.isFinite(v) ? v : null] as const);
          series.push({ label: legend(target.legendFormat, s.metric, target.expr), points });
        }
      }
      return { type: p.type, title: p.title, gridPos: p.gridPos, unit: p.fieldConfig?.defaults?.unit ?? 'short', series };
    }),
  );
}

const STYLE = `
body { margin: 0; padding: 16px; background: #111217; color: #ccccdc; font: 13px/1.4 system-ui, sans-serif; }
h1 { font-size: 17px; font-weight: 500; margin: 0 0 4px; }
.sub { color: #8e8e9e; margin-bottom: 12px; }
.grid { display: grid; grid-template-columns: repeat(24, 1fr); grid-auto-rows: 30px; gap: 8px; }
.panel { background: #181b1f; border: 1px solid #2c3235; border-radius: 2px; padding: 6px 8px; display: flex; flex-direction: column; min-width: 0; }
.panel h2 { font-size: 13px; font-weight: 500; margin: 0 0 4px; }
.body { flex: 1; position: relative; min-height: 0; }
.stats { display: flex; flex-wrap: wrap; gap: 4px 18px; align-items: center; height: 100%; }
.stat .v { font-size: 30px; color: #73bf69; font-weight: 500; }
.stat .l { color: #8e8e9e; }
.bar { height: 8px; background: #2c3235; border-radius: 4px; margin-top: 6px; width: 160px; }
.bar > div { height: 100%; background: #73bf69; border-radius: 4px; }
`;

/** Runs in the page: formats values by Grafana unit, fills stat panels, draws time series. */
const PAGE_SCRIPT = `
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 3 });
function fmt(v, unit) {
  if (v === null || v === undefined) return 'n/a';
  if (unit === 'percentunit') return (v * 100).toFixed(0) + '%';
  if (unit === 's') return v === 0 ? '0 s' : v < 1 ? (v * 1000).toFixed(0) + ' ms' : v.toFixed(1) + ' s';
  if (unit === 'ops') return compact.format(v) + '/s';
  return compact.format(v);
}
const COLORS = ['#73bf69', '#f2cc0c', '#8ab8ff', '#ff780a', '#f2495c', '#5794f2', '#b877d9', '#fade2a'];
Chart.defaults.color = '#8e8e9e';
Chart.defaults.borderColor = '#2c3235';
Chart.defaults.animation = false;
DATA.forEach((p, i) => {
  const body = document.getElementById('p' + i);
  if (p.type !== 'timeseries') {
    body.innerHTML = '<div class="stats">' + p.series.map((s) => {
      const last = [...s.points].reverse().find((x) => x[1] !== null);
      const v = last ? last[1] : null;
      const bar = p.type === 'gauge' && v !== null ? '<div class="bar"><div style="width:' + Math.min(100, v * 100) + '%"></div></div>' : '';
      return '<div class="stat"><div class="v">' + fmt(v, p.unit) + '</div><div class="l">' + s.label + '</div>' + bar + '</div>';
    }).join('') + '</div>';
    return;
  }
  const canvas = document.createElement('canvas');
  body.appendChild(canvas);
  new Chart(canvas, {
    type: 'line',
    data: { datasets: p.series.map((s, k) => ({ label: s.label, data: s.points.map(([x, y]) => ({ x, y })), borderColor: COLORS[k % COLORS.length], backgroundColor: COLORS[k % COLORS.length], pointRadius: 0, borderWidth: 1.5, spanGaps: false })) },
    options: {
      maintainAspectRatio: false,
      scales: {
        x: { type: 'linear', title: { display: true, text: 'seconds since the run started' } },
        y: { beginAtZero: true, ticks: { callback: (v) => fmt(v, p.unit) } },
      },
      plugins: { legend: { position: 'bottom', labels: { boxWidth: 10, boxHeight: 2 } } },
    },
  });
});
`;

const escapeHtml = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function dashboardHtml(panels: readonly PanelData[], title: string, subtitle: string): string {
  const cells = panels
    .map((p, i) => {
      const { x, y, w, h } = p.gridPos;
      return `<div class="panel" style="grid-column:${x + 1} / span ${w};grid-row:${y + 1} / span ${h}"><h2>${escapeHtml(p.title)}</h2><div class="body" id="p${i}"></div></div>`;
    })
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1><div class="sub">${escapeHtml(subtitle)}</div><div class="grid">${cells}</div>
<script>${chartJsBundle()}</script>
<script>const DATA = ${scriptSafeJson(panels)};${PAGE_SCRIPT}</script></body></html>`;
}

/** Page height that holds the whole grid: 30 px rows plus 8 px gaps, and the header. */
export function dashboardHeight(panels: readonly DashboardPanel[]): number {
  const rows = Math.max(...panels.map((p) => p.gridPos.y + p.gridPos.h));
  return 90 + rows * 38;
}
