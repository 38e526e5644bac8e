import { InvalidOptionsError } from '../shared/errors.js';
import { optionsSchema } from '../shared/options-schema.js';
import { Redacted } from '../shared/redacted.js';
import { allowInsecureHttpRule, parseHttpUrlOption, parseUrlOption } from '../shared/url-option.js';
import type { ClientAuthMethod } from '../types.js';

/**
 * What `clientCredentials()` needs. Any other key is rejected (an
 * adapter's combined options object may carry these together with the token
 * source's and the call policy's options).
 *
 * @example
 * ```ts
 * const options: ClientCredentialsOptions = {
 *   tokenUrl: 'https://api.aspose.cloud/connect/token',
 *   clientId: process.env.ASPOSE_CLIENT_ID ?? '',
 *   clientSecret: process.env.ASPOSE_CLIENT_SECRET ?? '',
 * };
 * ```
 */
export interface ClientCredentialsOptions {
  /** The token endpoint: an absolute `https:` URL (`http:` only for loopback hosts, or with `allowInsecureHttp`). */
  tokenUrl: string | URL;
  /** The application's client id. */
  clientId: string;
  /** The application's client secret. Held redacted from here on. */
  clientSecret: string;
  /** Scopes to ask for: a space-separated string or a list (RFC 6749 §3.3). Default: none. */
  scope?: string | readonly string[] | undefined;
  /** Resource indicators (RFC 8707): absolute URIs the token is meant for. Default: none. */
  resource?: string | readonly string[] | undefined;
  /** How to authenticate at the token endpoint. Default `'client_secret_post'`, as the Aspose and GroupDocs documents do. */
  authMethod?: ClientAuthMethod | undefined;
  /**
   * The API base URL that goes with this token endpoint. A preset carries
   * both (`{ ...asposeCloud, clientId, clientSecret }`); the grant keeps it,
   * validated, as `grant.baseUrl`; the token source passes it on, so
   * `createAuthorizedFetch(source)` needs no options of its own.
   */
  baseUrl?: string | URL;
  /**
   * Allows an `http:` token URL on a non-loopback host, which sends the
   * secret in clear text. Default `false`; only for a trusted private network.
   */
  allowInsecureHttp?: boolean;
}

const authMethods: readonly ClientAuthMethod[] = ['client_secret_post', 'client_secret_basic'];

// RFC 6749 §3.3 scope-token: visible ASCII except `"` and `\`.
const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * The schema of {@link ClientCredentialsOptions}: a rule for every key, read
 * from own properties only. The secret is wrapped in `Redacted` as it is
 * read. `tokenUrl` is parsed here; whether it may be plain `http:` depends on
 * `allowInsecureHttp`, which `clientCredentials()` checks once both are read.
 *
 * @example
 * ```ts
 * import { clientCredentialsSchema, optionsSchema, tokenSourceSchema } from '@cloud-token/core/adapter';
 *
 * const setupSchema = optionsSchema<ClientCredentialsOptions & TokenSourceOptions>()({
 *   ...clientCredentialsSchema.rules,
 *   ...tokenSourceSchema.rules,
 * });
 * ```
 */
export const clientCredentialsSchema = optionsSchema<ClientCredentialsOptions>()(
  {
    // In the order they were always checked, so the first of several bad options is reported.
    clientId: (value, path) => requireCredential(path, value),
    clientSecret: (value, path) => new Redacted(requireCredential(path, value)),
    allowInsecureHttp: allowInsecureHttpRule,
    tokenUrl: (value, path) => withoutFragment(parseHttpUrlOption(value, path), path),
    authMethod: readAuthMethod,
    scope: readScope,
    resource: readResource,
    baseUrl: optionalHttpUrl,
  },
  {
    elsewhere: { allowedOrigins: 'it is an option of createAuthorizedFetch() and of the adapters' },
  },
);

function optionalHttpUrl(value: unknown, path: string): URL | undefined {
  return value === undefined ? undefined : parseHttpUrlOption(value, path);
}

function requireCredential(option: string, value: unknown): string {
  if (value === undefined || value === null) throw new InvalidOptionsError(option, 'is required');
  if (typeof value !== 'string') throw new InvalidOptionsError(option, 'must be a string');
  if (value === '') throw new InvalidOptionsError(option, 'must not be empty');
  // A control character is most often a newline read along from a file or an
  // environment variable; the server would answer invalid_client without a hint.
  if (/\p{Cc}/u.test(value)) {
    throw new InvalidOptionsError(
      option,
      'must not contain control characters (a trailing newline?)',
    );
  }
  // A lone surrogate cannot be UTF-8 encoded: the server would receive another value.
  if (/\p{Cs}/u.test(value)) {
    throw new InvalidOptionsError(option, 'must be well-formed Unicode (it has a lone surrogate)');
  }
  return value;
}

function withoutFragment(url: URL, option: string): URL {
  // `href`, not `hash`: an empty fragment (a trailing `#`) leaves `hash` empty.
  if (url.href.includes('#')) {
    throw new InvalidOptionsError(option, 'must not contain a fragment (#)');
  }
  return url;
}

function readAuthMethod(value: unknown, path: string): ClientAuthMethod {
  if (value === undefined) return 'client_secret_post';
  if (authMethods.includes(value as ClientAuthMethod)) return value as ClientAuthMethod;
  throw new InvalidOptionsError(path, `must be one of ${authMethods.join(', ')}`);
}

function readScope(value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  const tokens = readStringList(path, value)
    .flatMap((entry) => entry.split(' '))
    .filter(Boolean);
  if (tokens.length === 0) {
    throw new InvalidOptionsError(path, 'must name at least one scope (omit it for none)');
  }
  if (!tokens.every((token) => scopeToken.test(token))) {
    throw new InvalidOptionsError(
      path,
      'may contain only visible ASCII other than " and \\ (RFC 6749 §3.3)',
    );
  }
  return tokens.join(' ');
}

function readResource(value: unknown, path: string): readonly string[] {
  if (value === undefined) return Object.freeze([]);
  const list = readStringList(path, value);
  // Validated, but sent exactly as given: the server compares the string.
  for (const entry of list) withoutFragment(parseUrlOption(entry, path), path);
  return Object.freeze(list);
}

function readStringList(option: string, value: unknown): string[] {
  const list: unknown = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((entry): entry is string => typeof entry === 'string')) {
    throw new InvalidOptionsError(option, 'must be a string or an array of strings');
  }
  return [...list];
}
