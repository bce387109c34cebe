/**
 * User errors: anything the user can fix (a flag, a file). The CLI prints their message on one line
 * and exits with code 2; every other error is a bug and keeps its stack.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export const EXIT_USAGE = 2;

/**
 * An analysis setting out of range, named as the user gave it: the flag when given, else the case
 * file's config field (the engine names its own settings, `formulaMaxDepth`).
 */
export function settingsError(file: string, err: Error, flags: { readonly formulaMaxDepth?: number }): UsageError {
  const depth = /^formulaMaxDepth (must be .*)$/.exec(err.message);
  if (depth) return new UsageError(flags.formulaMaxDepth !== undefined ? `--formula-max-depth ${flags.formulaMaxDepth}: ${depth[1]}` : `${file}: config.formula_max_depth: ${depth[1]}`, { cause: err });
  return new UsageError(`${file}: ${err.message}`, { cause: err });
}
