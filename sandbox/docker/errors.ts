// Docker engine failures as one typed error, so callers branch on `statusCode` (404 not found, 409 conflict) instead
// of parsing dockerode's messages.

export class EngineError extends Error {
  constructor(
    readonly statusCode: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** Wraps whatever dockerode threw; the engine's own JSON message wins over dockerode's generic text. */
export function toEngineError(e: unknown, doing: string): EngineError {
  if (e instanceof EngineError) return e;
  const err = e as { statusCode?: number; json?: { message?: string }; message?: string; reason?: string };
  const detail = err?.json?.message ?? err?.message ?? String(e);
  return new EngineError(err?.statusCode, `${doing}: ${detail.trim()}`);
}

export function isNotFound(e: unknown): boolean {
  return (e as { statusCode?: number })?.statusCode === 404;
}

export function isConflict(e: unknown): boolean {
  return (e as { statusCode?: number })?.statusCode === 409;
}

/** 304 "container already started/stopped": not a failure for idempotent start/stop. */
export function isNotModified(e: unknown): boolean {
  return (e as { statusCode?: number })?.statusCode === 304;
}
