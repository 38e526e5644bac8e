import { InvalidOptionsError } from '../shared/errors.js';
import { requireSecureTransport } from '../shared/url-option.js';

/**
 * The origin of `url`, once it is clear the token may travel there: https,
 * or plain http to a loopback host (the emulator, a local proxy), or plain
 * http anywhere when the application opted in.
 */
export function tokenOriginOf(url: URL, option: string, allowInsecureHttp: boolean): string {
  requireSecureTransport(url, option, allowInsecureHttp, 'the access token');
  return url.origin;
}

/**
 * The origins allowed to receive the token: the origins of `allowedOrigins`
 * when given, else the origin of `baseUrl`.
 */
export function resolveTokenOrigins(
  baseUrl: URL | undefined,
  allowedOrigins: readonly URL[] | undefined,
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
  return new Set(
    allowedOrigins.map((url, index) =>
      tokenOriginOf(url, `allowedOrigins[${index}]`, allowInsecureHttp),
    ),
  );
}
