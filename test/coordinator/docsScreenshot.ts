/**
 * Renders the synthetic sample report and screenshots it for the docs:
 *   npx tsc -p . && node dist/test/coordinator/docsScreenshot.js docs/report-example.png
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeReport } from '../../report/report.js';
import { screenshot } from './chromium.js';
import { synthMeta, synthRows } from './studyFixtures.js';

export const EXAMPLE_WIDTH = 1400;
export const EXAMPLE_HEIGHT = 1600;

async function main(out: string): Promise<void> {
  const widths = (process.env['REPORT_EXAMPLE_WIDTHS'] ?? '3,4,5').split(',').map(Number);
  const rows = synthRows({ seed: 7, widths, perWidth: 40 });
  const dir = await mkdtemp(join(tmpdir(), 'report-example-'));
  try {
    const html = await writeReport(dir, rows, synthMeta(rows.length));
    const png = join(dir, 'shot.png');
    await screenshot(html, png, EXAMPLE_WIDTH, EXAMPLE_HEIGHT);
    await copyFile(png, resolve(out)); // copy, not rename: tmp may be another file system
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main(process.argv[2] ?? 'docs/report-example.png');
