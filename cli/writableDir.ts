/** An output file's path checked before any work, so that a long run never fails at its end. */
import { access, constants, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.js';

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch {
    return null;
  }
}

/**
 * The directory entry a write to `path` replaces: output files are renamed into place
 * (coordinator/atomicFile.ts), so this entry, not the file a link points to, is what is lost.
 */
async function entryOf(path: string): Promise<string> {
  const full = resolve(path);
  try {
    return join(await realpath(dirname(full)), basename(full));
  } catch {
    return full;
  }
}

/**
 * Throws a one-line usage error naming `flag` when `file` cannot be written as a file: its
 * directory is missing or not writable, it is a directory itself (the rename at the end would
 * fail with EISDIR only after the work), or it is one of `inputs` (`[what, path]`, e.g. the
 * analysed model: `--json model.pt` would replace it), however either is spelled.
 */
export async function ensureWritableDir(file: string, flag = '--json', inputs: readonly (readonly [string, string | undefined])[] = []): Promise<void> {
  const path = resolve(file);
  const dir = dirname(path);
  if ((await statOrNull(path))?.isDirectory() || /[\\/]$/.test(file)) throw new UsageError(`${flag} ${file}: is a directory; give a file path (e.g. ${join(file, 'out.json')})`);
  let writable = (await statOrNull(dir))?.isDirectory() === true;
  if (writable) {
    try {
      await access(dir, constants.W_OK);
    } catch {
      writable = false;
    }
  }
  if (!writable) throw new UsageError(`${flag} ${file}: directory ${dir} does not exist or is not writable`);
  const entry = await entryOf(file);
  for (const [what, input] of inputs) {
    if (input !== undefined && (await entryOf(input)) === entry) throw new UsageError(`${flag} ${file}: is the ${what} itself; writing there would overwrite it`);
  }
}
