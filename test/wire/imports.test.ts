import { readdirSync, readFileSync } from 'node:fs';
import test from 'ava';

/** shared/wire is pure: no node I/O, NATS, coordinator or worker imports (STYLE.md point 1). */
test('shared/wire imports only shared/ code and msgpackr', (t) => {
  const dir = 'shared/wire';
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(`${dir}/${file}`, 'utf8');
    for (const [, spec] of source.matchAll(/^\s*import[^'"]*['"]([^'"]+)['"]/gm)) {
      const ok = spec === 'msgpackr' || spec?.startsWith('./') || spec?.startsWith('../engine/') || spec?.startsWith('../train/');
      t.true(ok, `${file} imports ${spec}`);
    }
  }
});
