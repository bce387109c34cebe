/**
 * Ctrl-C and SIGTERM as an AbortSignal, for the commands that stop a run cleanly (`run`, a sliced
 * `analyze`): the first of them aborts (its name the reason) instead of ending the process; after
 * `release`, or at a second one, a signal ends the process as usual.
 */
export function abortOnSignals(): { readonly signal: AbortSignal; release(): void } {
  const stop = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => stop.abort(name);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    signal: stop.signal,
    release() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
