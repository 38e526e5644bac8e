import type { IncomingMessage, ServerResponse } from 'node:http';
import { runWithDeadline } from '../shared/deadline.js';
import { InvalidOptionsError, isCloudTokenError } from '../shared/errors.js';
import { formatRetryAfter } from '../shared/format-retry-after.js';
import { numberRule } from '../shared/option-rules.js';
import { optionsSchema } from '../shared/options-schema.js';
import { sourceState } from '../token-source/source-state.js';
import type { TokenSource, TokenSourceStatus } from '../types.js';

/**
 * What a readiness probe answers: 200 while the service holds (or can get) a
 * usable token, 503 with `Retry-After` while it cannot. The body carries no
 * token and no secret; `headers` hold `cache-control: no-store`, and
 * `retry-after` (seconds) when the cloud said when to come back.
 *
 * @example
 * ```ts
 * const answer: ReadinessAnswer = { status: 200, headers: { 'cache-control': 'no-store' }, body: { ready: true } };
 * ```
 */
export interface ReadinessAnswer {
  readonly status: 200 | 503;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: {
    readonly ready: boolean;
    /** When the token in hand expires (ISO 8601), when there is one. */
    readonly expiresAt?: string;
    /** Why it is not ready: `unauthorized`, `rejected`, `rate-limited`, `failure-budget`, or the error code. */
    readonly reason?: string;
    /** Where the token lives: `shared`, `local`, or `fallback` (the shared store failed). */
    readonly store?: TokenSourceStatus['store'];
  };
}

/**
 * Options of {@link createReadinessHandler}.
 *
 * @example
 * ```ts
 * const options: ReadinessOptions = { timeoutMs: 2_000 };
 * ```
 */
export interface ReadinessOptions {
  /**
   * How long a probe may wait for a token when none is cached and nothing
   * refuses a request (a cold start); default 5 s. Keep it below the probe's
   * own timeout (`timeoutSeconds` in Kubernetes).
   */
  timeoutMs?: number;
}

const DEFAULT_READINESS_TIMEOUT_MS = 5_000;

/**
 * The schema of {@link ReadinessOptions}.
 *
 * @example
 * ```ts
 * readinessSchema.read({ timeoutMS: 1 }); // throws: … did you mean "timeoutMs"?
 * ```
 */
export const readinessSchema = optionsSchema<ReadinessOptions>()({
  timeoutMs: numberRule('timeout', DEFAULT_READINESS_TIMEOUT_MS),
});

/**
 * Asks `source` whether the service can call the cloud now. The API
 * refusing even a renewed token (`status().unauthorizedUntil`) → not ready,
 * reason `unauthorized`, with `Retry-After` until that pause ends. A usable
 * cached token → ready, without any request. A cooldown (rejected
 * credentials, a 429, a spent failure budget) → not ready, with
 * `Retry-After`, without any request. Otherwise (a cold start, an expired token) it asks for a token,
 * within `timeoutMs`: the token source's guard keeps probes from ever
 * hammering the token endpoint. Times are read, and `timeoutMs` measured,
 * on the source's clock (the system clock for a source of your own).
 *
 * @example
 * ```ts
 * const answer = await checkReadiness(source, { timeoutMs: 2_000 });
 * if (answer.status === 503) console.log('not ready:', answer.body.reason);
 * ```
 */
export async function checkReadiness(
  source: TokenSource,
  options: ReadinessOptions = {},
): Promise<ReadinessAnswer> {
  const { timeoutMs } = readinessSchema.read(options);
  const { clock } = sourceState(source);
  const before = source.status?.();
  const now = clock.now();
  // The API refuses even a renewed token: the service cannot call it until the pause ends.
  if (before?.unauthorizedUntil !== undefined && before.unauthorizedUntil > now) {
    return notReady('unauthorized', before.unauthorizedUntil - now, before.store);
  }
  if (before?.hasUsableToken) return ready(before);
  if (before?.cooldownUntil !== undefined && before.cooldownUntil > now) {
    return notReady(before.reason ?? 'cooldown', before.cooldownUntil - now, before.store);
  }
  try {
    const token = await runWithDeadline((signal) => source.getToken({ signal }), {
      clock,
      timeoutMs,
      // Not a cloud-token error: the answer's reason reads `timeout`.
      onTimeout: () => new Error(`No token within the readiness timeout of ${timeoutMs} ms`),
    });
    const after = source.status?.();
    return after === undefined ? ready({ expiresAt: token.expiresAt }) : ready(after);
  } catch (error) {
    const retryAfterMs = isCloudTokenError(error) ? error.retryAfterMs : undefined;
    const reason = isCloudTokenError(error) ? error.code : 'timeout';
    return notReady(reason, retryAfterMs, source.status?.().store);
  }
}

/**
 * Checks `source` and `options` now (a typed error for a bad one) and returns
 * a probe: each call answers as {@link checkReadiness} does. Adapters build
 * their readiness handlers on it.
 *
 * @example
 * ```ts
 * import { createReadinessCheck } from '@cloud-token/core/node';
 *
 * const probe = createReadinessCheck(source, { timeoutMs: 2_000 });
 * const { status, headers, body } = await probe();
 * ```
 */
export function createReadinessCheck(
  source: TokenSource,
  options?: ReadinessOptions,
): () => Promise<ReadinessAnswer> {
  if (typeof source?.getToken !== 'function') {
    throw new InvalidOptionsError('source', 'must be a TokenSource (see createTokenSource)');
  }
  // Read once: every probe gets the settings, which the schema does not read again.
  const settings = readinessSchema.read(options);
  return () => checkReadiness(source, settings);
}

/**
 * A Node request handler answering readiness probes for `source` (see
 * {@link checkReadiness}): `200 { ready: true, expiresAt }` or
 * `503 { ready: false, reason }` with `Retry-After`. Options are checked here.
 *
 * @example
 * ```ts
 * import { createReadinessHandler } from '@cloud-token/core/node';
 *
 * const readiness = createReadinessHandler(source);
 * http.createServer((req, res) => (req.url === '/readyz' ? readiness(req, res) : app(req, res)));
 * ```
 */
export function createReadinessHandler(
  source: TokenSource,
  options?: ReadinessOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const probe = createReadinessCheck(source, options);
  return async function readiness(_request, response) {
    const answer = await probe();
    response.statusCode = answer.status;
    for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
    response.setHeader('content-type', 'application/json; charset=utf-8');
    response.end(JSON.stringify(answer.body));
  };
}

function ready(status: Pick<TokenSourceStatus, 'expiresAt'> & Partial<TokenSourceStatus>) {
  const body: ReadinessAnswer['body'] = {
    ready: true,
    ...(status.expiresAt === undefined
      ? {}
      : { expiresAt: new Date(status.expiresAt).toISOString() }),
    ...(status.store === undefined ? {} : { store: status.store }),
  };
  return { status: 200, headers: { 'cache-control': 'no-store' }, body } as const;
}

function notReady(
  reason: string,
  retryAfterMs: number | undefined,
  store: TokenSourceStatus['store'] | undefined,
): ReadinessAnswer {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (retryAfterMs !== undefined) {
    headers['retry-after'] = formatRetryAfter(retryAfterMs);
  }
  return {
    status: 503,
    headers,
    body: { ready: false, reason, ...(store === undefined ? {} : { store }) },
  };
}
