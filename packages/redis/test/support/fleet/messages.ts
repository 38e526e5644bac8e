/** What the test asks a fleet worker. */
export type WorkerRequest =
  | { type: 'burst'; id: number; callers: number }
  | { type: 'calls'; id: number; callers: number }
  | { type: 'advance'; id: number; ms: number }
  | { type: 'status'; id: number; readiness: boolean }
  | { type: 'close' };

/** What one burst of concurrent `getToken()` calls gave: token fingerprints and error codes. */
export interface BurstResult {
  ok: number;
  failures: Record<string, number>;
  tokens: string[];
  /** What the token source logged as warnings since the last burst. */
  warnings: string[];
}

/**
 * What one burst of concurrent API calls (through `createAuthorizedFetch`)
 * gave: how many answers had each status, and the error codes of calls that
 * got no answer.
 */
export interface CallsResult {
  statuses: Record<string, number>;
  failures: Record<string, number>;
  /** What the token source logged as warnings since the last burst. */
  warnings: string[];
}

/** What a worker's token source and its readiness probe say now (secret-free). */
export interface WorkerStatus {
  store: string;
  reason: string | undefined;
  /** How long token requests are refused yet, on the worker's own clock; undefined when they are not. */
  cooldownMs: number | undefined;
  /** How long 401s are given back without renewing yet; undefined when they are not. */
  unauthorizedPauseMs: number | undefined;
  /** The readiness probe's answer, when asked for (a probe may send a token request). */
  readiness?: { status: number; reason: string | undefined; retryAfter: string | undefined };
}

/** What a fleet worker answers. */
export type WorkerReply =
  | { type: 'ready' }
  | ({ type: 'burst'; id: number } & BurstResult)
  | ({ type: 'calls'; id: number } & CallsResult)
  | { type: 'done'; id: number }
  | ({ type: 'status'; id: number } & WorkerStatus);
