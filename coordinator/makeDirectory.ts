/**
 * `mkdir -p` that always ends. Node's recursive mkdir retries for ever where the kernel answers
 * ENOENT for a path whose parent exists (procfs: `run --out /proc/x` hung, 2026-12-05), so the
 * missing components are created one at a time below the deepest one that exists, and the first
 * failure is thrown as it came (its code names the cause).
 */
import type { Stats } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

export async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = resolve(dir); ; at = dirname(at)) {
    const found = await statOrNull(at);
    if (found) {
      // As `mkdir -p`: a file where a directory should be is an error, the path itself or above it.
      if (!found.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${at}'`), { code: 'ENOTDIR' });
      break;
    }
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const path of missing.reverse()) {
    try {
      await mkdir(path);
    } catch (err) {
      // Made meanwhile by another process (two workers, one run directory): as good.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}
