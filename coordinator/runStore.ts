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

export interface RunStore {
  readonly dir: string;
  /** Results already stored, by plan index. */
  readonly finished: Map<number, ResultMessage>;
  save(index: number, bytes: Uint8Array, msg: ResultMessage): Promise<void>;
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
  for (const name of await readdir(join(dir, 'shards'))) {
    const m = /^(\d{6})\.msgpack$/.exec(name);
    if (!m) continue; // leftover temporary file of a killed run
    const index = Number(m[1]);
    try {
      finished.set(index, decodeResult(await readFile(join(dir, 'shards', name))));
    } catch {
      await rm(join(dir, 'shards', name), { force: true }); // unreadable: evaluate again
    }
  }
  return {
    dir,
    finished,
    async save(index, bytes, msg) {
      await writeAtomic(shardFile(dir, index), bytes);
      finished.set(index, msg);
    },
  };
}
