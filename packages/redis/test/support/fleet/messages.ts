/** What the test asks a fleet worker. */
export type WorkerRequest =
  | { type: 'burst'; id: number; callers: number }
  | { type: 'advance'; id: number; ms: number }
  | { type: 'status'; id: number }
  | { type: 'close' };

/** What one burst of concurrent `getToken()` calls gave: token fingerprints and error codes. */
export interface BurstResult {
  ok: number;
  failures: Record<string, number>;
  tokens: string[];
  /** What the token source logged as warnings since the last burst. */
  warnings: string[];
}

/** What a fleet worker answers. */
export type WorkerReply =
  | { type: 'ready' }
  | ({ type: 'burst'; id: number } & BurstResult)
  | { type: 'done'; id: number }
  | { type: 'status'; id: number; store: string };
