/**
 * The script text a show page inlines: the d3-hierarchy bundle (formula tree layout), the source of
 * every function of showGraph.ts and shared/engine/groundingList.ts (both written to be
 * self-contained for this), and the page script. Nothing is fetched: the page works offline.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as groundingList from '../../shared/engine/groundingList.js';
import * as graph from './showGraph.js';
import { showClientScript } from './showClient.js';

/** A literal "</script" would end the inline script early; "<\/" means the same inside JS strings. */
export function scriptSafe(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1');
}

let d3Bundle: string | undefined;

/** d3-hierarchy's UMD bundle (defines the global `d3`), read once per process. */
export function d3HierarchyBundle(): string {
  if (d3Bundle === undefined) {
    // The package's default export is dist/d3-hierarchy.mjs; the minified UMD build sits beside it.
    const dist = dirname(createRequire(import.meta.url).resolve('d3-hierarchy'));
    d3Bundle = scriptSafe(readFileSync(join(dist, 'd3-hierarchy.min.js'), 'utf8'));
  }
  return d3Bundle;
}

/** Every exported function of the two self-contained modules, as function declarations. */
export function inlinedFunctions(): string {
  const values: unknown[] = [...Object.values(groundingList), ...Object.values(graph)];
  return scriptSafe(values.filter((v) => typeof v === 'function').map((f) => String(f)).join('\n'));
}

export function showScripts(): string[] {
  return [d3HierarchyBundle(), inlinedFunctions(), scriptSafe(showClientScript)];
}
