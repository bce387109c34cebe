/**
 * Embedded mode: this process is its own worker. The CLI puts a local pool on the other end of the
 * in-memory transport, so the coordinator runs exactly as it does against NATS and never knows.
 */
import type { Transport } from '../transport/transport.js';
import { consume } from '../worker/consume.js';
import type { ShardPool } from '../worker/pool.js';

/** Starts a worker loop consuming `transport` on `pool`; the returned function stops it and waits for it. */
export function startLocalWorker(transport: Transport, pool: ShardPool): () => Promise<void> {
  const stop = new AbortController();
  const worker = consume(transport, pool, { worker: 'embedded', signal: stop.signal });
  return async () => {
    stop.abort();
    await worker;
  };
}

/** Runs `work` with a worker loop consuming `transport` beside it; the loop stops when work ends. */
export async function withLocalWorker<T>(transport: Transport, pool: ShardPool | undefined, work: () => Promise<T>): Promise<T> {
  if (!pool) return work();
  const stop = startLocalWorker(transport, pool);
  try {
    return await work();
  } finally {
    await stop();
  }
}
