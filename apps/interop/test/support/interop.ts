import { inspect } from 'node:util';
import type { ClientCredentialsOptions } from '@cloud-token/core';
import { afterEach, beforeEach, expect } from 'vitest';
import {
  API_RESOURCE,
  type AuthorizationServer,
  type AuthorizationServerOptions,
  CLIENT_SECRET,
  CLIENTS,
  startAuthorizationServer,
} from './authorization-server.js';
import { type ResourceServer, startResourceServer } from './resource-server.js';

/** An authorization server and the resource server that trusts it, fresh for each test. */
export interface Interop {
  authorizationServer: AuthorizationServer;
  resourceServer: ResourceServer;
  /**
   * Credentials for one of the registered {@link CLIENTS}: its auth method,
   * the shared secret, scope `read` and the API's resource, unless overridden.
   */
  credentials(
    client: keyof typeof CLIENTS,
    overrides?: Partial<ClientCredentialsOptions>,
  ): ClientCredentialsOptions;
}

/**
 * Starts an {@link Interop} before each test of the calling file and closes
 * it after; the returned function gives the current test's.
 *
 * @example
 * ```ts
 * const interop = useInterop();
 * it('works', async () => {
 *   const { resourceServer } = interop();
 * });
 * ```
 */
export function useInterop(options: AuthorizationServerOptions = {}): () => Interop {
  let current: Interop | undefined;
  beforeEach(async () => {
    const authorizationServer = await startAuthorizationServer(options);
    const resourceServer = await startResourceServer({
      issuer: authorizationServer.issuer,
      jwksUrl: authorizationServer.jwksUrl,
      audience: API_RESOURCE,
    });
    current = {
      authorizationServer,
      resourceServer,
      credentials: (client, overrides = {}) => ({
        tokenUrl: authorizationServer.tokenUrl,
        clientId: CLIENTS[client],
        clientSecret: CLIENT_SECRET,
        authMethod: client === 'post' ? 'client_secret_post' : 'client_secret_basic',
        scope: 'read',
        resource: API_RESOURCE,
        ...overrides,
      }),
    };
  });
  afterEach(async () => {
    const closing = current;
    current = undefined;
    await closing?.resourceServer.close();
    await closing?.authorizationServer.close();
  });
  return () => {
    if (current === undefined) throw new Error('useInterop() is available inside a test only');
    return current;
  };
}

/**
 * Asserts that `error` is the core's `ERR_CREDENTIALS_REJECTED` with the
 * given OAuth error, and that no rendering of it reveals the client secret.
 *
 * @example
 * ```ts
 * expectCredentialsRejected(error, 'invalid_client');
 * ```
 */
export function expectCredentialsRejected(error: unknown, oauthError: string): void {
  expect(error).toMatchObject({ code: 'ERR_CREDENTIALS_REJECTED', oauthError });
  const renderings = [
    String(error),
    (error as Error).stack ?? '',
    JSON.stringify(error),
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  ];
  for (const rendering of renderings) {
    expect(rendering).not.toContain(CLIENT_SECRET);
    expect(rendering).not.toContain(encodeURIComponent(CLIENT_SECRET));
  }
}
