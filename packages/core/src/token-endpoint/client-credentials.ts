import { InvalidOptionsError } from '../shared/errors.js';
import { keysBelongTo } from '../shared/options-schema.js';
import { requireSecureTransport } from '../shared/url-option.js';
import { fingerprint } from '../token-source/fingerprint.js';
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
 * secret is wrapped in {@link Redacted} immediately. The grant's `identity`
 * is a stable, secret-free key (token URL, client id, auth method, scope,
 * resource and a SHA-256 fingerprint of the secret): equal for equal options,
 * different when any of them changes.
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
  const {
    tokenUrl,
    clientId,
    clientSecret,
    authMethod,
    scope,
    resource,
    baseUrl,
    allowInsecureHttp,
  } = credentialsSchema.read(options);
  requireSecureTransport(tokenUrl, 'tokenUrl', allowInsecureHttp, 'the client secret');
  const secretFingerprint = fingerprint([clientId, clientSecret.reveal()]);
  const identity = `client_credentials:${JSON.stringify([
    tokenUrl.href,
    clientId,
    authMethod,
    scope ?? null,
    resource,
    secretFingerprint,
  ])}`;
  return Object.freeze({
    kind: 'client_credentials',
    tokenUrl,
    clientId,
    clientSecret,
    authMethod,
    scope,
    resource,
    identity,
    storeKey: credentialStoreKey({
      tokenUrl: tokenUrl.href,
      clientId,
      clientSecret: clientSecret.reveal(),
      authMethod,
      scope,
      resource,
    }),
    label: `${clientId} at ${tokenUrl.host}`,
    baseUrl,
  });
}
