/**
 * Scratch directories of a test file, removed when its process exits (ava runs each file in a
 * process of its own), pass or fail: a run of the suite left about 50 MB in the system's temp
 * directory before, every time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made = new Set<string>();

function removeAll(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
  made.clear();
}

/** A new directory `<system temp>/<prefix>XXXXXX`, gone when this process exits. */
export function tempDir(prefix: string): string {
  if (made.size === 0) process.once('exit', removeAll);
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}
