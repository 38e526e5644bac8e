import type { ServerResponse } from 'node:http';
import type { EmulatorContext } from './context.js';
import { sendJson } from './http-io.js';
import { tokenEndpointPath } from './token-endpoint.js';

/** Where IdentityServer publishes its metadata (OpenID Connect Discovery 1.0). */
export const discoveryPath = '/.well-known/openid-configuration';

/** Where IdentityServer publishes its public signing keys. */
export const jwksPath = `${discoveryPath}/jwks`;

/** The discovery document, so that clients and tests can find the endpoints and keys. */
export function sendDiscoveryDocument(context: EmulatorContext, response: ServerResponse): void {
  sendJson(response, 200, {
    issuer: context.issuer,
    jwks_uri: `${context.issuer}${jwksPath}`,
    token_endpoint: `${context.issuer}${tokenEndpointPath}`,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    id_token_signing_alg_values_supported: ['RS256'],
  });
}

/** The current public key, to verify issued tokens with (e.g. jose's `createLocalJWKSet`). */
export async function sendJwks(context: EmulatorContext, response: ServerResponse): Promise<void> {
  sendJson(response, 200, await context.keys.publicJwks());
}
