import type { TokenOutcome, TokenTimeline } from './token-timeline.js';
import type { ApiRequestRecord, EmulatorStats } from './types.js';

/** Fresh, zeroed counters. */
export function createStats(): EmulatorStats {
  return {
    tokenRequests: {
      total: 0,
      issued: 0,
      rejected: 0,
      rateLimited: 0,
      faulted: 0,
      byAuthMethod: { client_secret_post: 0, client_secret_basic: 0 },
    },
    maxConcurrentTokenRequests: 0,
    apiRequests: { total: 0, byStatus: {} },
    apiRequestLog: [],
    lockouts: 0,
  };
}

/**
 * Zeroes `stats` in place: callers hold on to the live object, so it must stay
 * the same one.
 */
export function clearStats(stats: EmulatorStats, tokenRequestsInProgress: number): void {
  const zero = createStats();
  Object.assign(stats.tokenRequests, zero.tokenRequests);
  stats.maxConcurrentTokenRequests = tokenRequestsInProgress;
  stats.apiRequests.total = 0;
  for (const status of Object.keys(stats.apiRequests.byStatus)) {
    delete stats.apiRequests.byStatus[Number(status)];
  }
  stats.apiRequestLog.length = 0;
  stats.lockouts = 0;
}

/**
 * Counts an API answer and logs it. The log keeps the last `logSize`
 * records (a ring: the oldest goes first), so a long-running emulator does
 * not grow; the counters keep counting.
 */
export function recordApiRequest(
  stats: EmulatorStats,
  record: ApiRequestRecord,
  logSize: number,
): void {
  stats.apiRequests.total += 1;
  stats.apiRequests.byStatus[record.status] = (stats.apiRequests.byStatus[record.status] ?? 0) + 1;
  if (logSize === 0) return;
  const log = stats.apiRequestLog;
  if (log.length >= logSize) log.splice(0, log.length - logSize + 1);
  log.push(record);
}

/** Counts a token request's outcome and puts it on the console's timeline. */
export function recordTokenOutcome(
  stats: EmulatorStats,
  timeline: TokenTimeline,
  outcome: TokenOutcome,
): void {
  stats.tokenRequests[outcome] += 1;
  timeline.record(outcome);
}

/**
 * Counts token requests in progress, from the request's arrival until its
 * connection is done with it (answered, reset, or abandoned by the client),
 * and keeps the peak in `stats.maxConcurrentTokenRequests`.
 */
export class TokenRequestGauge {
  readonly #stats: EmulatorStats;
  #inProgress = 0;

  constructor(stats: EmulatorStats) {
    this.#stats = stats;
  }

  get inProgress(): number {
    return this.#inProgress;
  }

  enter(): void {
    this.#inProgress += 1;
    this.#stats.maxConcurrentTokenRequests = Math.max(
      this.#stats.maxConcurrentTokenRequests,
      this.#inProgress,
    );
  }

  leave(): void {
    this.#inProgress -= 1;
  }
}
