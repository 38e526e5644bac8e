import { clientCredentials, createAuthorizedFetch, createTokenSource } from '@cloud-token/core';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { API_RESOURCE, CLIENTS, DEFAULT_RESOURCE } from './support/authorization-server.js';
import { useInterop } from './support/interop.js';
import type { ResourceAnswer } from './support/resource-server.js';

describe('@cloud-token/core token source against oidc-provider', () => {
  const interop = useInterop();

  it.each([
    ['basic', 'client_secret_basic'],
    ['post', 'client_secret_post'],
  ] as const)(
    'obtains a JWT access token (RFC 9068) with %s authentication (%s)',
    async (client, _method) => {
      const source = createTokenSource(clientCredentials(interop().credentials(client)));
      try {
        const token = await source.getToken();
        expect(token.type).toBe('Bearer');
        expect(decodeJwt(token.value)).toMatchObject({
          iss: interop().authorizationServer.issuer,
          client_id: CLIENTS[client],
          aud: API_RESOURCE,
          scope: 'read',
        });
      } finally {
        source.close();
      }
    },
  );

  it('sends `resource` only when asked: without it the server picks its default audience', async () => {
    const source = createTokenSource(
      clientCredentials(interop().credentials('basic', { resource: undefined, scope: undefined })),
    );
    try {
      const claims = decodeJwt((await source.getToken()).value);
      expect(claims.aud).toBe(DEFAULT_RESOURCE);
      // No scope asked, none granted.
      expect(claims.scope).toBeUndefined();
    } finally {
      source.close();
    }
  });
});

describe('@cloud-token/core renewal against oidc-provider with 32-second tokens', () => {
  // Just above the 30 s the core believes at least (MIN_TOKEN_LIFETIME_SECONDS).
  const interop = useInterop({ accessTokenTtlSeconds: 32 });

  it('renews in the background while the token is valid on the server: every call is accepted', async () => {
    const { authorizationServer, resourceServer, credentials } = interop();
    // Renewal 90 % of the lifetime early (about 3 s after each token arrives), so that
    // the test sees two background renewals in seconds; no jitter.
    const source = createTokenSource(clientCredentials(credentials('post')), {
      renewal: { earlyFraction: 0.9, jitterMs: 0 },
    });
    const authorizedFetch = createAuthorizedFetch(source, { baseUrl: resourceServer.url });
    const tokens = new Map<string, { iat: number; exp: number }>();
    try {
      // Calls keep coming until the third token is in use; bounded to ~15 s.
      for (let call = 0; call < 75 && tokens.size < 3; call += 1) {
        const response = await authorizedFetch(new URL('ping', resourceServer.url));
        expect(response.status).toBe(200);
        const { claims } = (await response.json()) as ResourceAnswer;
        tokens.set(String(claims.jti), { iat: Number(claims.iat), exp: Number(claims.exp) });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(tokens.size).toBe(3);
      // Every request the API got carried a token it accepted (jose checks `exp` on its own clock).
      expect(resourceServer.requests.every(({ status }) => status === 200)).toBe(true);
      // One token request per token, never more.
      expect(authorizationServer.tokenRequests).toHaveLength(3);
      // Each new token was issued (server time) while the one before was still valid.
      const lives = [...tokens.values()];
      for (let i = 1; i < lives.length; i += 1) {
        expect(lives[i]?.iat).toBeLessThan(lives[i - 1]?.exp ?? 0);
      }
    } finally {
      source.close();
    }
  });
});
