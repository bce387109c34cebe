/**
 * The run's shared state in the transport's KV bucket. `plan` says which plan owns the run prefix,
 * so a restarted coordinator resumes only its own plan and a second study cannot silently mix its
 * shards into a running one; `run.state` ('running' | 'done') is what `worker --exit-when-done`
 * waits for.
 */
import type { Transport } from '../transport/transport.js';

export const PLAN_KEY = 'plan';
export const STATE_KEY = 'run.state';
export type RunState = 'running' | 'done';

/** What `plan` holds: enough to name the owner in an error. */
export interface PlanRecord {
  readonly planId: string;
  readonly study: string;
  readonly networks: number;
}

export class RunConflict extends Error {
  override name = 'RunConflict';
}

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/** KV writes at the end of a run may meet a restarting server; the connection comes back, so retry. */
const RETRY_MS = [100, 250, 500, 1000, 2000, 2000, 2000, 2000] as const;

async function retried<T>(what: () => Promise<T>): Promise<T> {
  for (const wait of RETRY_MS) {
    try {
      return await what();
    } catch {
      await new Promise((r) => setTimeout(r, wait));
    }
  }
  return what();
}

export async function readRunState(transport: Transport): Promise<RunState | null> {
  const v = await transport.kvGet(STATE_KEY);
  return v === null ? null : (dec(v) as RunState);
}

export interface ClaimOptions {
  /**
   * Take the prefix from an unfinished plan too (its shards and results are deleted): for a plan
   * whose coordinator is gone and will not be resumed. A coordinator of that plan still running
   * would wait for results that no longer come.
   */
  readonly takeOver?: boolean;
}

/**
 * Takes the prefix for `plan`: allowed when it is free, already ours (resume), or the previous
 * plan finished (or `takeOver`). Refused while another plan is unfinished there.
 */
export async function claimRun(transport: Transport, plan: { readonly planId: string; readonly study: string; readonly networks: readonly unknown[] | number }, opts: ClaimOptions = {}): Promise<void> {
  const raw = await retried(() => transport.kvGet(PLAN_KEY));
  const owner = raw === null ? null : (JSON.parse(dec(raw)) as PlanRecord);
  if (owner && owner.planId !== plan.planId && opts.takeOver !== true && (await readRunState(transport)) !== 'done') {
    throw new RunConflict(
      `this run prefix is in use by plan ${owner.planId} (study ${owner.study}, ${owner.networks} networks), which has not finished; use another --prefix, the other plan's settings to resume it, or --take-over if its coordinator is gone (its shards and results are deleted)`,
    );
  }
  // A finished (or abandoned) plan's shards and results go when another plan takes the prefix; the
  // same plan keeps them, to resume (its stored results are replayed).
  if (owner && owner.planId !== plan.planId) await retried(() => transport.reset());
  const record: PlanRecord = { planId: plan.planId, study: plan.study, networks: typeof plan.networks === 'number' ? plan.networks : plan.networks.length };
  await retried(() => transport.kvPut(PLAN_KEY, enc(JSON.stringify(record))));
  await retried(() => transport.kvPut(STATE_KEY, enc('running' satisfies RunState)));
}

/** Every shard is stored: workers started with --exit-when-done may go once the queue is empty. */
export async function markDone(transport: Transport): Promise<void> {
  await retried(() => transport.kvPut(STATE_KEY, enc('done' satisfies RunState)));
}
