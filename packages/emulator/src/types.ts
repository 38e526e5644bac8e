/**
 * Which cloud's lockout rule the emulator's token endpoint enforces.
 * - `aspose`: every failed token request (a 400/401 answer) counts for the
 *   (client_id, client_secret) pair; after `failureLimit` (5) the pair gets
 *   429 `Retry-After: 600` for the cooldown. Other credentials are not banned.
 * - `groupdocs`: `failureLimit` (20) failed requests within 60 s for a client
 *   id → 429 with `Retry-After`, for a 10-minute cooldown.
 *
 * @example
 * ```ts
 * await startEmulator({ profile: 'groupdocs' });
 * ```
 */
export type EmulatorProfile = 'aspose' | 'groupdocs';

/**
 * A client the emulator knows.
 *
 * @example
 * ```ts
 * const client: EmulatorClient = { clientId: 'my-app', clientSecret: 's3cr3t', scope: 'api.read' };
 * ```
 */
export interface EmulatorClient {
  clientId: string;
  clientSecret: string;
  /** The `scope` claim of its tokens; default `api.platform api.read api.write`. */
  scope?: string;
}

/**
 * Options of {@link startEmulator}.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ clientId: 'id', clientSecret: 'secret', tokenTtlSeconds: 60, timeScale: 0.001 });
 * ```
 */
export interface EmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Address to listen on; default `127.0.0.1`. */
  host?: string;
  /** Shorthand for one client; default `emulator-client`. */
  clientId?: string;
  /** Shorthand for one client; default `emulator-secret`. */
  clientSecret?: string;
  /** Every client the emulator accepts (in addition to the shorthand one). */
  clients?: EmulatorClient[];
  /** Lockout rule; default `aspose`. */
  profile?: EmulatorProfile;
  /** `expires_in` of issued tokens, in seconds; default 86400. */
  tokenTtlSeconds?: number;
  /**
   * Multiplies every duration the emulator enforces (lockout window, cooldown,
   * token lifetime as the API checks it). 1 = real time; 0.001 makes a
   * 10-minute cooldown last 600 ms. Headers still say what the real cloud
   * would (`Retry-After: 600`).
   */
  timeScale?: number;
  /**
   * How many API requests `stats.apiRequestLog` keeps: a ring, the oldest
   * record goes first; the counters keep counting. 0 keeps none. Default 1000.
   */
  requestLogSize?: number;
  /**
   * Opens the HTTP control plane (`/_emulator/…`) to other hosts: every control
   * request must then carry `Authorization: Bearer <controlToken>` (8 printable
   * ASCII characters or more). Without it the control plane answers loopback
   * peers only.
   */
  controlToken?: string;
}

/**
 * What the next failing token requests do instead of a normal answer.
 *
 * @example
 * ```ts
 * emulator.control.failTokenRequests(2, { kind: 'status', status: 500 });
 * emulator.control.failTokenRequests(1, { kind: 'hang' });
 * ```
 */
export type TokenFault =
  /** Answer this status with a JSON `{ error: 'server_error' }` body, and `Retry-After` if given. */
  | { kind: 'status'; status: number; retryAfter?: string }
  /** Answer an RFC 6749 §5.2 error (default status 400). */
  | { kind: 'oauth-error'; error: string; description?: string; status?: number }
  /** Answer 429 with this `Retry-After` (omit it for none). */
  | { kind: 'rate-limit'; retryAfter?: string }
  /** Never answer (until the emulator closes or the client gives up). */
  | { kind: 'hang' }
  /** Destroy the connection without an answer. */
  | { kind: 'reset' }
  /** 200 with a body that is not JSON. */
  | { kind: 'malformed-json' }
  /** 200 with an HTML page. */
  | { kind: 'html' }
  /** 200 with an empty body. */
  | { kind: 'empty' }
  /** 200 JSON without `access_token`. */
  | { kind: 'missing-access-token' }
  /** 200 JSON with this `expires_in` value (any JSON value, or `undefined` to omit it). */
  | { kind: 'bad-expires-in'; value: unknown }
  /** 200 JSON with this `token_type` value. */
  | { kind: 'token-type'; value: unknown }
  /** 200 with a JSON body of this many bytes (a valid token answer padded out). */
  | { kind: 'oversized'; bytes: number };

/**
 * What the next failing API requests answer instead of the normal one.
 *
 * @example
 * ```ts
 * emulator.control.failApiRequests(5, { status: 429, retryAfter: '1' });
 * ```
 */
export interface ApiFault {
  status: number;
  retryAfter?: string;
}

/**
 * Switches that change the emulator's behaviour while it runs.
 *
 * @example
 * ```ts
 * emulator.control.revokeAllTokens(); // key rotation: every issued token now gets 401
 * ```
 */
export interface EmulatorControl {
  /** The next `count` token requests answer `fault` (queued after earlier faults). */
  failTokenRequests(count: number, fault: TokenFault): void;
  /** The next `count` authenticated API requests answer `fault`. */
  failApiRequests(count: number, fault: ApiFault): void;
  /** Rotates the signing key: every token issued so far is rejected with 401. */
  revokeAllTokens(): void;
  /** Delays every token and/or API answer by this many milliseconds (0 to stop). */
  setLatency(latency: { tokenMs?: number; apiMs?: number }): void;
  /**
   * Moves the emulator's clock forward (expiry, lockout windows, cooldowns),
   * at most 100 years ahead of real time in all; a `RangeError` beyond that.
   */
  advanceTime(ms: number): void;
  /** Accepts another client from now on. */
  addClient(client: EmulatorClient): void;
  /** Clears faults, bans, latency and counters, and brings the clock back to real time; keeps clients and keys. */
  reset(): void;
}

/**
 * One API request as the emulator saw it.
 *
 * @example
 * ```ts
 * const last: ApiRequestRecord | undefined = emulator.stats.apiRequestLog.at(-1);
 * ```
 */
export interface ApiRequestRecord {
  method: string;
  /** Path and query, e.g. `/v4.0/words/doc.docx?storage=s1`. */
  url: string;
  status: number;
  /** The `jti` of the bearer token it carried, when the token was valid. */
  jti: string | undefined;
  /** Whether it carried an `Authorization` header at all. */
  hadAuthorization: boolean;
  /**
   * The bearer token it carried, shortened to its first and last 6
   * characters (`eyJhbG…x9Qw2k`), valid or not; `undefined` without one.
   */
  tokenPreview: string | undefined;
  /**
   * The SHA-256 (hex) of its body, when it had one: what reached the cloud,
   * checked without keeping the bytes.
   */
  bodySha256: string | undefined;
}

/**
 * Live counters; read them at any time (`control.reset()` zeroes them).
 *
 * @example
 * ```ts
 * expect(emulator.stats.tokenRequests.total).toBe(1);
 * ```
 */
export interface EmulatorStats {
  tokenRequests: {
    /** Every request that reached `/connect/token`. */
    total: number;
    /** Answered with a token. */
    issued: number;
    /** Answered with an RFC 6749 §5.2 error (bad credentials, grant, …). */
    rejected: number;
    /** Answered 429 by the lockout rule or a fault. */
    rateLimited: number;
    /** Answered by a fault switch (other than rate-limit). */
    faulted: number;
    byAuthMethod: { client_secret_post: number; client_secret_basic: number };
  };
  /** The most token requests that were in progress at one moment. */
  maxConcurrentTokenRequests: number;
  apiRequests: {
    total: number;
    byStatus: Record<number, number>;
  };
  /** The last API requests (1000 unless `requestLogSize` says otherwise), oldest first. */
  apiRequestLog: ApiRequestRecord[];
  /** How many times a lockout (ban) started. */
  lockouts: number;
}

/**
 * A running emulator.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator();
 * const source = createTokenSource(clientCredentials({ tokenUrl: emulator.tokenUrl, clientId: 'emulator-client', clientSecret: 'emulator-secret' }));
 * await emulator.close();
 * ```
 */
export interface Emulator {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** `${url}/connect/token`. */
  readonly tokenUrl: string;
  /** `${url}/v4.0`: the API base (any `/v{version}/{product}/…` path answers too). */
  readonly apiUrl: string;
  /** `${url}/_emulator`: the HTTP control plane; its page `${controlUrl}/` is the live console. */
  readonly controlUrl: string;
  readonly control: EmulatorControl;
  readonly stats: EmulatorStats;
  /** Stops listening and ends every open connection (hanging ones too). */
  close(): Promise<void>;
}
