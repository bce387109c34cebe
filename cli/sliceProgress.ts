/** Slices done so far: a bar on a terminal, a line every 5 s otherwise (with the pace and an ETA). */
export async function sliceProgress(total: number, print: (line: string) => void, quiet: boolean): Promise<{ tick(fresh: boolean, candidates: number): void; stop(): void }> {
  if (quiet) return { tick() {}, stop() {} };
  const started = Date.now();
  let done = 0;
  let candidates = 0;
  if (process.stderr.isTTY) {
    const { default: cliProgress } = await import('cli-progress');
    const bar = new cliProgress.SingleBar({ format: 'slices {bar} {value}/{total} | {rate} candidates/s | ETA {eta_formatted}', hideCursor: true, etaBuffer: 50, stream: process.stderr }, cliProgress.Presets.shades_classic);
    bar.start(total, 0, { rate: '0' });
    return {
      tick(fresh, c) {
        if (!fresh) return;
        done++;
        candidates += c;
        bar.update(done, { rate: (candidates / Math.max(0.001, (Date.now() - started) / 1000)).toExponential(2) });
      },
      stop: () => bar.stop(),
    };
  }
  let last = started;
  return {
    tick(fresh, c) {
      if (!fresh) return;
      done++;
      candidates += c;
      const now = Date.now();
      if (now - last < 5000 && done !== total) return;
      last = now;
      const elapsed = (now - started) / 1000;
      const eta = Math.round((elapsed / done) * (total - done));
      print(`progress: ${done}/${total} slices, ${(candidates / Math.max(0.001, elapsed)).toExponential(2)} candidates/s, ${Math.round(elapsed)} s elapsed, ETA ${eta} s`);
    },
    stop() {},
  };
}

