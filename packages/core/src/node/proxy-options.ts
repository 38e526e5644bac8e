import { type CallPolicyOptions, callPolicySchema } from '../call/call-policy.js';
import type { Clock } from '../shared/clock.js';
import { InvalidOptionsError } from '../shared/errors.js';
import { clockRule, fetchRule } from '../shared/option-rules.js';
import {
  keysBelongTo,
  optionsSchema,
  type SomeOptionsSchema,
  takeForm,
} from '../shared/options-schema.js';
import { parseHttpUrlOption } from '../shared/url-option.js';
import {
  type CloudTokenOptions,
  cloudTokenSchema,
  sourceRule,
} from '../token-source/resolve-token-source.js';
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

// The call policy's rules but where the token may go: the proxy sends it to its target only.
const {
  baseUrl: _baseUrl,
  allowedOrigins: _allowedOrigins,
  ...policyRules
} = callPolicySchema.rules;

/**
 * The schema of {@link ProxySettings}: the proxy's own `target` and
 * `maxBufferedBodyBytes`, the call policy's rules but `baseUrl` and
 * `allowedOrigins`, and the injected `fetch` and `clock`.
 *
 * @example
 * ```ts
 * const { target, maxBufferedBodyBytes } = proxySettingsSchema.resolve(values);
 * ```
 */
export const proxySettingsSchema = optionsSchema<ProxySettings>()({
  ...policyRules,
  target: (value, path) => {
    const target = parseHttpUrlOption(value, path);
    if (target.search !== '' || target.hash !== '') {
      throw new InvalidOptionsError(path, 'must not have a query or a fragment');
    }
    return target;
  },
  maxBufferedBodyBytes: (value, path) => {
    if (value === undefined) return DEFAULT_MAX_BUFFERED_BODY_BYTES;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
      throw new InvalidOptionsError(path, 'must be a whole number of bytes, 1 or more');
    }
    return value;
  },
  fetch: fetchRule,
  clock: clockRule,
});

const notToOtherOrigins = {
  allowedOrigins: 'the proxy sends the token to its "target" origin only',
};

/** The two forms of {@link ProxyOptions}: a ready `source`, or the credentials to make one. */
const proxyForms = {
  source: optionsSchema<ProxySettings & { source: TokenSource }>()(
    { ...proxySettingsSchema.rules, source: sourceRule },
    {
      elsewhere: {
        ...keysBelongTo(
          cloudTokenSchema.keys,
          'the source passed as "source" has its own credentials and options',
        ),
        baseUrl: 'the proxy forwards to its "target"',
        ...notToOtherOrigins,
      },
    },
  ),
  credentials: optionsSchema<ProxySettings & CloudTokenOptions & { source?: undefined }>()(
    {
      ...proxySettingsSchema.rules,
      ...cloudTokenSchema.rules,
      source: (value, path) => (value === undefined ? undefined : sourceRule(value, path)),
    },
    { elsewhere: notToOtherOrigins },
  ),
};

/**
 * Takes the proxy's options once: every key checked against the form they
 * use (an unknown key with the closest known one, a key of the other form
 * with why it does nothing here).
 */
export function takeProxyOptions(options: unknown, extra?: SomeOptionsSchema) {
  return takeForm(
    options,
    proxyForms,
    (values) => (values.source === undefined ? 'credentials' : 'source'),
    extra,
  );
}
