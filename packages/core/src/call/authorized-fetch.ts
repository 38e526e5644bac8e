import type { AccessToken } from '../shared/access-token.js';
import type { Clock } from '../shared/clock.js';
import { clockRule, fetchRule } from '../shared/option-rules.js';
import { keysBelongTo, optionsSchema, type ReadOptions } from '../shared/options-schema.js';
import { clientCredentialsSchema } from '../token-endpoint/client-credentials-options.js';
import { tokenSourceSchema } from '../token-source/token-source-options.js';
import { usableToken } from '../token-source/usable-token.js';
import type { FetchLike, GetTokenOptions, RequestContext, TokenSource } from '../types.js';
import {
  type CallPolicy,
  type CallPolicyOptions,
  callPolicyOf,
  callPolicySchema,
  readsRetryAfter,
} from './call-policy.js';
import { type CallRequest, type CallSend, toCallRequest } from './call-request.js';
import { createCallTracking } from './call-tracker.js';
import { followRedirect, MAX_REDIRECTS, redirectLocation } from './follow-redirect.js';
import { isReplayableBody } from './replayable-body.js';
import { callBaseOf } from './resolve-call-url.js';
import { callSettingsOf, requireTokenDestination } from './token-destination.js';

/**
 * Options of {@link createAuthorizedFetch}: the {@link CallPolicyOptions}
 * plus the injected transport and time.
 *
 * @example
 * ```ts
 * const options: AuthorizedFetchOptions = {
 *   baseUrl: 'https://api.aspose.cloud/v4.0/',
 *   maxRetryAfterMs: 5_000,
 *   fetch: undici.fetch,
 * };
 * ```
 */
export type AuthorizedFetchOptions = CallPolicyOptions & {
  /** The `fetch` that sends every request; default the global `fetch`, looked up at call time. */
  fetch?: FetchLike;
  /** Timers for `Retry-After` waits and the current time for HTTP-date `Retry-After`; default {@link systemClock}. */
  clock?: Clock;
};

/**
 * A `fetch` that carries the access token to the allowed origins and applies
 * the cloud's 401/429/503 rules. Same signature as `fetch`, plus an optional
 * third argument: the {@link RequestContext} of the request the call serves,
 * on a runtime that ends a request's work with the request (Cloudflare
 * Workers), which every token it gets is asked for with.
 *
 * @example
 * ```ts
 * const api: AuthorizedFetch = createAuthorizedFetch(source, { baseUrl: 'https://api.aspose.cloud/v4.0/' });
 * const response = await api('words/doc.docx?storage=s1');
 * const inAWorker = await api('words/doc.docx', { signal: request.signal }, ctx);
 * ```
 */
export type AuthorizedFetch = (
  input: string | URL | Request,
  init?: RequestInit,
  context?: RequestContext,
) => Promise<Response>;

const sourceHasItsOwn = 'the token source passed first has its own credentials and options';

/**
 * The schema of {@link AuthorizedFetchOptions}: the call policy's table
 * plus `fetch` and `clock`. Credentials and token-source options next to
 * them are refused with why (the source has its own).
 *
 * @example
 * ```ts
 * import { authorizedFetchSchema } from '@cloud-token/core/adapter';
 *
 * const fetchOptions = authorizedFetchSchema.pick(values); // the part of a larger options object
 * ```
 */
export const authorizedFetchSchema = optionsSchema<AuthorizedFetchOptions>()(
  { ...callPolicySchema.rules, fetch: fetchRule, clock: clockRule },
  {
    elsewhere: {
      ...keysBelongTo(clientCredentialsSchema.keys, sourceHasItsOwn),
      ...keysBelongTo(tokenSourceSchema.keys, sourceHasItsOwn),
    },
  },
);

/** {@link AuthorizedFetchOptions} as the schema read them. */
export type AuthorizedFetchSettings = ReadOptions<typeof authorizedFetchSchema.rules>;

/** `fetch` arguments with undici's `duplex`, which a streamed body needs. */
type TransportInit = RequestInit & { duplex?: 'half' };

/**
 * Builds a `fetch`-compatible function that sends requests with
 * `Authorization: Bearer <token>` from `source`, and:
 *
 * - resolves a relative URL against `baseUrl` taken as a directory
 *   (`words/doc.docx` → `https://api.aspose.cloud/v4.0/words/doc.docx` with
 *   `baseUrl: 'https://api.aspose.cloud/v4.0'`), and rejects with
 *   `ERR_USAGE`, sending nothing, a path that would miss the product's
 *   versioned API: one that leaves a `baseUrl` with a path (`/words/x`
 *   would drop the `/v4.0`), or one outside every version of the presets'
 *   bare hosts (`words/x` against `https://api.aspose.cloud/`); the error
 *   names the `baseUrl` to use. Absolute URLs go as they are;
 * - adds the token only on requests to an allowed origin (replacing any
 *   `Authorization` the caller set there), never elsewhere; a request to
 *   another origin goes out exactly as the caller made it;
 * - follows redirects itself (at most 20) and decides again for every hop:
 *   a hop carries the token only when the call's first URL and every hop so
 *   far were allowed, so neither a redirect to another origin nor one from a
 *   foreign origin into the API carries it; `redirect:
 *   'manual'` returns the redirect answer, `redirect: 'error'` rejects with a
 *   `TypeError`, as `fetch` does;
 * - after a 401 (or another of `rejectedTokenStatuses`) to a request that
 *   carried the token, invalidates that token whatever the body, and replays
 *   the request once with a fresh one when its body can be sent again (see
 *   {@link isReplayableBody}; a `Request`'s own body is a stream, so pass a
 *   replayable body in `init` to get replays); once such renewals did not
 *   help (the replays were refused too, twice in a row once the API had
 *   accepted a token of the source), refusals are given back without
 *   renewing for a while (60 s, `UNAUTHORIZED_RENEWAL_PAUSE_MS`);
 * - after a 429/503 with a short `Retry-After`, waits on the injected clock
 *   (the caller's `signal` aborts the wait) and retries, a bounded number of
 *   times; a longer one comes back at once with its `Retry-After` header.
 *
 * HTTP errors resolve with the `Response`, as with `fetch`. A token that
 * cannot be obtained rejects the call with the token source's typed error
 * (`ERR_CREDENTIALS_REJECTED`, `ERR_RATE_LIMITED`, `ERR_TOKEN_REQUEST`, …): a
 * request that needs the token is never sent without it. An aborted call
 * rejects with the signal's reason; transport failures reject as the injected
 * `fetch` does. Options are validated here, with {@link InvalidOptionsError}.
 *
 * @example
 * ```ts
 * const source = createTokenSource(clientCredentials({ tokenUrl, clientId, clientSecret }));
 * const api = createAuthorizedFetch(source, { baseUrl: 'https://api.aspose.cloud/v4.0/' });
 * const response = await api('words/doc.docx/statistics', { signal: AbortSignal.timeout(30_000) });
 * if (response.status === 429) console.log('retry after', response.headers.get('retry-after'));
 * ```
 */
export function createAuthorizedFetch(
  source: TokenSource,
  given?: AuthorizedFetchOptions,
): AuthorizedFetch {
  requireTokenDestination(source, given);
  return authorizedFetchOf(source, authorizedFetchSchema.read(given));
}

/**
 * The authorized fetch of options already read: `createAuthorizedFetch`
 * reads them; a multi-tenant middleware reads them once for every tenant,
 * with the one `policy` they make when they say where the token may go.
 * Without a base URL or origins of their own, the API base the credentials
 * came with (a preset's `baseUrl`, kept on the source) decides.
 */
export function authorizedFetchOf(
  source: TokenSource,
  given: AuthorizedFetchSettings,
  policy?: CallPolicy,
): AuthorizedFetch {
  const settings = callSettingsOf(source, given);
  const { fetch: transport, clock } = settings;
  const tracking = createCallTracking(source, policy ?? callPolicyOf(settings, clock), clock);
  const base = settings.baseUrl === undefined ? undefined : callBaseOf(settings.baseUrl);

  function send(call: CallRequest, current: CallSend, token: AccessToken | undefined) {
    // What undici gets is shaped like the baseline `fetch(url, { headers: { authorization } })`:
    // members that say nothing (`body: null`, `signal: undefined`, `method: 'GET'`) stay out.
    const init: TransportInit = { redirect: 'manual' };
    const headers = token === undefined ? current.headers : withToken(current.headers, token);
    if (headers !== undefined) init.headers = headers;
    if (current.method !== 'GET' || call.init?.method !== undefined) init.method = current.method;
    if (current.body !== null) {
      init.body = current.body;
      if (!isReplayableBody(current.body)) init.duplex = 'half';
    } else if (call.init?.body !== undefined) {
      init.body = null;
    }
    if (call.signal !== undefined) init.signal = call.signal;
    if (call.init !== undefined) copyOtherMembers(call.init, init);
    if (call.signal === undefined) call.abandonment?.arm(init, transport);
    return transport(current.url.href, init);
  }

  return async function authorizedFetch(input, init, context) {
    const call = toCallRequest(input, init, base);
    const tracker = tracking.start(call.send.method);
    let current = call.send;
    let redirects = 0;
    for (;;) {
      let token: AccessToken | undefined;
      if (tracker.mayCarryToken(current.url)) {
        // A cached token is taken as it is: awaiting getToken() would cost the call a tick.
        // A call with a request context asks getToken(), which renews under that context.
        token =
          (context === undefined ? usableToken(source) : undefined) ??
          (await source.getToken(tokenOptionsOf(call, context)));
      }
      tracker.carried(token);
      let response: Response;
      try {
        response = await send(call, current, token);
      } catch (error) {
        // A send the abandonment broke off rejects as the transport says (`fetch failed`).
        throw call.abandonment?.reason ?? error;
      }

      const location = call.redirect === 'manual' ? undefined : redirectLocation(response);
      if (location !== undefined) {
        await discard(response);
        if (call.redirect === 'error') throw new TypeError('fetch failed: unexpected redirect');
        redirects += 1;
        if (redirects > MAX_REDIRECTS) throw new TypeError('fetch failed: redirect count exceeded');
        current = followRedirect(current, response.status, location);
        continue;
      }

      const { status } = response;
      // Only a 429/503's Retry-After counts: the usual answer leaves the Headers unread.
      const retryAfter = readsRetryAfter(status) ? response.headers.get('retry-after') : null;
      const decision = tracker.settle({ status, retryAfter }, isReplayableBody(current.body));
      if (decision.action === 'return') return response;
      await discard(response);
      if (decision.action === 'wait-and-retry') {
        await tracker.wait(decision.delayMs, call.signal ?? call.abandonment?.signal);
      }
    }
  };
}

/**
 * What the call's `getToken()` gets: the caller's signal, or the
 * abandonment itself, whose signal is made only if a token must be waited for.
 */
function tokenOptionsOf(call: CallRequest, context: RequestContext | undefined): GetTokenOptions {
  if (call.signal === undefined && call.abandonment !== undefined && context === undefined) {
    return call.abandonment;
  }
  return context === undefined ? { signal: call.signal } : { signal: call.signal, context };
}

/**
 * The caller's headers plus ours. Without caller headers (the usual call) a
 * plain record, the cheapest `headers` for undici; else name and value pairs
 * (undici copies them into its own list either way), never touching the
 * caller's `Headers`, which replays and redirects reuse.
 */
function withToken(headers: Headers | undefined, token: AccessToken): HeadersInit {
  if (headers === undefined) return { authorization: token.authorization };
  const pairs: [string, string][] = [];
  for (const pair of headers) if (pair[0] !== 'authorization') pairs.push(pair);
  if (pairs.length === 0) return { authorization: token.authorization };
  pairs.push(['authorization', token.authorization]);
  return pairs;
}

/** The `init` members every send sets itself (or leaves out) from the call. */
const membersOfASend: ReadonlySet<string> = new Set([
  'headers',
  'method',
  'body',
  'signal',
  'redirect',
  'duplex',
]);

/**
 * Copies the caller's other `init` members (`cache`, `keepalive`, undici's
 * `dispatcher`, …) onto `init`. Not `{ ...given }` then overwriting: V8 makes
 * an object spread from an `init` holding an `AbortSignal`, then written
 * again, take microseconds per call.
 */
function copyOtherMembers(given: RequestInit, init: TransportInit): void {
  for (const key in given) {
    if (!membersOfASend.has(key) && Object.hasOwn(given, key)) {
      (init as Record<string, unknown>)[key] = (given as Record<string, unknown>)[key];
    }
  }
}

/** Frees the connection of an answer nobody will read. */
async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}
