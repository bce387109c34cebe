/** Waits that end early when a signal aborts (the transport's pulls and retry back-offs). */

/** Resolves with `p` or as soon as `signal` aborts, and never leaves a listener behind. */
export async function untilAborted(p: Promise<void>, signal?: AbortSignal): Promise<void> {
  if (signal === undefined) return p;
  if (signal.aborted) return;
  let onAbort = (): void => {};
  const aborted = new Promise<void>((resolve) => {
    onAbort = resolve;
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([p, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await untilAborted(new Promise((resolve) => (timer = setTimeout(resolve, ms))), signal);
  clearTimeout(timer);
}
