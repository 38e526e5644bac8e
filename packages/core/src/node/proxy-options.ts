import type { CallPolicyOptions } from '../call/call-policy.js';
import { tokenOriginOf } from '../call/origins.js';
import type { Clock } from '../shared/clock.js';
import { InvalidOptionsError } from '../shared/errors.js';
import { readOptionsObject } from '../shared/options.js';
import { parseHttpUrlOption } from '../shared/url-option.js';
import { CLIENT_CREDENTIALS_OPTION_KEYS } from '../token-endpoint/client-credentials.js';
import type { CloudTokenOptions } from '../token-source/resolve-token-source.js';
import { TOKEN_SOURCE_OPTION_KEYS } from '../token-source/token-source-options.js';
import type { FetchLike, TokenSource } from '../types.js';

/**
 * Default most bytes of a request body held in memory (1 MiB). A body up to
 * this size can be replayed after a 401; a larger one is streamed through once.
 *
 * @example
 * ```ts
 * createRequestForwarder({ target, source, maxBufferedBodyBytes: 4 * DEFAULT_MAX_BUFFERED_BODY_BYTES });
 * ```
 */
export const DEFAULT_MAX_BUFFERED_BODY_BYTES = 1024 * 1024;

/**
 * How the proxy forwards, whichever way it gets its token.
 *
 * @example
 * ```ts
 * const settings: ProxySettings = {
 *   target: 'https://api.aspose.cloud/v4.0',
 *   maxBufferedBodyBytes: 256 * 1024,
 *   maxRetryAfterMs: 2_000,
 * };
 * ```
 */
export interface ProxySettings
  extends Pick<
    CallPolicyOptions,
    | 'allowInsecureHttp'
    | 'maxRetryAfterMs'
    | 'rateLimitRetries'
    | 'unauthorizedReplays'
    | 'rejectedTokenStatuses'
  > {
  /**
   * The cloud API URL requests are forwarded under: an absolute `https:` URL
   * (plain `http:` only to loopback, unless `allowInsecureHttp`), without
   * query, fragment or credentials. Its origin is the only one that gets the
   * token; its path is the prefix no request can leave.
   */
  target: string | URL;
  /** Most bytes of a request body held in memory so a 401 can be replayed; default 1 MiB. */
  maxBufferedBodyBytes?: number;
  /** The `fetch` forwarded requests go through; default: the global `fetch`, looked up at call time. */
  fetch?: FetchLike;
  /** Timers for 429/503 waits; default `systemClock`. */
  clock?: Clock;
}

/**
 * Options of `createRequestForwarder()`: the {@link ProxySettings} plus either a
 * ready token `source` or the credentials (and token-source options) to make one.
 *
 * @example
 * ```ts
 * const withSource: ProxyOptions = { target: 'https://api.aspose.cloud/v4.0', source };
 * const withCredentials: ProxyOptions = {
 *   target: 'https://api.aspose.cloud/v4.0',
 *   tokenUrl: 'https://api.aspose.cloud/connect/token',
 *   clientId: process.env.ASPOSE_CLIENT_ID ?? '',
 *   clientSecret: process.env.ASPOSE_CLIENT_SECRET ?? '',
 * };
 * ```
 */
export type ProxyOptions = ProxySettings &
  ({ source: TokenSource } | (CloudTokenOptions & { source?: undefined }));

/** What the proxy itself reads, whichever way it gets its token. */
const proxyKeys = [
  'target',
  'maxBufferedBodyBytes',
  'allowInsecureHttp',
  'maxRetryAfterMs',
  'rateLimitRetries',
  'unauthorizedReplays',
  'rejectedTokenStatuses',
  'fetch',
  'clock',
];

const targetOnly = {
  allowedOrigins: 'the proxy sends the token to its "target" origin only',
};

function because(keys: readonly string[], why: string): Record<string, string> {
  return Object.fromEntries(keys.map((key) => [key, why]));
}

/** Rejects a key neither form uses, or one of the other form, with why. */
function checkProxyKeys(options: object): void {
  if ('source' in options && options.source !== undefined) {
    const why = 'the source passed as "source" has its own credentials and options';
    readOptionsObject(options, 'options', {
      known: ['source', ...proxyKeys],
      elsewhere: {
        ...because(CLIENT_CREDENTIALS_OPTION_KEYS, why),
        ...because(TOKEN_SOURCE_OPTION_KEYS, why),
        baseUrl: 'the proxy forwards to its "target"',
        ...targetOnly,
      },
    });
    return;
  }
  readOptionsObject(options, 'options', {
    known: ['source', ...proxyKeys, ...CLIENT_CREDENTIALS_OPTION_KEYS, ...TOKEN_SOURCE_OPTION_KEYS],
    elsewhere: targetOnly,
  });
}

/** The validated settings: the target parsed, every limit set. */
export interface ResolvedProxySettings {
  readonly target: URL;
  readonly maxBufferedBodyBytes: number;
}

/**
 * Checks what only the proxy knows (`target`, `maxBufferedBodyBytes`) and
 * that every key is one the proxy uses (an unknown key names the closest
 * known one; `baseUrl` next to `source` says the proxy forwards to its
 * `target`); the policy and token-source factories check the rest. The target's value is
 * never echoed: a URL may carry credentials.
 */
export function resolveProxySettings(options: ProxySettings): ResolvedProxySettings {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionsError('options', 'must be an object');
  }
  checkProxyKeys(options);
  const target = parseHttpUrlOption(options.target, 'target');
  if (target.search !== '' || target.hash !== '') {
    throw new InvalidOptionsError('target', 'must not have a query or a fragment');
  }
  tokenOriginOf(target, 'target', options.allowInsecureHttp === true);
  return { target, maxBufferedBodyBytes: readByteLimit(options.maxBufferedBodyBytes) };
}

function readByteLimit(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_BUFFERED_BODY_BYTES;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new InvalidOptionsError(
      'maxBufferedBodyBytes',
      'must be a whole number of bytes, 1 or more',
    );
  }
  return value;
}
