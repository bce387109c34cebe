/**
 * The ETA of one network analysed in slices, shared by `analyze`'s progress line
 * (cli/sliceProgress.ts) and its ETA gauge (sliceMetrics.ts), so the two say the same.
 */

/**
 * Seconds left at the pace so far: by estimated work once some is done, else by slices. With the
 * pool's threads known, the work left goes at the worker time a share has taken (`workerMs` for
 * `doneWork`) on that many threads: the wall time so far also holds the slices still running, at
 * the first result all of the pool's but one.
 */
export function etaSeconds(elapsed: number, doneWork: number, totalWork: number, done: number, total: number, workerMs = 0, threads?: number): number {
  const left = Math.max(0, totalWork - doneWork);
  if (threads && workerMs > 0 && doneWork > 0) return Math.round((workerMs / 1000 / doneWork / threads) * left);
  if (doneWork > 0) return Math.round((elapsed / doneWork) * left);
  return Math.round((elapsed / Math.max(1, done)) * (total - done));
}
