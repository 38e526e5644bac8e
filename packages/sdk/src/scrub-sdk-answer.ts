import type { AccessToken } from '@cloud-token/core';

const redacted = '[redacted]';

type Fields = Record<string, unknown>;

function fieldsOf(target: unknown, key: string): Fields | undefined {
  if (typeof target !== 'object' || target === null) return undefined;
  const value = (target as Fields)[key];
  return typeof value === 'object' && value !== null ? (value as Fields) : undefined;
}

function redact(text: string, tokens: readonly AccessToken[]): string {
  return tokens.reduce((scrubbed, token) => scrubbed.replaceAll(token.value, redacted), text);
}

/**
 * The header fields a sent request keeps: `headers` (npm `request`'s
 * Request), `header` and `_header` (superagent's Request), `_header` (Node's
 * ClientRequest: the header block as it went on the wire).
 */
function scrubHeaderFields(target: Fields | undefined, tokens: readonly AccessToken[]): void {
  if (target === undefined) return;
  for (const key of ['headers', 'header', '_header']) {
    const field = target[key];
    if (typeof field === 'string') {
      target[key] = redact(field, tokens);
    } else if (typeof field === 'object' && field !== null) {
      const headers = field as Fields;
      for (const [name, value] of Object.entries(headers)) {
        if (typeof value === 'string') headers[name] = redact(value, tokens);
      }
    }
  }
}

/** Keeps a property readable but out of `util.inspect`, `JSON.stringify` and spreads. */
function hideProperty(target: Fields, key: string): void {
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (descriptor === undefined || !descriptor.configurable || !('value' in descriptor)) return;
  Object.defineProperty(target, key, { ...descriptor, enumerable: false });
}

/**
 * Removes the tokens a call carried from what the SDK hands back, result or
 * error: Words and Cells (npm `request`) and PDF (superagent) keep the HTTP
 * response in `response`, and with it the request that was sent, our
 * `Authorization` header included. Those headers are redacted (the request
 * has been sent: nothing on the wire changes), and the response's `request`,
 * `req` and `res` stay readable but are no longer enumerable, so
 * `util.inspect` (any depth) and `JSON.stringify` show no token — nor, through
 * the socket and its agent, another request's. Conversion and Viewer hand
 * back bodies only; a typed error of the token source has no response.
 */
export function scrubSdkAnswer(value: unknown, tokens: readonly AccessToken[]): void {
  const response = fieldsOf(value, 'response');
  if (response === undefined || tokens.length === 0) return;
  for (const key of ['request', 'req', 'res']) {
    const part = fieldsOf(response, key);
    if (part === undefined) continue;
    scrubHeaderFields(part, tokens);
    scrubHeaderFields(fieldsOf(part, 'req'), tokens);
    hideProperty(response, key);
  }
}
