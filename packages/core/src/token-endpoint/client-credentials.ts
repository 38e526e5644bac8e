import { InvalidOptionsError } from '../shared/errors.js';
import { keysBelongTo } from '../shared/options-schema.js';
import { requireSecureTransport } from '../shared/url-option.js';
import { credentialStoreKey } from '../token-source/store-key.js';
import { tokenSourceSchema } from '../token-source/token-source-options.js';
import type { ClientCredentialsGrant } from '../types.js';
import {
  type ClientCredentialsOptions,
  clientCredentialsSchema,
} from './client-credentials-options.js';

const credentialsSchema = clientCredentialsSchema.withElsewhere(
  keysBelongTo(tokenSourceSchema.keys, 'it is an option of createTokenSource(grant, options)'),
);

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
  const read = credentialsSchema.read(options);
  const { tokenUrl, clientId, clientSecret, baseUrl } = read;
  requireSecureTransport(tokenUrl, 'tokenUrl', read.allowInsecureHttp, 'the client secret');
  // The one key of this credential: the store, the pool and shared sources all use it.
  const storeKey = credentialStoreKey({
    ...read,
    tokenUrl: tokenUrl.href,
    clientSecret: clientSecret.reveal(),
  });
  return Object.freeze({
    kind: 'client_credentials',
    tokenUrl,
    clientId,
    clientSecret,
    authMethod: read.authMethod,
    scope: read.scope,
    resource: read.resource,
    identity: `client_credentials:${storeKey}`,
    storeKey,
    label: `${clientId} at ${tokenUrl.host}`,
    baseUrl,
  });
}
