import type { AccessToken } from '@cloud-token/core';
import type { AxiosError, InternalAxiosRequestConfig } from 'axios';

const redacted = '[redacted]';

// A form body that authenticates a client (client_secret_post) carries the secret in this field.
const clientSecretField = /(^|&)(client_secret=)[^&]*/g;

/**
 * Keeps a property readable but out of `util.inspect`, `JSON.stringify` and
 * object spreads: Node's request object holds the sent header block, and
 * through its agent the header blocks of other requests in flight.
 */
export function hideProperty(target: object, key: string): void {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (descriptor === undefined || !descriptor.configurable || !('value' in descriptor)) return;
  // Only the flag changes: defineProperty keeps the attributes it is not given.
  Object.defineProperty(target, key, { enumerable: false });
}

/** Node's `ClientRequest` (and follow-redirects' wrapper of it) keeps the sent headers as a string. */
export function scrubSentHeaderBlock(request: unknown, token: AccessToken): void {
  if (typeof request !== 'object' || request === null) return;
  const fields = request as { _header?: unknown; _currentRequest?: unknown };
  if (typeof fields._header === 'string') {
    fields._header = fields._header.replaceAll(token.value, redacted);
  }
  if (fields._currentRequest !== request) scrubSentHeaderBlock(fields._currentRequest, token);
}

/**
 * Our `Authorization` header in a request config becomes `Bearer [redacted]`
 * (a header the caller set is left alone), and `client_secret=` values in a
 * string body are redacted.
 */
export function scrubConfig(
  config: InternalAxiosRequestConfig | undefined,
  token: AccessToken | undefined,
): void {
  if (config === undefined) return;
  const headers = config.headers;
  if (token !== undefined && headers !== undefined) {
    // Our interceptor's own spelling first: a plain read, where get() searches every name.
    if (headers.Authorization === token.authorization) {
      headers.Authorization = `Bearer ${redacted}`;
    } else if (headers.get('Authorization') === token.authorization) {
      headers.set('Authorization', `Bearer ${redacted}`);
    }
  }
  if (typeof config.data === 'string') {
    config.data = config.data.replace(clientSecretField, `$1$2${redacted}`);
  }
}

/**
 * Removes the access token (and a client secret sent in a form body) from an
 * AxiosError before it reaches the caller, so that its `message`,
 * `util.inspect(error, { depth: 10 })`, `JSON.stringify(error)` and
 * `error.toJSON()` show neither: our `Authorization` header in `config`
 * becomes `Bearer [redacted]`, `client_secret=` values in `config.data` are
 * redacted, the header string Node kept on the request is scrubbed, and
 * `error.request` / `error.response.request` stay readable but are no longer
 * enumerable. A header the caller set themselves is left alone.
 *
 * @example
 * ```ts
 * scrubAxiosError(error, record.token);
 * throw error;
 * ```
 */
export function scrubAxiosError(error: AxiosError, token: AccessToken | undefined): void {
  scrubConfig(error.config, token);
  if (token !== undefined) {
    error.message = error.message.replaceAll(token.value, redacted);
    scrubSentHeaderBlock(error.request, token);
    scrubSentHeaderBlock(error.response?.request, token);
  }
  hideProperty(error, 'request');
  if (error.response !== undefined) hideProperty(error.response, 'request');
}
