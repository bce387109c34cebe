/**
 * The run directory (`--out`): `run.json` names the plan; `shards/` holds one finished result per
 * shard, each written atomically, so a killed run resumes with nothing counted twice and at most
 * the in-flight shards lost. A directory made with other settings is refused.
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeResult } from '../shared/wire/codec.js';
import { writeFileAtomic as writeAtomic } from './atomicFile.js';
import type { ResultMessage } from '../shared/wire/messages.js';
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

/** A large network's training result (`.train`) and its slice results (`.sNNNNNN`). */
function partFile(dir: string, index: number, part: string): string {
  return join(dir, 'shards', `${String(index).padStart(6, '0')}.${part}.msgpack`);
}

export interface RunStore {
  readonly dir: string;
  /** Results already stored, by plan index. */
  readonly finished: Map<number, ResultMessage>;
  save(index: number, bytes: Uint8Array, msg: ResultMessage): Promise<void>;
  /** Trained networks whose analysis runs as slices and is not finished, by plan index. */
  readonly trained: Map<number, ResultMessage>;
  saveTrained(index: number, bytes: Uint8Array, msg: ResultMessage): Promise<void>;
  /** Slice results of unfinished large networks: plan index -> slice -> result. */
  readonly slices: Map<number, Map<number, ResultMessage>>;
  saveSlice(index: number, slice: number, bytes: Uint8Array, msg: ResultMessage): Promise<void>;
  /** Removes a finished network's training and slice files (its result is stored whole). */
  dropParts(index: number): Promise<void>;
}

async function readManifest(dir: string): Promise<RunManifest | null> {
  try {
    return JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as RunManifest;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new RunDirError(`${dir}/run.json is unreadable (${(err as Error).message}); use another --out`);
  }
}

/** Opens (or creates) the run directory for this plan and loads the finished shards. */
export async function openRunStore(dir: string, plan: Plan): Promise<RunStore> {
  const manifest = await readManifest(dir);
  if (manifest && manifest.planId !== plan.planId) {
    throw new RunDirError(`${dir} holds a run with other settings (plan ${manifest.planId}, study ${manifest.study}); use another --out or the same settings to resume`);
  }
  await mkdir(join(dir, 'shards'), { recursive: true });
  if (!manifest) {
    const m: RunManifest = { tool: 'identifiability', version: 1, planId: plan.planId, study: plan.study, networks: plan.networks.length, config: plan.config };
    await writeAtomic(join(dir, 'run.json'), `${JSON.stringify(m, null, 2)}\n`);
  }
  const finished = new Map<number, ResultMessage>();
  const trained = new Map<number, ResultMessage>();
  const slices = new Map<number, Map<number, ResultMessage>>();
  for (const name of await readdir(join(dir, 'shards'))) {
    const m = /^(\d{6,})(?:\.(train|s\d{6}))?\.msgpack$/.exec(name);
    if (!m) continue; // leftover temporary file of a killed run
    const index = Number(m[1]);
    let msg: ResultMessage;
    try {
      msg = decodeResult(await readFile(join(dir, 'shards', name)));
    } catch {
      await rm(join(dir, 'shards', name), { force: true }); // unreadable: evaluate again
      continue;
    }
    if (!m[2]) finished.set(index, msg);
    else if (m[2] === 'train') trained.set(index, msg);
    else {
      const per = slices.get(index) ?? new Map<number, ResultMessage>();
      per.set(Number(m[2].slice(1)), msg);
      slices.set(index, per);
    }
  }
  // Parts of a network finished before the kill are not needed any more.
  for (const index of finished.keys()) {
    trained.delete(index);
    slices.delete(index);
  }
  return {
    dir,
    finished,
    trained,
    slices,
    async save(index, bytes, msg) {
      await writeAtomic(shardFile(dir, index), bytes);
      finished.set(index, msg);
    },
    async saveTrained(index, bytes, msg) {
      await writeAtomic(partFile(dir, index, 'train'), bytes);
      trained.set(index, msg);
    },
    async saveSlice(index, slice, bytes, msg) {
      await writeAtomic(partFile(dir, index, `s${String(slice).padStart(6, '0')}`), bytes);
      const per = slices.get(index) ?? new Map<number, ResultMessage>();
      per.set(slice, msg);
      slices.set(index, per);
    },
    async dropParts(index) {
      const kept = slices.get(index);
      trained.delete(index);
      slices.delete(index);
      await rm(partFile(dir, index, 'train'), { force: true });
      for (const k of kept?.keys() ?? []) await rm(partFile(dir, index, `s${String(k).padStart(6, '0')}`), { force: true });
    },
  };
}
