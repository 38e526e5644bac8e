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

/**
 * The error a store method rejects with: what failed and why, in words only.
 * The client's own error is not kept as its `cause`: ioredis attaches the
 * command's arguments to its errors, and those carry the token when the store
 * does not encrypt.
 */
export function storeError(operation: string, error: unknown): Error {
  const said = error instanceof Error ? error.message.split('\n')[0]?.slice(0, 200) : undefined;
  const failure = new Error(
    `Redis token store: ${operation} failed (${failureReason(error)})${said ? `: ${said}` : ''}`,
  );
  failure.name = 'RedisTokenStoreError';
  return failure;
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
