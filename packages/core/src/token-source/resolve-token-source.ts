import { InvalidOptionsError } from '../shared/errors.js';
import { pickOptions } from '../shared/options.js';
import {
  CLIENT_CREDENTIALS_OPTION_KEYS,
  type ClientCredentialsOptions,
  clientCredentials,
} from '../token-endpoint/client-credentials.js';
import type { TokenSource } from '../types.js';
import { createTokenSource } from './token-source.js';
import { TOKEN_SOURCE_OPTION_KEYS, type TokenSourceOptions } from './token-source-options.js';

/**
 * Client credentials and token-source options in one object: what adapters
 * accept in place of a ready {@link TokenSource}.
 *
 * @example
 * ```ts
 * const options: CloudTokenOptions = {
 *   tokenUrl: 'https://api.aspose.cloud/connect/token',
 *   clientId: process.env.ASPOSE_CLIENT_ID ?? '',
 *   clientSecret: process.env.ASPOSE_CLIENT_SECRET ?? '',
 *   timeoutMs: 5_000,
 * };
 * ```
 */
export type CloudTokenOptions = ClientCredentialsOptions & TokenSourceOptions;

/**
 * Either a ready token source or the options to make one.
 *
 * @example
 * ```ts
 * const input: TokenSourceInput = createTokenSource(clientCredentials(credentials));
 * ```
 */
export type TokenSourceInput = TokenSource | CloudTokenOptions;

/**
 * Whether `value` is a token source (anything with `getToken` and `invalidate`),
 * rather than options.
 *
 * @example
 * ```ts
 * isTokenSource(createTokenSource(grant)); // true
 * isTokenSource({ tokenUrl, clientId, clientSecret }); // false
 * ```
 */
export function isTokenSource(value: unknown): value is TokenSource {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<TokenSource>;
  return typeof candidate.getToken === 'function' && typeof candidate.invalidate === 'function';
}

/**
 * Turns an adapter's "source or options" argument into a token source. The
 * credentials and the token-source options are picked out of `input`; other
 * keys are left to the adapter, which checks its whole options object.
 * `owned` is true when the source was made here, so the adapter closes it
 * when it is done; a source passed in stays the caller's to close.
 *
 * @example
 * ```ts
 * const { source, owned } = resolveTokenSource(sourceOrOptions);
 * // … later, on detach:
 * if (owned) source.close();
 * ```
 */
export function resolveTokenSource(input: TokenSourceInput): {
  source: TokenSource;
  owned: boolean;
} {
  if (isTokenSource(input)) return { source: input, owned: false };
  if (typeof input !== 'object' || input === null) {
    throw new InvalidOptionsError('options', 'must be a token source or an options object');
  }
  const grant = clientCredentials(pickOptions(input, CLIENT_CREDENTIALS_OPTION_KEYS));
  return {
    source: createTokenSource(grant, pickOptions(input, TOKEN_SOURCE_OPTION_KEYS)),
    owned: true,
  };
}
