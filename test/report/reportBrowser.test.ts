/**
 * Opens a rendered report in real headless chromium (the Debian package; CI installs it with
 * deploy/setup.sh) and checks that every chart drew and that a screenshot shows something.
 */
import test from 'ava';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportPayload, writeReport } from '../../report/report.js';
import { dumpDom, requireChromium, screenshot } from '../coordinator/chromium.js';
import { synthMeta, synthRows } from '../coordinator/studyFixtures.js';

const rows = synthRows({ seed: 42, widths: [3, 5], perWidth: 12 });
const meta = synthMeta(rows.length);
const expectedCharts = reportPayload(rows, meta).charts.length;

let dir = '';
let htmlPath = '';

test.before(async () => {
  requireChromium(); // fails every test with the install hint when chromium is missing
  dir = await mkdtemp(join(tmpdir(), 'report-browser-'));
  htmlPath = await writeReport(dir, rows, meta);
});

test.after.always(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test.serial('every chart draws on a non-empty canvas', async (t) => {
  t.is(expectedCharts, 6, 'one size axis: shares, medians and four distributions');
  const dom = await dumpDom(htmlPath);
  const error = /data-charts-error="([^"]*)"/.exec(dom);
  t.is(error, null, `page script failed: ${error?.[1] ?? ''}`);
  t.regex(dom, new RegExp(`data-charts-drawn="${expectedCharts}"`));
  const canvases = [...dom.matchAll(/<canvas\b[^>]*>/g)].map((m) => m[0]);
  t.is(canvases.length, expectedCharts);
  for (const tag of canvases) {
    const width = Number(/\swidth="(\d+)"/.exec(tag)?.[1] ?? 0);
    const height = Number(/\sheight="(\d+)"/.exec(tag)?.[1] ?? 0);
    t.true(width > 0 && height > 0, `canvas without size: ${tag}`);
  }
});

test.serial('a screenshot is a real, non-trivial PNG', async (t) => {
  const png = join(dir, 'shot.png');
  await screenshot(htmlPath, png, 1280, 1400);
  const bytes = await readFile(png);
  t.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  // IHDR follows the signature: width and height as big-endian 32-bit integers.
  t.is(bytes.readUInt32BE(16), 1280);
  t.is(bytes.readUInt32BE(20), 1400);
  // A blank page compresses to a few KB; charts, text and colours take far more.
  t.true(bytes.length > 40_000, `screenshot only ${bytes.length} bytes`);
});
