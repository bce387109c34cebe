import test from 'ava';
import { Piscina } from 'piscina';
import { setTimeout as sleep } from 'node:timers/promises';
import { compileAnalysisOptions } from '../../shared/engine/options.js';
import { defaultTrainSpec } from '../../shared/train/spec.js';
import { encode } from '../../shared/wire/codec.js';
import { AFTER_LOAD_MS, createPool } from '../../worker/pool.js';
import { isTaskLoaded, taskLoadedMessage } from '../../worker/taskLoaded.js';

test('each pool thread says when its task module is in', async (t) => {
  const piscina = new Piscina({ filename: new URL('../../worker/task.js', import.meta.url).href, minThreads: 2, maxThreads: 2 });
  let loaded = 0;
  const both = new Promise<void>((resolve) => piscina.on('message', (m: unknown) => isTaskLoaded(m) && ++loaded === 2 && resolve()));
  await both;
  t.is(loaded, 2);
  // As createPool's close does: Node's require of the module ends a moment after the message.
  await sleep(AFTER_LOAD_MS);
  await piscina.destroy();
});

test('a pool closed at once, its threads still loading, closes cleanly and promptly', async (t) => {
  for (let i = 0; i < 5; i++) {
    const pool = createPool(2);
    const at = performance.now();
    await pool.close();
    // The modules load in well under the 5 s that close waits at most.
    t.true(performance.now() - at < 4000);
  }
});

test('closing the pool ends a task in progress: its promise rejects, no result is waited for', async (t) => {
  const pool = createPool(1);
  // A loss target of 0 is never reached and there is no early stop: the task would train for all of its 10^6 epochs.
  const train = defaultTrainSpec({ gates: ['XOR'], seed: 1, lossTarget: 0, maxEpochs: 1_000_000, patience: 1_000_000 });
  const analysis = compileAnalysisOptions({ stages: ['circuits'] }, { layerSizes: [2, 3, 3, 1], weights: [], biases: [] });
  const running = pool.run({ bytes: encode({ type: 'shard', v: 1, planId: 'p', shardId: 'p:0', index: 0, spec: { kind: 'network', experiment: 0, train, analysis } }), worker: 'w', delivery: 1 });
  const outcome = running.then(() => 'finished', () => 'ended');
  await sleep(300);
  // Twice, as an interrupted run does (at the signal, and on its way out): one close.
  await Promise.all([pool.close(), pool.close()]);
  t.is(await outcome, 'ended');
});

test('the loaded message is told apart from any other', (t) => {
  t.true(isTaskLoaded(taskLoadedMessage()));
  for (const other of [null, 'identifiability:task-loaded', {}, { ready: true }, { 'identifiability:task-loaded': 1 }]) t.false(isTaskLoaded(other));
});
