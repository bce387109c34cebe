import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';

// Compiled to dist/test/train/, so the sources are three levels up.
const dir = new URL('../../../shared/train/', import.meta.url);
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts'));

test('the trainer is pure: no I/O imports, clocks or Math.random', (t) => {
  t.true(sources.length >= 8, `found ${sources.join(', ')}`);
  for (const f of sources) {
    const text = readFileSync(new URL(f, dir), 'utf8');
    for (const line of text.split('\n').filter((l) => /^\s*(import|export) .* from /.test(l))) {
      t.regex(line, /from '\.{1,2}\/[\w/]+\.js'/, `${f}: only relative imports, got ${line}`);
      t.notRegex(line, /coordinator|worker|wire/, `${f}: imports point one way, got ${line}`);
    }
    t.notRegex(text, /Math\.random|Date\.now|new Date|performance\.now|process\./, `${f} must not read clocks, env or Math.random`);
  }
});
