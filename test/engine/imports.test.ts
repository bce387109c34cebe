/**
 * The engine is pure: nothing under shared/ imports I/O, transport, metrics or the edges
 * (coordinator/, worker/, cli/). Checked on the import lines of every source file.
 */
import test from 'ava';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../helpers/cli.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const FORBIDDEN = [/^node:/, /^(fs|path|os|http|child_process|worker_threads|net)$/, /^@nats-io\//, /^prom-client$/, /^piscina$/, /\/(coordinator|worker|cli)\//];

test('shared/ imports nothing from the edges, I/O, NATS or metrics', (t) => {
  const offenders: string[] = [];
  for (const file of sources(join(repoRoot, 'shared'))) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)) {
      if (FORBIDDEN.some((re) => re.test(spec as string))) offenders.push(`${relative(repoRoot, file)} imports ${spec}`);
    }
  }
  t.deepEqual(offenders, []);
});

test('the engine uses no clock and no unseeded randomness', (t) => {
  const offenders = sources(join(repoRoot, 'shared'))
    .filter((f) => /Math\.random|Date\.now|performance\.now|new Date\(/.test(readFileSync(f, 'utf8')))
    .map((f) => relative(repoRoot, f));
  t.deepEqual(offenders, []);
});
