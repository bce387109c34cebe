/**
 * The project's few named errors. Each says whether a retry can help (`retryable`), so a worker
 * knows to terminate a malformed shard but nak one that hit a lost connection.
 * Errors cross `postMessage` as plain records: structured clone drops `name` and `code`.
 */

/** A message or packed buffer is malformed. Retrying the same bytes cannot help. */
export class WireError extends Error {
  override readonly name = 'WireError';
  readonly code: string = 'WIRE_INVALID';
  readonly retryable: boolean = false;
}

/** A user-facing option is wrong; the message names the field and the fix. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: string = 'CONFIG_INVALID';
  readonly retryable: boolean = false;
}

/** The broker is unreachable or refused us; retryable unless it is an authentication failure. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(message: string, readonly code = 'TRANSPORT', readonly retryable = true, options?: ErrorOptions) {
    super(message, options);
  }
}

/** Evaluating a shard failed for a reason that is neither the wire nor the transport. */
export class ShardError extends Error {
  override readonly name = 'ShardError';
  constructor(message: string, readonly code = 'SHARD_FAILED', readonly retryable = true, options?: ErrorOptions) {
    super(message, options);
  }
}

export type KnownError = WireError | ConfigError | TransportError | ShardError;

/** What crosses a thread boundary instead of an Error instance. */
export interface ErrorRecord {
  readonly name: string;
  readonly message: string;
  readonly code: string;
  readonly retryable: boolean;
  readonly stack?: string;
}

/** Anything thrown becomes a record; unknown throwables are treated as retryable failures. */
export function errorToRecord(err: unknown): ErrorRecord {
  if (!(err instanceof Error)) {
    return { name: 'Error', message: String(err), code: 'UNKNOWN', retryable: true };
  }
  const { code, retryable } = err as Partial<Record<'code' | 'retryable', unknown>>;
  return {
    name: err.name,
    message: err.message,
    code: typeof code === 'string' ? code : 'UNKNOWN',
    retryable: typeof retryable === 'boolean' ? retryable : true,
    ...(err.stack === undefined ? {} : { stack: err.stack }),
  };
}

/** Rebuilds the named class; a foreign name becomes a ShardError that keeps it in the message. */
export function errorFromRecord(rec: ErrorRecord): KnownError {
  const err = rebuild(rec);
  if (rec.stack !== undefined) err.stack = rec.stack;
  return err;
}

function rebuild(rec: ErrorRecord): KnownError {
  switch (rec.name) {
    case 'WireError':
      return new WireError(rec.message);
    case 'ConfigError':
      return new ConfigError(rec.message);
    case 'TransportError':
      return new TransportError(rec.message, rec.code, rec.retryable);
    case 'ShardError':
      return new ShardError(rec.message, rec.code, rec.retryable);
    default:
      return new ShardError(`${rec.name}: ${rec.message}`, rec.code, rec.retryable);
  }
}
