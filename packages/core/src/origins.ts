import { InvalidOptionsError } from './errors.js';
import { isLoopbackHost } from './loopback.js';

/**
 * Reads an option that must be an absolute `http:` or `https:` URL.
 * The value is never echoed: a URL may carry credentials.
 */
export function parseHttpUrlOption(value: unknown, option: string): URL {
  if (typeof value !== 'string' && !(value instanceof URL)) {
    throw new InvalidOptionsError(option, 'must be a URL string or a URL object');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidOptionsError(option, 'must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidOptionsError(option, 'must be an http: or https: URL');
  }
  if (url.username !== '' || url.password !== '') {
    throw new InvalidOptionsError(option, 'must not contain credentials (user:password@)');
  }
  return url;
}

/**
 * The origin of `url`, once it is clear the token may travel there: https,
 * or plain http to a loopback host (the emulator, a local proxy), or plain
 * http anywhere when the application opted in.
 */
export function tokenOriginOf(url: URL, option: string, allowInsecureHttp: boolean): string {
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw new InvalidOptionsError(
      option,
      'would send the access token over plain http to a host that is not loopback; use https, or set allowInsecureHttp: true',
    );
  }
  return url.origin;
}

/**
 * The origins allowed to receive the token: `allowedOrigins` reduced to
 * origins when given, else the origin of `baseUrl`.
 */
export function resolveTokenOrigins(
  baseUrl: URL | undefined,
  allowedOrigins: unknown,
  allowInsecureHttp: boolean,
): ReadonlySet<string> {
  if (allowedOrigins === undefined) {
    if (baseUrl === undefined) {
      throw new InvalidOptionsError(
        'baseUrl',
        'is required unless allowedOrigins says where the token may be sent',
      );
    }
    return new Set([tokenOriginOf(baseUrl, 'baseUrl', allowInsecureHttp)]);
  }
  if (!Array.isArray(allowedOrigins) || allowedOrigins.length === 0) {
    throw new InvalidOptionsError('allowedOrigins', 'must be a non-empty array of origins or URLs');
  }
  return new Set(
    allowedOrigins.map((entry: unknown, index) => {
      const option = `allowedOrigins[${index}]`;
      return tokenOriginOf(parseHttpUrlOption(entry, option), option, allowInsecureHttp);
    }),
  );
}
