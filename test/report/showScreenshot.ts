/**
 * The README's picture of a show page, from a real run of `show` on the paper-like XOR network
 * (test/golden/xor-k3-s4.json), with circuit #6 opened at its second grounding:
 *   npx tsc -p . && node dist/test/report/showScreenshot.js docs/show-xor-k3.png
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { showCase } from '../../cli/showCase.js';
import { screenshotUrl } from '../coordinator/chromium.js';
import { repoRoot } from '../helpers/cli.js';

export const SHOW_WIDTH = 1280;
export const SHOW_HEIGHT = 2100;

async function main(out: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'show-screenshot-'));
  try {
    process.chdir(repoRoot); // the page names its case by the path given: keep it relative
    const page = await showCase('test/golden/xor-k3-s4.json', { out: join(dir, 'xor-k3-s4.html') }, (line) => process.stdout.write(`${line}\n`));
    const png = join(dir, 'shot.png');
    await screenshotUrl(`${pathToFileURL(page).href}#circuit=0.5&grounding=2`, png, SHOW_WIDTH, SHOW_HEIGHT);
    await copyFile(png, resolve(out)); // copy, not rename: tmp may be another file system
    process.stdout.write(`wrote ${out}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main(resolve(process.argv[2] ?? 'docs/show-xor-k3.png'));
