/** The worker's public surface: a pull loop feeding a local Piscina pool. */
export { consume, type ConsumeOptions, type WorkerEvent } from './consume.js';
export { createPool, defaultThreads, type ShardPool } from './pool.js';
export { createWorkerMetrics } from './metrics.js';
