/**
 * The layout is the data flow: plan -> shards -> evaluate -> results -> aggregate -> report. Each
 * top-level folder may import only the folders below it in this table; a violation names the file
 * and the import. Static and dynamic imports both count.
 */
import test from 'ava';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, dirname } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

const FOLDERS = ['shared', 'transport', 'worker', 'coordinator', 'report', 'cli'] as const;
type Folder = (typeof FOLDERS)[number];

/** Which project folders each folder may import (itself always). */
const ALLOWED: Record<Folder, readonly Folder[]> = {
  shared: [],
  transport: ['shared'],
  worker: ['shared', 'transport'],
  coordinator: ['shared', 'transport'],
  report: ['shared', 'coordinator'],
  cli: ['shared', 'transport', 'worker', 'coordinator', 'report'],
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Relative import specifiers of a source file, static (`from '...'`) and dynamic (`import('...')`). */
export function relativeImports(source: string): string[] {
  const specs = [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1] as string);
  return [...new Set(specs)];
}

export function layoutViolations(root: string): string[] {
  const offenders: string[] = [];
  for (const folder of FOLDERS) {
    for (const file of sources(join(root, folder))) {
      for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
        const target = relative(root, resolve(dirname(file), spec)).split(/[\\/]/)[0] as Folder;
        if (target === folder || !FOLDERS.includes(target)) continue;
        if (!ALLOWED[folder].includes(target)) offenders.push(`${relative(root, file)} imports ${spec}`);
      }
    }
  }
  return offenders;
}

test('every folder imports only the folders upstream of it (worker never coordinator, shared nothing)', (t) => {
  t.deepEqual(layoutViolations(repoRoot), []);
});

test('the check sees static and dynamic imports, so a violation cannot hide', (t) => {
  const src = "import { a } from '../coordinator/plan.js';\nconst m = await import('../coordinator/collect.js');\nexport { b } from './local.js';\n";
  t.deepEqual(relativeImports(src), ['../coordinator/plan.js', '../coordinator/collect.js', './local.js']);
});

test('a worker module that imports the coordinator is reported', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'layout-'));
  try {
    for (const f of FOLDERS) mkdirSync(join(root, f));
    writeFileSync(join(root, 'worker', 'bad.ts'), "import { plan } from '../coordinator/plan.js';\n");
    writeFileSync(join(root, 'shared', 'bad.ts'), "const t = await import('../transport/transport.js');\n");
    t.deepEqual(layoutViolations(root).sort(), ['shared/bad.ts imports ../transport/transport.js', 'worker/bad.ts imports ../coordinator/plan.js']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
