import { InvalidOptionsError } from './errors.js';
import { isLoopbackHost } from './loopback.js';
import { booleanRule } from './option-rules.js';
import type { OptionRule } from './options-schema.js';

/*
 * The checks every URL option shares. A URL's value is never echoed in an
 * error: it may carry credentials.
 */

/**
 * Reads an option that must be an absolute URL (a string or a `URL`) without
 * credentials (`user:password@`).
 *
 * @example
 * ```ts
 * const resource = parseUrlOption('urn:example:api', 'resource');
 * parseUrlOption('https://user:pw@api.example.test/', 'resource'); // throws InvalidOptionsError
 * ```
 */
export function parseUrlOption(value: unknown, option: string): URL {
  if (typeof value !== 'string' && !(value instanceof URL)) {
    throw new InvalidOptionsError(option, 'must be a URL string or a URL object');
  }
  if (!URL.canParse(value)) throw new InvalidOptionsError(option, 'must be an absolute URL');
  const url = new URL(value);
  if (url.username !== '' || url.password !== '') {
    throw new InvalidOptionsError(option, 'must not contain credentials (user:password@)');
  }
  return url;
}

/**
 * Reads an option that must be an absolute `http:` or `https:` URL without
 * credentials.
 *
 * @example
 * ```ts
 * const baseUrl = parseHttpUrlOption('https://api.aspose.cloud/v4.0', 'baseUrl');
 * parseHttpUrlOption('ftp://api.aspose.cloud/', 'baseUrl'); // throws InvalidOptionsError
 * ```
 */
export function parseHttpUrlOption(value: unknown, option: string): URL {
  const url = parseUrlOption(value, option);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidOptionsError(option, 'must be an http: or https: URL');
  }
  return url;
}

/**
 * The rule of `allowInsecureHttp`: `false` when absent, else a boolean.
 *
 * @example
 * ```ts
 * const rules = { allowInsecureHttp: allowInsecureHttpRule };
 * allowInsecureHttpRule('yes', 'allowInsecureHttp'); // throws InvalidOptionsError naming allowInsecureHttp
 * ```
 */
export const allowInsecureHttpRule: OptionRule<boolean> = booleanRule(false);

/**
 * Refuses to send `what` (a secret, a token) to `url` over plain `http:`,
 * unless the host is loopback (the traffic never leaves the machine) or the
 * application set `allowInsecureHttp`.
 *
 * @example
 * ```ts
 * requireSecureTransport(new URL('http://api.aspose.cloud/'), 'baseUrl', false, 'the access token');
 * // throws InvalidOptionsError naming baseUrl
 * ```
 */
export function requireSecureTransport(
  url: URL,
  option: string,
  allowInsecureHttp: boolean,
  what: string,
): void {
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw new InvalidOptionsError(
      option,
      `would send ${what} over plain http to a host that is not loopback; use https, or set allowInsecureHttp: true`,
    );
  }
}
