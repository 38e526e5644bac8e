import { AccessToken } from '../shared/access-token.js';
import { TokenResponseError } from '../shared/errors.js';
import { readJwtExpiry } from './jwt-expiry.js';

/**
 * The lifetime, in seconds, given to a token whose answer has no
 * `expires_in` (RFC 6749 makes it optional) and which is not a JWT with a
 * readable `exp`: 5 minutes. Short on purpose: a token renewed too early
 * costs one request, a token kept too long costs a failed API call.
 *
 * @example
 * ```ts
 * DEFAULT_TOKEN_LIFETIME_SECONDS; // 300
 * ```
 */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 300;

/**
 * The longest lifetime, in seconds, cloud-token believes: 1 year. A larger
 * `expires_in` (or `exp`) is clamped to it, so an absurd answer cannot keep a
 * token cached forever.
 *
 * @example
 * ```ts
 * MAX_TOKEN_LIFETIME_SECONDS; // 31_536_000
 * ```
 */
export const MAX_TOKEN_LIFETIME_SECONDS = 365 * 24 * 60 * 60;

/**
 * The shortest lifetime, in seconds, a token source believes: 30 s. A token
 * it obtained whose `expires_in` (or JWT `exp`, when earlier) is shorter is
 * served and renewed as if it lived 30 s (its `expiresAt` still says what
 * the server said), so a server answering `expires_in: 0.001`, or handing
 * back the same nearly expired token on every renewal, costs at most about
 * one token request per 30 s instead of one per call. Should the token
 * really expire sooner, the API's 401 invalidates it (one renewal per storm
 * of 401s). A token adopted from a store is believed only for its own life.
 *
 * @example
 * ```ts
 * MIN_TOKEN_LIFETIME_SECONDS; // 30
 * ```
 */
export const MIN_TOKEN_LIFETIME_SECONDS = 30;

/**
 * The largest token endpoint answer, in bytes, cloud-token reads: 64 KiB. A
 * token answer is well under 10 KiB; a larger body is a misconfigured
 * endpoint (an HTML page, a proxy's error dump) and is not read further.
 *
 * @example
 * ```ts
 * DEFAULT_MAX_TOKEN_RESPONSE_BYTES; // 65_536
 * ```
 */
export const DEFAULT_MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

/**
 * A token endpoint answer as received: status, media type and body text.
 *
 * @example
 * ```ts
 * const answer: TokenEndpointAnswer = { status: 200, contentType: 'application/json', text: '{"access_token":"…"}' };
 * ```
 */
export interface TokenEndpointAnswer {
  status: number;
  contentType: string | null;
  text: string;
  /** The answer's `Date` header: the server's clock, to read the JWT `exp` against. */
  date?: string | null;
}

/**
 * How much earlier than `expires_in` a JWT `exp` must say the token dies
 * before it wins: both have one-second resolution, and the `Date` header
 * they are compared through too.
 */
const EXP_TOLERANCE_MS = 5_000;

/**
 * When the token dies by its JWT `exp`, on our clock: `exp` is the issuer's
 * clock, so it is read against the answer's `Date` header (the server's now)
 * when there is one, which cancels a skew between the two clocks; else
 * against `obtainedAt`. `undefined` for a token that is not a JWT with `exp`.
 */
function jwtExpiresAt(
  token: string,
  obtainedAt: number,
  date: string | null | undefined,
): number | undefined {
  const exp = readJwtExpiry(token);
  if (exp === undefined) return undefined;
  const serverNow = date ? Date.parse(date) : Number.NaN;
  return Number.isFinite(serverNow) ? obtainedAt + (exp - serverNow) : exp;
}

// RFC 6749 §A.12 allows any visible ASCII in a token; a space never occurs in
// an RFC 6750 b64token and would split the header, so it is excluded too.
const bearerValue = /^[\x21-\x7E]+$/;

/**
 * Whether `value` can be sent as `Authorization: Bearer <value>`: visible
 * ASCII without spaces. A value with spaces, line breaks or non-ASCII
 * characters would make every API call fail, so it is refused where it enters.
 *
 * @example
 * ```ts
 * isBearerTokenValue('eyJhbGciOi.eyJleHAiOjE.sig'); // true
 * isBearerTokenValue('two words'); // false
 * ```
 */
export function isBearerTokenValue(value: string): boolean {
  return bearerValue.test(value);
}

/**
 * When a token expires: `obtainedAt + lifetimeMs` when the lifetime is known,
 * else the token's JWT `exp`, else {@link DEFAULT_TOKEN_LIFETIME_SECONDS}
 * later; never more than {@link MAX_TOKEN_LIFETIME_SECONDS} after
 * `obtainedAt`. `undefined` when the JWT `exp` has already passed: such a
 * token is useless. (A token endpoint answer also weighs the JWT `exp`
 * against `expires_in`: see {@link tokenFromAnswer}.)
 *
 * @example
 * ```ts
 * const expiresAt = resolveExpiresAt(token, clock.now(), answer.expiresIn * 1000);
 * ```
 */
export function resolveExpiresAt(
  token: string,
  obtainedAt: number,
  lifetimeMs?: number,
): number | undefined {
  const latest = obtainedAt + MAX_TOKEN_LIFETIME_SECONDS * 1000;
  if (lifetimeMs !== undefined) return Math.min(obtainedAt + lifetimeMs, latest);
  const exp = readJwtExpiry(token);
  if (exp === undefined) return obtainedAt + DEFAULT_TOKEN_LIFETIME_SECONDS * 1000;
  return exp > obtainedAt ? Math.min(exp, latest) : undefined;
}

/**
 * Parses `text` as JSON and returns it when it is an object (not an array,
 * not `null`); anything else gives `undefined`. Never throws.
 *
 * @example
 * ```ts
 * parseJsonObject('{"error":"invalid_client"}'); // { error: 'invalid_client' }
 * parseJsonObject('<html>'); // undefined
 * ```
 */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const value = parseJson(text)?.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return value as Record<string, unknown>;
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/**
 * Turns a successful token endpoint answer (RFC 6749 §5.1) into an
 * {@link AccessToken}, or throws a {@link TokenResponseError} saying what was
 * wrong, never echoing the body:
 * - the body must be a JSON object (any media type is tried, to be lenient);
 * - `access_token`: a non-empty string a Bearer header can carry;
 * - `token_type`: `bearer` in any case;
 * - `expires_in`: a positive number or numeric string of seconds, clamped to
 *   {@link MAX_TOKEN_LIFETIME_SECONDS}; when absent, the JWT `exp`, else
 *   {@link DEFAULT_TOKEN_LIFETIME_SECONDS}.
 * - Lifetimes lie: some servers reset `expires_in` while handing back the
 *   same cached token. When the token is a JWT whose `exp` (read against the
 *   answer's `Date` header) says it dies earlier, the earlier moment wins.
 *   It may even be past: the token source still believes a token for
 *   {@link MIN_TOKEN_LIFETIME_SECONDS}, so that does not loop.
 *
 * @example
 * ```ts
 * const token = tokenFromAnswer({ status: 200, contentType: 'application/json', text }, clock.now());
 * ```
 */
export function tokenFromAnswer(answer: TokenEndpointAnswer, obtainedAt: number): AccessToken {
  const fail = (problem: string): TokenResponseError =>
    new TokenResponseError(`The token endpoint answered ${answer.status} ${problem}`, {
      upstreamStatus: answer.status,
    });
  const body = parseJsonObject(answer.text);
  if (body === undefined) throw fail(describeNonObject(answer));

  const accessToken = body.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw fail('without an access_token');
  }
  if (!isBearerTokenValue(accessToken)) {
    throw fail('with an access_token a Bearer Authorization header cannot carry');
  }
  if (body.token_type === undefined) throw fail('without a token_type');
  if (typeof body.token_type !== 'string' || body.token_type.toLowerCase() !== 'bearer') {
    throw fail('with a token_type other than Bearer (only bearer tokens are supported)');
  }
  const lifetimeSeconds = readExpiresIn(body.expires_in);
  if (lifetimeSeconds === 'invalid') {
    throw fail('with an expires_in that is not a positive number of seconds');
  }
  const lifetimeMs = lifetimeSeconds === undefined ? undefined : lifetimeSeconds * 1000;
  const stated = resolveExpiresAt(accessToken, obtainedAt, lifetimeMs);
  if (stated === undefined) {
    throw fail('without an expires_in, and the token’s exp claim has already passed');
  }
  const byJwt =
    lifetimeMs === undefined ? undefined : jwtExpiresAt(accessToken, obtainedAt, answer.date);
  const expiresAt = byJwt !== undefined && byJwt < stated - EXP_TOLERANCE_MS ? byJwt : stated;
  return new AccessToken(accessToken, { expiresAt, obtainedAt });
}

const numericString = /^\s*\d+(?:\.\d+)?\s*$/;

function readExpiresIn(value: unknown): number | undefined | 'invalid' {
  if (value === undefined) return undefined;
  const seconds =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && numericString.test(value)
        ? Number(value)
        : Number.NaN;
  // `> 0` is false for NaN too. Infinity (JSON `1e999`) is absurd, not invalid: it gets clamped.
  return seconds > 0 ? seconds : 'invalid';
}

const mediaType = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

function describeNonObject(answer: TokenEndpointAnswer): string {
  if (answer.text.trim() === '') return 'with an empty body, not a JSON token answer';
  if (parseJson(answer.text) !== undefined) return 'with JSON that is not an object';
  const type = answer.contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  // Only a well-formed media type is echoed: the header is the server's text.
  if (!mediaType.test(type)) return 'with a body that is not JSON';
  return type.endsWith('json') ? `with ${type} that is not valid JSON` : `with ${type}, not JSON`;
}
