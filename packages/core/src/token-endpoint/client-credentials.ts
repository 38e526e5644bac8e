import { InvalidOptionsError } from '../shared/errors.js';
import { readOptionsObject } from '../shared/options.js';
import { Redacted } from '../shared/redacted.js';
import {
  parseHttpUrlOption,
  parseUrlOption,
  readAllowInsecureHttp,
  requireSecureTransport,
} from '../shared/url-option.js';
import { credentialStoreKey } from '../token-source/store-key.js';
import { TOKEN_SOURCE_OPTION_KEYS } from '../token-source/token-source-options.js';
import type { ClientAuthMethod, ClientCredentialsGrant } from '../types.js';

/**
 * What {@link clientCredentials} needs. Any other key is rejected (an
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

/**
 * The keys {@link ClientCredentialsOptions} accepts, for adapters that take
 * them inside a larger options object and check that object's keys themselves.
 *
 * @example
 * ```ts
 * import { CLIENT_CREDENTIALS_OPTION_KEYS } from '@cloud-token/core/adapter';
 *
 * const credentials = pickOptions(options, CLIENT_CREDENTIALS_OPTION_KEYS);
 * ```
 */
export const CLIENT_CREDENTIALS_OPTION_KEYS: readonly (keyof ClientCredentialsOptions)[] =
  Object.freeze([
    'tokenUrl',
    'clientId',
    'clientSecret',
    'scope',
    'resource',
    'authMethod',
    'allowInsecureHttp',
    'baseUrl',
  ]);

const keysElsewhere: Readonly<Record<string, string>> = {
  allowedOrigins: 'it is an option of createAuthorizedFetch() and of the adapters',
  ...Object.fromEntries(
    TOKEN_SOURCE_OPTION_KEYS.map((key) => [
      key,
      'it is an option of createTokenSource(grant, options)',
    ]),
  ),
};

const authMethods: readonly ClientAuthMethod[] = ['client_secret_post', 'client_secret_basic'];

// RFC 6749 §3.3 scope-token: visible ASCII except `"` and `\`.
const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * Makes an OAuth 2.0 client_credentials grant (RFC 6749 §4.4) from
 * `options`, validating them at once: a bad option throws an
 * {@link InvalidOptionsError} naming it (never echoing the secret). The
 * secret is wrapped in {@link Redacted} immediately. The grant has one key,
 * its `storeKey` (see `credentialStoreKey`: an HMAC keyed by the secret over
 * token URL, client id, auth method, scope and resource), and `identity` is
 * that key named with the grant's kind: equal for equal options in every
 * process, different when any of them changes, never the secret.
 *
 * @example
 * ```ts
 * import { asposeCloud, clientCredentials, createTokenSource } from '@cloud-token/core';
 *
 * const grant = clientCredentials({
 *   tokenUrl: asposeCloud.tokenUrl,
 *   clientId: process.env.ASPOSE_CLIENT_ID ?? '',
 *   clientSecret: process.env.ASPOSE_CLIENT_SECRET ?? '',
 *   scope: ['api.read', 'api.write'],
 * });
 * const source = createTokenSource(grant);
 * ```
 */
export function clientCredentials(options: ClientCredentialsOptions): ClientCredentialsGrant {
  if (options === undefined) throw new InvalidOptionsError('options', 'is required');
  readOptionsObject(options, 'options', {
    known: CLIENT_CREDENTIALS_OPTION_KEYS,
    elsewhere: keysElsewhere,
  });
  const clientId = requireCredential('clientId', options.clientId);
  const clientSecret = new Redacted(requireCredential('clientSecret', options.clientSecret));
  const tokenUrl = readTokenUrl(options.tokenUrl, readAllowInsecureHttp(options.allowInsecureHttp));
  const authMethod = readAuthMethod(options.authMethod);
  const scope = readScope(options.scope);
  const resource = readResource(options.resource);
  const baseUrl =
    options.baseUrl === undefined ? undefined : parseHttpUrlOption(options.baseUrl, 'baseUrl');
  // The one key of this credential: the store, the pool and shared sources all use it.
  const storeKey = credentialStoreKey({
    tokenUrl: tokenUrl.href,
    clientId,
    clientSecret: clientSecret.reveal(),
    authMethod,
    scope,
    resource,
  });
  return Object.freeze({
    kind: 'client_credentials',
    tokenUrl,
    clientId,
    clientSecret,
    authMethod,
    scope,
    resource: Object.freeze(resource),
    identity: `client_credentials:${storeKey}`,
    storeKey,
    label: `${clientId} at ${tokenUrl.host}`,
    baseUrl,
  });
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

function readTokenUrl(value: unknown, allowInsecureHttp: boolean): URL {
  const url = withoutFragment(parseHttpUrlOption(value, 'tokenUrl'), 'tokenUrl');
  requireSecureTransport(url, 'tokenUrl', allowInsecureHttp, 'the client secret');
  return url;
}

function withoutFragment(url: URL, option: string): URL {
  // `href`, not `hash`: an empty fragment (a trailing `#`) leaves `hash` empty.
  if (url.href.includes('#')) {
    throw new InvalidOptionsError(option, 'must not contain a fragment (#)');
  }
  return url;
}

function readAuthMethod(value: unknown): ClientAuthMethod {
  if (value === undefined) return 'client_secret_post';
  if (authMethods.includes(value as ClientAuthMethod)) return value as ClientAuthMethod;
  throw new InvalidOptionsError('authMethod', `must be one of ${authMethods.join(', ')}`);
}

function readScope(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const tokens = readStringList('scope', value)
    .flatMap((entry) => entry.split(' '))
    .filter(Boolean);
  if (tokens.length === 0) {
    throw new InvalidOptionsError('scope', 'must name at least one scope (omit it for none)');
  }
  if (!tokens.every((token) => scopeToken.test(token))) {
    throw new InvalidOptionsError(
      'scope',
      'may contain only visible ASCII other than " and \\ (RFC 6749 §3.3)',
    );
  }
  return tokens.join(' ');
}

function readResource(value: unknown): string[] {
  if (value === undefined) return [];
  const list = readStringList('resource', value);
  // Validated, but sent exactly as given: the server compares the string.
  for (const entry of list) withoutFragment(parseUrlOption(entry, 'resource'), 'resource');
  return list;
}

function readStringList(option: string, value: unknown): string[] {
  const list: unknown = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || !list.every((entry): entry is string => typeof entry === 'string')) {
    throw new InvalidOptionsError(option, 'must be a string or an array of strings');
  }
  return [...list];
}
