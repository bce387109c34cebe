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
