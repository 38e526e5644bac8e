import type { ApiRequestRecord, Emulator } from '@cloud-token/emulator';

/**
 * Marks the emulator's API request log now; the returned function gives the
 * records added since, so a tour step counts only its own requests.
 *
 * @example
 * ```ts
 * const sinceRotation = apiLogSince(emulator);
 * control.revokeAllTokens();
 * await Promise.all(calls);
 * const rejected = sinceRotation().filter((record) => record.status === 401).length;
 * ```
 */
export function apiLogSince(emulator: Emulator): () => ApiRequestRecord[] {
  const { stats } = emulator;
  // Counted by the total, not the log's length: the log may be a bounded ring.
  const mark = stats.apiRequests.total;
  return () => {
    const added = stats.apiRequests.total - mark;
    return added === 0 ? [] : stats.apiRequestLog.slice(-added);
  };
}
