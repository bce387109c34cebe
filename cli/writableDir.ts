/** An output file's directory checked before any work, so that a long run never fails at its end. */
import { access, constants } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.js';

/** Throws a one-line usage error naming `flag` when `file`'s directory is missing or not writable. */
export async function ensureWritableDir(file: string, flag = '--json'): Promise<void> {
  const dir = dirname(resolve(file));
  try {
    await access(dir, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${file}: directory ${dir} does not exist or is not writable`);
  }
}
