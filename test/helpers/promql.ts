/**
 * Just enough PromQL reading to list the metric names an expression selects, and the series names
 * our registries expose (histograms as _bucket/_sum/_count), so dashboards and alerts can be checked
 * against coordinator/metrics.ts and worker/metrics.ts.
 */
import { Registry } from 'prom-client';
import { createCoordinatorMetrics } from '../../coordinator/metrics.js';
import { createWorkerMetrics } from '../../worker/metrics.js';

/** Series Prometheus adds itself for every target. */
export const PROMETHEUS_SERIES = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped'] as const;

const KEYWORDS = new Set([
  'and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset',
  'inf', 'nan',
]);

/** Grafana macros replaced by a plain duration, so an expression can be sent to Prometheus. */
export function expandGrafanaMacros(expr: string, rateInterval = '1m'): string {
  return expr
    .replaceAll('$__rate_interval', rateInterval)
    .replaceAll('$__interval', rateInterval)
    .replaceAll('$__range', rateInterval);
}

/** Metric names selected by `expr` (function names, keywords, labels and strings left out). */
export function referencedMetrics(expr: string): string[] {
  const bare = expandGrafanaMacros(expr)
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""') // string literals
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\[[^\]]*\]/g, ' ') // range and subquery selectors
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ') // label lists
    .replace(/(?<![\w:])\.?\d[\w.]*/g, ' '); // numbers and durations (0.95, 1e3, 5m)
  const names = new Set<string>();
  for (const m of bare.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const name = m[0];
    const after = bare.slice((m.index ?? 0) + name.length).trimStart();
    if (after.startsWith('(') || KEYWORDS.has(name.toLowerCase())) continue; // a function or keyword
    names.add(name);
  }
  return [...names];
}

/** Every series name the coordinator and worker registries expose, plus Prometheus' own. */
export async function knownSeriesNames(): Promise<Set<string>> {
  const known = new Set<string>(PROMETHEUS_SERIES);
  const coordinator = new Registry();
  const worker = new Registry();
  createCoordinatorMetrics(coordinator);
  createWorkerMetrics(worker);
  for (const registry of [coordinator, worker]) {
    for (const m of await registry.getMetricsAsJSON()) {
      if (String(m.type) === 'histogram') for (const s of ['_bucket', '_sum', '_count']) known.add(m.name + s);
      else if (String(m.type) === 'summary') for (const s of ['', '_sum', '_count']) known.add(m.name + s);
      else known.add(m.name);
    }
  }
  return known;
}
