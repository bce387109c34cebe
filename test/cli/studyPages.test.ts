/**
 * A study writes a show page beside each analysed network's case file and links it from
 * report.html; the page built from the study's stored analysis is the page `show` builds by
 * running the analysis again.
 */
import test from 'ava';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { casePayload } from '../../cli/showCase.js';
import { SHOW_PAGE_MAX_CIRCUITS } from '../../cli/studyPages.js';
import { runCli } from '../helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'identifiability-study-pages-'));
test.after.always(() => rmSync(tmp, { recursive: true, force: true }));

test('every analysed network of a small study gets a page, linked from the report, equal to a fresh analysis', async (t) => {
  const out = join(tmp, 'run');
  const r = await runCli(['run', '--preset', 'basic', '--experiments', '6', '--seed', '3', '--threads', '1', '--out', out]);
  t.is(r.code, 0, r.stderr);
  const rows = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { index: number; status: string; analysis?: { outputs: { summary: { kept: number } }[] } });
  const analysed = rows.filter((row) => row.analysis);
  t.true(analysed.length >= 3, `only ${analysed.length} networks analysed`);
  const report = readFileSync(join(out, 'report.html'), 'utf8');
  const links = [...report.matchAll(/<a class="show-link" href="([^"]+)"/g)].map((m) => m[1]);
  const pages = readdirSync(join(out, 'networks')).filter((f) => f.endsWith('.html')).map((f) => `networks/${f}`);
  const expected = analysed.filter((row) => (row.analysis?.outputs ?? []).reduce((s, o) => s + o.summary.kept, 0) <= SHOW_PAGE_MAX_CIRCUITS).map((row) => `networks/${String(row.index).padStart(4, '0')}.html`);
  t.deepEqual(links, expected);
  t.deepEqual(pages.sort(), [...expected].sort());
  // The stored analysis and a fresh one give the same page data.
  const first = analysed[0];
  if (!first) return;
  const file = join(out, 'networks', `${String(first.index).padStart(4, '0')}.json`);
  const stored = readFileSync(join(out, `networks/${String(first.index).padStart(4, '0')}.html`), 'utf8');
  const fresh = await casePayload(file, {});
  const embedded = JSON.parse(/<script id="show-data" type="application\/json">([\s\S]*?)<\/script>/.exec(stored)?.[1] ?? 'null') as { outputs: unknown };
  t.deepEqual(embedded.outputs, JSON.parse(JSON.stringify(fresh.outputs)));
  t.true(existsSync(file));
});
