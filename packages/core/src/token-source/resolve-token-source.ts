import { InvalidOptionsError } from '../shared/errors.js';
import { type OptionRule, optionsSchema } from '../shared/options-schema.js';
import { parseHttpUrlOption } from '../shared/url-option.js';
import { clientCredentials } from '../token-endpoint/client-credentials.js';
import {
  type ClientCredentialsOptions,
  clientCredentialsSchema,
} from '../token-endpoint/client-credentials-options.js';
import type { TokenSource } from '../types.js';
import { createTokenSource } from './token-source.js';
import { type TokenSourceOptions, tokenSourceSchema } from './token-source-options.js';

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
 * The rule of a `source` option: a {@link TokenSource}, required.
 *
 * @example
 * ```ts
 * const rules = { source: sourceRule };
 * ```
 */
export const sourceRule: OptionRule<TokenSource> = (value, path) => {
  if (!isTokenSource(value)) {
    throw new InvalidOptionsError(path, 'must be a TokenSource (see createTokenSource)');
  }
  return value;
};

/**
 * The API base URL a source carries (a preset's `baseUrl` given to
 * `clientCredentials()`), if any: a member of the source or of its class,
 * never one inherited from a polluted `Object.prototype`.
 */
export function sourceBaseUrl(source: TokenSource): URL | undefined {
  for (let owner: object | null = source; owner !== null; owner = Object.getPrototypeOf(owner)) {
    if (owner === Object.prototype) return undefined;
    if (Object.hasOwn(owner, 'baseUrl')) {
      const { baseUrl } = source;
      return baseUrl === undefined ? undefined : parseHttpUrlOption(baseUrl, 'source.baseUrl');
    }
  }
  return undefined;
}

/**
 * The schema of {@link CloudTokenOptions}: the client credentials' table and
 * the token source's, in one.
 *
 * @example
 * ```ts
 * import { cloudTokenSchema } from '@cloud-token/core/adapter';
 *
 * const { source } = resolveTokenSource(cloudTokenSchema.pick(values));
 * ```
 */
export const cloudTokenSchema = optionsSchema<CloudTokenOptions>()(
  { ...clientCredentialsSchema.rules, ...tokenSourceSchema.rules },
  {
    elsewhere: {
      allowedOrigins: 'it is an option of the call policy (createAuthorizedFetch(), the adapters)',
    },
  },
);

/**
 * Turns an adapter's "source or options" argument into a token source:
 * options (every key checked, with the closest known one for a typo) are
 * split between `clientCredentials()` and `createTokenSource()`.
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
  const values = cloudTokenSchema.take(input);
  const grant = clientCredentials(clientCredentialsSchema.pick(values));
  return {
    source: createTokenSource(grant, tokenSourceSchema.pick(values)),
    owned: true,
  };
}
