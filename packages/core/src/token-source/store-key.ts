import { hmacSha256Hex } from '../shared/hmac-sha256.js';

/** What a client_credentials store key is derived from. */
export interface StoreKeyParts {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly authMethod: string;
  readonly scope: string | undefined;
  readonly resource: readonly string[];
}

/**
 * The key under which a {@link TokenStore} keeps one client credential's
 * token and guard state: `cc1:` and the HMAC-SHA256, keyed by the client
 * secret, of the token URL, client id, auth method, scope and resource. It
 * depends on the credentials alone, so every process of a fleet computes the
 * same key; another secret, scope or token URL gives another key; and it
 * cannot be turned back into the secret (finding the secret from it means
 * guessing it, one HMAC per guess, so a strong secret stays safe).
 *
 * @example
 * ```ts
 * const key = credentialStoreKey({ tokenUrl: 'https://api.aspose.cloud/connect/token', clientId, clientSecret, authMethod: 'client_secret_post', scope: undefined, resource: [] });
 * key; // 'cc1:9f2c…' (64 hex digits)
 * ```
 */
export function credentialStoreKey(parts: StoreKeyParts): string {
  const message = JSON.stringify([
    parts.tokenUrl,
    parts.clientId,
    parts.authMethod,
    parts.scope ?? null,
    parts.resource,
  ]);
  return `cc1:${hmacSha256Hex(parts.clientSecret, message)}`;
}

/**
 * The short form of a store key for log lines and events: the first 12 hex
 * digits of its hash. Enough to tell credentials apart in a log or a
 * metric, the same in every process of a fleet, too short to be the key.
 *
 * @example
 * ```ts
 * shortStoreKey(grant.storeKey); // '9f2c01ab77d4'
 * ```
 */
export function shortStoreKey(storeKey: string): string {
  const colon = storeKey.indexOf(':');
  return storeKey.slice(colon + 1, colon + 13);
}
