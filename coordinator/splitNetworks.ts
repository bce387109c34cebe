/**
 * Large networks of a study: trained by their own shard, then analysed as slices published as soon
 * as the trained network is stored. Each slice result is stored (so a killed coordinator resumes
 * with nothing counted twice) and merged exactly; when the last slice is in, the network's result
 * is assembled as if one shard had analysed it, and the parts are removed.
 */
import { encode } from '../shared/wire/codec.js';
import type { NetworkShardResult, ResultMessage, ShardResultMessage, ShardSpec } from '../shared/wire/messages.js';
import { shardId } from '../shared/wire/subjects.js';
import type { Transport } from '../transport/transport.js';
import { sliceWork } from './networkSlices.js';
import { askRelists, openNetwork, sliceOf, specOf, type OpenNetwork } from './openNetwork.js';
import type { Plan } from './plan.js';
import type { RunStore } from './runStore.js';
import { publicationOrder } from './publicationOrder.js';
import { sliceIndex } from './shards.js';

/** Slices published, and their estimated work (progress and its ETA only). */
export interface Published {
  readonly count: number;
  readonly work: number;
}

/** Slices merged from the store at a restart: their count, estimated work and worker time (the ETA's pace). */
export interface StoredSlices {
  count: number;
  work: number;
  ms: number;
}

/** Per network with slices pending: those published, those merged from the store; and the networks completed by the merge. */
export interface Resumed {
  readonly published: [number, Published][];
  readonly stored: [number, StoredSlices][];
  readonly finished: ResultMessage[];
}

/** How far the merge of one network's stored slices is, at a restart: `read` of `stored` files. */
export interface MergeProgress {
  readonly index: number;
  readonly read: number;
  readonly stored: number;
}

export type SliceOutcome =
  | { readonly kind: 'duplicate' }
  /** A result of another cut for slice k: not merged; slice k is published again (see `slice`). */
  | { readonly kind: 'foreign' }
  /** `relisted`: slices published again for their whole list (the first pass just completed). */
  | { readonly kind: 'stored'; readonly remaining: number; readonly total: number; readonly relisted: Published }
  | { readonly kind: 'finished'; readonly message: ResultMessage; readonly total: number };

/** Past the duplicate window by this much, so the server has surely forgotten the old message id. */
const REPUBLISH_MARGIN_MS = 1_000;

export class SplitNetworks {
  private readonly open = new Map<number, OpenNetwork>();
  /** Slices to publish again once the duplicate window has passed, by `${index}:${k}`. */
  private readonly later = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly plan: Plan, private readonly store: RunStore, private readonly transport: Transport) {}

  /** Whether a network result is a training-only result whose analysis still has to run as slices. */
  needsSlices(index: number, m: ResultMessage): boolean {
    const spec = this.plan.networks[index];
    return !!spec?.split && m.type === 'shard-result' && m.result.kind === 'network' && m.result.training.converged && m.result.analysis === null;
  }

  /** Stores the trained network and publishes its slices (`gzipped`: as in RunStore.save). */
  async trained(index: number, bytes: Uint8Array, m: ResultMessage, gzipped?: Uint8Array): Promise<Published> {
    await this.store.saveTrained(index, bytes, m, gzipped);
    return this.publish(index);
  }

  /**
   * After a restart: the missing slices are published first, then the stored ones merged again
   * (growth's width-6 network: 1 326 stored slices, 1.6 GB gzipped, 180 s on the coordinator's
   * thread while the workers had nothing to do). A stored slice found unreadable or of another
   * cut is published as it is met. `signal` stops the merge between slices (the files stay; the
   * next run merges them again).
   */
  async resume(o: { signal?: AbortSignal; onMerged?: (e: MergeProgress) => void } = {}): Promise<Resumed> {
    const published: [number, Published][] = [];
    const stored: [number, StoredSlices][] = [];
    const finished: ResultMessage[] = [];
    for (const index of [...this.store.trained.keys()]) {
      if (this.store.finished.has(index)) continue;
      if (o.signal?.aborted) break;
      const open = this.openOf(index);
      const list = this.store.unread.get(index) ?? [];
      const onDisk = new Set(list);
      const sent = await this.publishAll(index, open.specs.entries(), (k) => onDisk.has(k));
      const send = async (k: number): Promise<void> => {
        const one = await this.publishAll(index, [[k, open.specs[k] as ShardSpec]], () => false);
        sent.count += one.count;
        sent.work += one.work;
      };
      const merged: StoredSlices = { count: 0, work: 0, ms: 0 };
      // In slice order (the first pass, then the relisted), the next file read while one is merged:
      // at most two stored slices in memory.
      let asked = false;
      let next = list.length ? this.store.loadSlice(index, list[0] as number) : null;
      for (let i = 0; i < list.length && !o.signal?.aborted; i++) {
        const k = list[i] as number;
        const m = await next;
        next = i + 1 < list.length ? this.store.loadSlice(index, list[i + 1] as number) : null;
        if (k >= open.specs.length && !asked) {
          askRelists(open);
          asked = true;
        }
        // Unreadable (the file is gone): evaluated again. A relisted slice goes out with the relists below.
        if (m?.type !== 'shard-result' || m.result.kind === 'network') {
          if (k < open.specs.length) await send(k);
          continue;
        }
        // A version that cut the network elsewhere stored it: its slice k is not this plan's, and
        // kept as done it would never be published again, the network never complete.
        if (!sliceOf(open, k, m.result)) {
          await this.store.dropSlice(index, k);
          if (k < open.specs.length) await send(k);
        } else if (open.assembler.add(m.result)) {
          open.criteria?.add(m.result);
          await open.assembler.ready();
          merged.count++;
          merged.work += sliceWork(specOf(open, k));
          merged.ms += m.durationMs;
        }
        o.onMerged?.({ index, read: i + 1, stored: list.length });
      }
      // Stopped: the loads still under way are let finish, and nothing more is done.
      if (o.signal?.aborted) {
        await next;
        break;
      }
      this.store.unread.delete(index);
      if (!asked) askRelists(open);
      if (open.assembler.remaining === 0) {
        finished.push(await this.finish(index, open));
        continue;
      }
      const relisted = await this.publishAll(index, open.relists ?? [], (k) => !!this.store.slices.get(index)?.has(k));
      published.push([index, { count: sent.count + relisted.count, work: sent.work + relisted.work }]);
      if (merged.count > 0) stored.push([index, merged]);
    }
    return { published, stored, finished };
  }

  /** The estimated work of slice k of a network whose slices are open (0 for any other). */
  workOf(index: number, k: number): number {
    const open = this.open.get(index);
    if (!open) return 0;
    return sliceWork(specOf(open, k));
  }

  /** A slice result (or a dead-lettered slice: the network fails); `gzipped`: as in RunStore.save. */
  async slice(index: number, k: number, bytes: Uint8Array, m: ResultMessage, gzipped?: Uint8Array): Promise<SliceOutcome> {
    if (this.store.finished.has(index) || !this.store.trained.has(index) || this.store.slices.get(index)?.has(k)) return { kind: 'duplicate' };
    const open = this.openOf(index);
    if (m.type === 'shard-failed') {
      const failed: ResultMessage = { ...m, shardId: shardId(this.plan.planId, index), message: `slice ${k}: ${m.message}` };
      await this.store.save(index, encode(failed), failed);
      await this.drop(index);
      return { kind: 'finished', message: failed, total: open.specs.length };
    }
    const relisting = k >= open.specs.length;
    if (relisting && !open.relists?.has(k)) return { kind: 'duplicate' };
    if (m.result.kind === 'network') return { kind: 'duplicate' };
    if (!sliceOf(open, k, m.result)) {
      // A result of another cut (work an earlier version queued) is not slice k: never merged.
      // This version's slice k, published under the same id within the duplicate window, was
      // dropped by the server as that work's duplicate, and its result would be dropped as the
      // foreign result's: published again once the window is past, or slice k never comes.
      this.republishLater(index, k);
      return { kind: 'foreign' };
    }
    if (!open.assembler.add(m.result)) return { kind: 'duplicate' };
    open.criteria?.add(m.result);
    await open.assembler.ready();
    await this.store.saveSlice(index, k, bytes, m, gzipped);
    const relisted = !relisting && open.relists === null && askRelists(open) > 0 ? await this.publish(index) : { count: 0, work: 0 };
    if (open.assembler.remaining > 0) return { kind: 'stored', remaining: open.assembler.remaining, total: open.specs.length + (open.relists?.size ?? 0), relisted };
    return { kind: 'finished', message: await this.finish(index, open), total: open.specs.length + (open.relists?.size ?? 0) };
  }

  /** Stops the pending republications (the run is over). */
  close(): void {
    this.closed = true;
    for (const timer of this.later.values()) clearTimeout(timer);
    this.later.clear();
  }

  private republishLater(index: number, k: number): void {
    const key = `${index}:${k}`;
    // After close, a failed republish must not arm a timer that keeps the process alive.
    if (this.closed || this.later.has(key)) return;
    const timer = setTimeout(() => {
      this.later.delete(key);
      this.republish(index, k).catch(() => this.republishLater(index, k));
    }, this.transport.policy.duplicateWindowMs + REPUBLISH_MARGIN_MS);
    this.later.set(key, timer);
  }

  private async republish(index: number, k: number): Promise<void> {
    const open = this.open.get(index);
    const spec = open && specOf(open, k);
    if (!spec || this.store.finished.has(index) || this.store.slices.get(index)?.has(k)) return;
    await this.publishSlice(index, k, spec);
  }

  private async publishSlice(index: number, k: number, spec: ShardSpec): Promise<void> {
    const i = sliceIndex(index, k);
    const id = shardId(this.plan.planId, i);
    await this.transport.publishWork(id, encode({ type: 'shard', v: 1, planId: this.plan.planId, shardId: id, index: i, spec }));
  }

  private openOf(index: number): OpenNetwork {
    let open = this.open.get(index);
    if (open) return open;
    open = openNetwork(this.plan, index, this.store.trained.get(index) as ShardResultMessage);
    this.open.set(index, open);
    return open;
  }

  private async publish(index: number): Promise<Published> {
    const open = this.openOf(index);
    const have = this.store.slices.get(index);
    return this.publishAll(index, open.relists ?? open.specs.entries(), (k) => !!have?.has(k));
  }

  /** Publishes these slices but the skipped ones, in publication order (publicationOrder.ts). */
  private async publishAll(index: number, slices: Iterable<[number, ShardSpec]>, skip: (k: number) => boolean): Promise<{ count: number; work: number }> {
    const all = [...slices];
    let count = 0;
    let work = 0;
    for (const j of publicationOrder(all.length)) {
      const [k, spec] = all[j] as [number, ShardSpec];
      if (skip(k)) continue;
      await this.publishSlice(index, k, spec);
      count++;
      work += sliceWork(spec);
    }
    return { count, work };
  }

  /** The network's result as one shard would have returned it, with the slices' timings summed. */
  private async finish(index: number, open: OpenNetwork): Promise<ResultMessage> {
    const trained = this.store.trained.get(index) as ShardResultMessage;
    await open.assembler.settle();
    const outputs = open.assembler.finish();
    const stageMs: Record<string, number> = { ...trained.stageMs };
    let durationMs = trained.durationMs;
    for (const t of this.store.slices.get(index)?.values() ?? []) {
      durationMs += t.durationMs;
      for (const [s, ms] of Object.entries(t.stageMs)) stageMs[s] = (stageMs[s] ?? 0) + ms;
    }
    // The probe's counts served the plan; the network's result is what one shard would have returned.
    const { unitKept: _, ...trainedResult } = trained.result as NetworkShardResult;
    const result: NetworkShardResult = { ...trainedResult, analysis: { outputs }, candidates: outputs.reduce((a, o) => a + o.candidates, 0), ...open.criteria?.counts(trainedResult, outputs) };
    const message: ResultMessage = { type: 'shard-result', v: 1, planId: this.plan.planId, shardId: shardId(this.plan.planId, index), worker: `${trained.worker}+slices`, durationMs, stageMs, result };
    await this.store.save(index, encode(message), message);
    await this.drop(index);
    return message;
  }

  private async drop(index: number): Promise<void> {
    this.open.get(index)?.assembler.close();
    this.open.delete(index);
    await this.store.dropParts(index);
  }
}
