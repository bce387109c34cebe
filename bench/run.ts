/**
 * `npm run bench`: every bench in its own process (so peak RSS is per case), one JSON line per
 * case, then a summary line `{"summary": [...]}` that tools can read.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const benches = ['startup.bench.js', 'engine.bench.js', 'slices.bench.js', 'merge.bench.js', 'resume.bench.js', 'summary.bench.js', 'study.bench.js', 'train.bench.js', 'deep.bench.js', 'threeInput.bench.js'].filter((f) => existsSync(join(here, f)));
// Benches that read memory after a full collection.
const nodeFlags: Record<string, string[]> = { 'merge.bench.js': ['--expose-gc'] };
const cases: unknown[] = [];
for (const file of benches) {
  const r = spawnSync(process.execPath, [...(nodeFlags[file] ?? []), join(here, file)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  for (const line of r.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    process.stdout.write(`${line}\n`);
    const parsed = JSON.parse(line) as Record<string, unknown>;
    if (!('summary' in parsed)) cases.push(parsed);
  }
  if (r.status !== 0) {
    process.stderr.write(`bench ${file} exited with ${r.status}\n`);
    process.exitCode = 1;
  }
}
process.stdout.write(`${JSON.stringify({ summary: cases })}\n`);
