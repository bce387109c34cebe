/**
 * The run directory (`--out`): `run.json` names the plan; `shards/` holds one finished result per
 * shard, each written atomically, so a killed run resumes with nothing counted twice and at most
 * the in-flight shards lost. A directory made with other settings is refused.
 *
 * Slice results stay on disk: the store keeps of each only its timing. A k = 6 network has about
 * 2 000 slices whose results hold up to 3 million distinct grounding counts each (up to 53 MB):
 * kept in memory, the first 135 slices of such a network took a study's coordinator to 2.6 GB.
 * Files are gzipped (level 1; 53 MB -> 7.6 MB for the largest, whose sorted counts repeat their
 * high bytes); a plain msgpack file of an earlier version still reads. A result that came over
 * NATS gzipped (from 64 KiB, transport/resultGzip.ts) is written as it came: compressing it again
 * would cost the coordinator about 3.7 ms of CPU per MB, some 40 s over a k = 6 network's 10.8 GB.
 *
 * Finished networks are held without their lists (`slimResult`); the outputs read each whole
 * result back from its file, one at a time. Held whole, 30 trained OR networks of three hidden
 * layers of 3 (up to 100 000 circuits and 82 000 minimal mappings listed each) took a study to 5.1 GB.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { makeDirectory } from './makeDirectory.js';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gunzipSync, gzip } from 'node:zlib';
import { countedRecord } from '../shared/engine/mappingCount.js';
import { decodeResult } from '../shared/wire/codec.js';
import { isGzip } from '../transport/resultGzip.js';
import { writeFileAtomic as writeAtomic } from './atomicFile.js';
import type { NetworkShardResult, ResultMessage } from '../shared/wire/messages.js';
import type { Plan } from './plan.js';

export class RunDirError extends Error {
  override name = 'RunDirError';
}

export interface RunManifest {
  readonly tool: 'identifiability';
  readonly version: 1;
  readonly planId: string;
  readonly study: string;
  readonly networks: number;
  readonly config: unknown;
}


function shardFile(dir: string, index: number): string {
  return join(dir, 'shards', `${String(index).padStart(6, '0')}.msgpack`);
}

/**
 * A finished network's result as the store holds it: every count, no list (kept circuits, minimal
 * mappings, checkpoints); what progress and the metrics read of it is all there.
 */
export function slimResult(m: ResultMessage): ResultMessage {
  if (m.type !== 'shard-result' || m.result.kind !== 'network') return m;
  const { checkpoints: _checkpoints, ...r } = m.result as NetworkShardResult;
  const outputs = r.analysis?.outputs.map((o) => ({ ...o, circuits: null, formulas: o.formulas.map(countedRecord) }));
  return { ...m, result: { ...r, analysis: outputs ? { ...r.analysis, outputs } : null } };
}

/** A large network's training result (`.train`) and its slice results (`.sNNNNNN`). */
function partFile(dir: string, index: number, part: string): string {
  return join(dir, 'shards', `${String(index).padStart(6, '0')}.${part}.msgpack`);
}

/** What a network's result keeps of a stored slice: its worker time, by stage. */
export interface SliceTiming {
  readonly durationMs: number;
  readonly stageMs: Readonly<Record<string, number>>;
}

function timingOf(m: ResultMessage): SliceTiming {
  return m.type === 'shard-result' ? { durationMs: m.durationMs, stageMs: m.stageMs } : { durationMs: 0, stageMs: {} };
}

const gzipped = promisify(gzip);
const gunzipped = promisify(gunzip);

/**
 * The result in `path`, or null when its bytes do not decode: the file is removed (its shard is
 * evaluated again) and named in `dropped`. A file the system cannot read (permissions, an I/O
 * error) is not the store's to delete: that stops the run with the file named.
 */
async function readOrDrop(path: string, dropped: string[]): Promise<ResultMessage | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new RunDirError(`${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing was removed`);
  }
  try {
    return decodeResult(isGzip(bytes) ? await gunzipped(bytes) : bytes);
  } catch (err) {
    await rm(path, { force: true });
    dropped.push(`${path} (${(err as Error).message})`);
    return null;
  }
}

/** One stderr line per stored result that did not decode and was removed; `then` says what becomes of it. */
export function warnDropped(dropped: readonly string[], then: string): void {
  for (const d of dropped) process.stderr.write(`warning: ${d}: did not decode, removed; ${then}\n`);
}

/**
 * A new run takes a directory that is absent, empty (but for a volume's lost+found), or holds only
 * the empty `shards/` of a run killed before its run.json: anything else is someone's files, which
 * the outputs would replace.
 */
async function checkFresh(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    // A file in its place was named by readManifest already (ENOTDIR), which runs first.
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw new RunDirError(`${dir} cannot be used as a run directory (${code ?? (err as Error).message})`);
  }
  // A volume's root holds its filesystem's lost+found (the Kubernetes Job's --out /out is one).
  names = names.filter((n) => n !== 'lost+found');
  const own = names.length === 0 || (names.length === 1 && names[0] === 'shards' && (await readdir(join(dir, 'shards')).catch(() => ['?'])).length === 0);
  if (!own) throw new RunDirError(`${dir} holds ${names.length} file${names.length === 1 ? '' : 's'} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''}) but no run.json: not a run directory, and a run would overwrite them; use a new or empty --out`);
}

async function makeDirs(dir: string): Promise<void> {
  try {
    await makeDirectory(join(dir, 'shards'));
  } catch (err) {
    throw new RunDirError(`${dir} cannot be created (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

/** `packed`: the same result already gzipped (as it came over NATS), written as it is. */
async function writeResult(path: string, bytes: Uint8Array, packed?: Uint8Array): Promise<void> {
  await writeAtomic(path, packed ?? (await gzipped(bytes, { level: 1 })));
}

const sliceFile = (dir: string, index: number, slice: number): string => partFile(dir, index, `s${String(slice).padStart(6, '0')}`);

export interface RunStore {
  readonly dir: string;
  /** Stored results that did not decode, removed to be evaluated again: each path with the reason (to warn about). */
  readonly dropped: readonly string[];
  /** Results already stored, by plan index, held as `slimResult` makes them: read one whole with `readFinished`. */
  readonly finished: Map<number, ResultMessage>;
  /** A finished network's whole result, from its file (the outputs read them one at a time). */
  readFinished(index: number): ResultMessage;
  /**
   * Stores a result. `gzipped`, when given, is `bytes` gzipped (a transport's Collected.gzipped),
   * written as it is: the coordinator does not compress again what a worker compressed.
   */
  save(index: number, bytes: Uint8Array, msg: ResultMessage, gzipped?: Uint8Array): Promise<void>;
  /** Trained networks whose analysis runs as slices and is not finished, by plan index. */
  readonly trained: Map<number, ResultMessage>;
  saveTrained(index: number, bytes: Uint8Array, msg: ResultMessage, gzipped?: Uint8Array): Promise<void>;
  /** Stored slices of unfinished large networks, saved or loaded by this run: plan index -> slice -> timing. */
  readonly slices: Map<number, Map<number, SliceTiming>>;
  /** Slice files found when the directory was opened, not loaded yet: plan index -> slices, ascending. */
  readonly unread: Map<number, number[]>;
  /** Reads a slice found at opening (its timing joins `slices`); null when unreadable: removed, to be evaluated again. */
  loadSlice(index: number, slice: number): Promise<ResultMessage | null>;
  saveSlice(index: number, slice: number, bytes: Uint8Array, msg: ResultMessage, gzipped?: Uint8Array): Promise<void>;
  /** Removes one stored slice (its file and timing): it is to be evaluated again. */
  dropSlice(index: number, slice: number): Promise<void>;
  /** Removes a finished network's training and slice files (its result is stored whole). */
  dropParts(index: number): Promise<void>;
}

async function readManifest(dir: string): Promise<RunManifest | null> {
  try {
    return JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as RunManifest;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') throw new RunDirError(`${dir} cannot be used as a run directory (it is a file)`);
    throw new RunDirError(`${dir}/run.json is unreadable (${(err as Error).message}); use another --out`);
  }
}

/** Opens (or creates) the run directory for this plan and loads the finished shards. */
export async function openRunStore(dir: string, plan: Plan): Promise<RunStore> {
  const manifest = await readManifest(dir);
  if (manifest && manifest.planId !== plan.planId) {
    throw new RunDirError(`${dir} holds a run with other settings (plan ${manifest.planId}, study ${manifest.study}); use another --out or the same settings to resume`);
  }
  if (!manifest) await checkFresh(dir);
  await makeDirs(dir);
  if (!manifest) {
    const m: RunManifest = { tool: 'identifiability', version: 1, planId: plan.planId, study: plan.study, networks: plan.networks.length, config: plan.config };
    await writeAtomic(join(dir, 'run.json'), `${JSON.stringify(m, null, 2)}\n`);
  }
  const finished = new Map<number, ResultMessage>();
  const trained = new Map<number, ResultMessage>();
  const slices = new Map<number, Map<number, SliceTiming>>();
  const unread = new Map<number, number[]>();
  const dropped: string[] = [];
  for (const name of await readdir(join(dir, 'shards'))) {
    const m = /^(\d{6,})(?:\.(train|s\d{6}))?\.msgpack$/.exec(name);
    if (!m) continue; // leftover temporary file of a killed run
    const index = Number(m[1]);
    if (m[2]?.startsWith('s')) {
      const list = unread.get(index) ?? [];
      list.push(Number(m[2].slice(1)));
      unread.set(index, list);
      continue;
    }
    const msg = await readOrDrop(join(dir, 'shards', name), dropped);
    if (!msg) continue;
    if (!m[2]) finished.set(index, slimResult(msg));
    else trained.set(index, msg);
  }
  for (const list of unread.values()) list.sort((a, b) => a - b);
  // Parts of a network finished before the kill are not needed any more.
  for (const index of finished.keys()) {
    if (trained.delete(index)) await rm(partFile(dir, index, 'train'), { force: true });
    for (const k of unread.get(index) ?? []) await rm(sliceFile(dir, index, k), { force: true });
    unread.delete(index);
  }
  const keep = (index: number, slice: number, msg: ResultMessage): void => {
    const per = slices.get(index) ?? new Map<number, SliceTiming>();
    per.set(slice, timingOf(msg));
    slices.set(index, per);
  };
  return {
    dir,
    dropped,
    finished,
    trained,
    slices,
    unread,
    async loadSlice(index, slice) {
      const msg = await readOrDrop(sliceFile(dir, index, slice), dropped);
      if (msg) keep(index, slice, msg);
      return msg;
    },
    async save(index, bytes, msg, packed) {
      await writeResult(shardFile(dir, index), bytes, packed);
      finished.set(index, slimResult(msg));
    },
    readFinished(index) {
      const path = shardFile(dir, index);
      try {
        const bytes = readFileSync(path);
        return decodeResult(isGzip(bytes) ? gunzipSync(bytes) : bytes);
      } catch (err) {
        throw new RunDirError(`${path} cannot be read back (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
    },
    async saveTrained(index, bytes, msg, packed) {
      await writeResult(partFile(dir, index, 'train'), bytes, packed);
      trained.set(index, msg);
    },
    async saveSlice(index, slice, bytes, msg, packed) {
      await writeResult(sliceFile(dir, index, slice), bytes, packed);
      keep(index, slice, msg);
    },
    async dropSlice(index, slice) {
      slices.get(index)?.delete(slice);
      await rm(sliceFile(dir, index, slice), { force: true });
    },
    async dropParts(index) {
      const kept = [...(slices.get(index)?.keys() ?? []), ...(unread.get(index) ?? [])];
      trained.delete(index);
      slices.delete(index);
      unread.delete(index);
      await rm(partFile(dir, index, 'train'), { force: true });
      for (const k of kept) await rm(sliceFile(dir, index, k), { force: true });
    },
  };
}
