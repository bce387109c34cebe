/**
 * The default pool size, apart from the pool: help texts print it, and `--help` must not load
 * Piscina to say how many cores there are.
 */
import { availableParallelism } from 'node:os';

export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}
