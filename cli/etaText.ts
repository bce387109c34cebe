/*
 * The ETA as text, for `run` and a sliced `analyze`: a module of its own, so that `analyze` does
 * not load the progress bar (cli/progress.ts) to print a line.
 */

/** Seconds left as a person reads them: 45 s, 12 min, 2 h 05 min. */
export function etaText(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
