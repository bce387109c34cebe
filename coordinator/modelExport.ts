/**
 * `run --save-models safetensors`: every network the study trained (converged or not), written as
 * `networks/NNNN.safetensors` beside its case file `networks/NNNN.json`, with the authors'
 * state_dict keys (`layers.N.0.weight`, `layers.N.0.bias`) so PyTorch loads it into their MLP.
 * The metadata carries the gates, seed, and whether it converged. Written atomically, after the
 * study's own outputs; it is an output option, not a study setting, so the plan id is unchanged.
 */
import { makeDirectory } from './makeDirectory.js';
import { join } from 'node:path';
import { modelToSafetensors } from '../shared/model/safetensors.js';
import type { NetworkShardResult } from '../shared/wire/messages.js';
import { writeFileAtomic } from './atomicFile.js';
import { outcomes } from './output.js';
import type { Plan } from './plan.js';
import type { RunStore } from './runStore.js';

export type ModelFormat = 'safetensors';

/** Writes one file per trained network; returns how many. */
export async function writeModelFiles(plan: Plan, store: RunStore, _format: ModelFormat): Promise<number> {
  await makeDirectory(join(store.dir, 'networks'));
  let written = 0;
  for (const n of outcomes(plan, store)) {
    if (n.message.type !== 'shard-result') continue;
    const r = n.message.result as NetworkShardResult;
    const bytes = modelToSafetensors(r.model, {
      gates: n.spec.train.gates.join(','),
      seed: String(n.spec.train.seed),
      converged: String(r.training.converged),
    });
    await writeFileAtomic(join(store.dir, 'networks', `${String(n.index).padStart(4, '0')}.safetensors`), bytes);
    written++;
  }
  return written;
}
