import type { Logger } from '@cloud-token/core';

/** Reports Redis going away and coming back, once each, however many calls fail meanwhile. */
export interface OutageLog {
  failed(operation: string, error: unknown): void;
  succeeded(): void;
}

/** Why a call failed, in words that never carry a command's arguments. */
export function failureReason(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown';
  // Redis error replies start with their code (NOSCRIPT, WRONGTYPE, READONLY, …).
  const code = /^[A-Z]{3,}\b/.exec(error.message)?.[0];
  if (code !== undefined) return code;
  return error.message.includes('did not answer') ? 'timeout' : 'connection';
}

function call(
  logger: Logger | undefined,
  level: 'info' | 'warn',
  message: string,
  fields: Record<string, unknown>,
): void {
  try {
    logger?.[level]?.(message, fields);
  } catch {
    // A logger that throws must not turn a store call into another failure.
  }
}

/** An {@link OutageLog} writing to `logger`. */
export function outageLog(logger: Logger | undefined): OutageLog {
  let down = false;
  return {
    failed(operation, error) {
      if (down) return;
      down = true;
      call(
        logger,
        'warn',
        'Redis token store unavailable; token sources fall back to their own path',
        {
          operation,
          reason: failureReason(error),
        },
      );
    },
    succeeded() {
      if (!down) return;
      down = false;
      call(logger, 'info', 'Redis token store available again', {});
    },
  };
}
