/**
 * The client id the emulator accepts when no client is configured.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator();
 * const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: DEFAULT_CLIENT_ID, client_secret: DEFAULT_CLIENT_SECRET });
 * await fetch(emulator.tokenUrl, { method: 'POST', body });
 * ```
 */
export const DEFAULT_CLIENT_ID = 'emulator-client';

/**
 * The client secret of {@link DEFAULT_CLIENT_ID}. Public on purpose: it only
 * opens a local emulator.
 *
 * @example
 * ```ts
 * const grant = { clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET };
 * ```
 */
export const DEFAULT_CLIENT_SECRET = 'emulator-secret';

/**
 * The `scope` of a client that names none.
 *
 * @example
 * ```ts
 * expect(answer.scope).toBe(DEFAULT_SCOPE);
 * ```
 */
export const DEFAULT_SCOPE = 'api.platform api.read api.write';

/** Aspose's rule is the stricter of the two. */
export const DEFAULT_PROFILE = 'aspose';

/** The cloud's default token lifetime: one day. */
export const DEFAULT_TOKEN_TTL_SECONDS = 86_400;

/** Loopback only unless asked otherwise: the emulator is not a public server. */
export const DEFAULT_HOST = '127.0.0.1';

/** How many API requests (and token request outcomes) the emulator remembers. */
export const DEFAULT_REQUEST_LOG_SIZE = 1000;
