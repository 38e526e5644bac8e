import { InvalidOptionsError } from '../shared/errors.js';
import { parseHttpUrlOption, requireSecureTransport } from '../shared/url-option.js';

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
