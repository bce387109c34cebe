/**
 * Files written atomically: into a temporary file beside the target, renamed over it on success,
 * removed on failure, so a reader never sees half a file and a failed run leaves nothing behind.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = tempPath(path);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * A streamed file for a synchronous producer (the engine reports kept circuits from inside its
 * search), committed or aborted as a whole: chunks are buffered and written with blocking writes, so memory stays bounded without
 * awaiting back-pressure.
 */
export interface AtomicSyncWriter {
  write(chunk: string): void;
  commit(): void;
  abort(): void;
}

const SYNC_BUFFER_CHARS = 1 << 20;

export function openAtomicSyncWriter(path: string): AtomicSyncWriter {
  const tmp = tempPath(path);
  let fd: number | null = openSync(tmp, 'w');
  let pending: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (fd === null || pending.length === 0) return;
    writeSync(fd, pending.join(''));
    pending = [];
    size = 0;
  };
  const close = (): void => {
    if (fd !== null) closeSync(fd);
    fd = null;
  };
  return {
    write(chunk) {
      pending.push(chunk);
      size += chunk.length;
      if (size >= SYNC_BUFFER_CHARS) flush();
    },
    commit() {
      flush();
      close();
      renameSync(tmp, path);
    },
    abort() {
      try {
        close();
      } finally {
        rmSync(tmp, { force: true });
      }
    },
  };
}

/** A file from its text in pieces (jsonPieces.ts), through `openAtomicSyncWriter`. */
export function writePiecesAtomic(path: string, pieces: Iterable<string>): void {
  const out = openAtomicSyncWriter(path);
  try {
    for (const piece of pieces) out.write(piece);
    out.commit();
  } catch (err) {
    out.abort();
    throw err;
  }
}
