import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_SCOPE } from '@cloud-token/emulator';
import {
  basicAuthorization,
  getAccessToken,
  requestToken,
  useEmulator,
} from '@cloud-token/emulator/testing';
import { createLocalJWKSet, decodeJwt, type JSONWebKeySet, jwtVerify } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const trickyClient = {
  clientId: 'app:ïd with space',
  clientSecret: 'p+s&s=w%25 o:rd%zz ü€😀',
  scope: 'words.read words.write',
};

const cloud = useEmulator(
  { beforeAll, beforeEach, afterAll },
  { emulator: { clients: [trickyClient] } },
);

async function verifyWithPublishedKey(token: string) {
  const discovery = (await (
    await fetch(`${cloud.emulator.url}/.well-known/openid-configuration`)
  ).json()) as { issuer: string; jwks_uri: string; token_endpoint: string };
  expect(discovery.issuer).toBe(cloud.emulator.url);
  expect(discovery.token_endpoint).toBe(cloud.emulator.tokenUrl);
  const jwks = (await (await fetch(discovery.jwks_uri)).json()) as JSONWebKeySet;
  return jwtVerify(token, createLocalJWKSet(jwks), {
    issuer: cloud.emulator.url,
    audience: `${cloud.emulator.url}/resources`,
    algorithms: ['RS256'],
  });
}

describe('a successful token request', () => {
  it('answers RFC 6749 §5.1 JSON with Cache-Control: no-store (client_secret_post)', async () => {
    const response = await requestToken(cloud.emulator);

    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toEqual({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      expires_in: 86_400,
      token_type: 'Bearer',
      scope: DEFAULT_SCOPE,
    });
    expect(cloud.emulator.stats.tokenRequests).toMatchObject({
      total: 1,
      issued: 1,
      rejected: 0,
      byAuthMethod: { client_secret_post: 1, client_secret_basic: 0 },
    });
  });

  it.each([
    ['post', 'client_secret_post'],
    ['basic', 'client_secret_basic'],
  ] as const)(
    'accepts a secret with + & = %% : spaces and non-ASCII characters over %s',
    async (auth, method) => {
      const response = await requestToken(cloud.emulator, { ...trickyClient, auth });

      expect(response.status).toBe(200);
      const { scope } = (await response.json()) as { scope: string };
      expect(scope).toBe(trickyClient.scope);
      expect(cloud.emulator.stats.tokenRequests.byAuthMethod[method]).toBe(1);
    },
  );

  it('signs an RS256 JWT with the IdentityServer claims, verifiable with the published key', async () => {
    const first = await getAccessToken(cloud.emulator);
    const second = await getAccessToken(cloud.emulator, { auth: 'basic' });

    const { payload, protectedHeader } = await verifyWithPublishedKey(first);
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      iss: cloud.emulator.url,
      aud: `${cloud.emulator.url}/resources`,
      client_id: DEFAULT_CLIENT_ID,
      scope: DEFAULT_SCOPE,
    });
    const { nbf, iat, exp, jti } = payload;
    expect(nbf).toBe(iat);
    expect((exp ?? 0) - (iat ?? 0)).toBeGreaterThanOrEqual(86_400);
    expect((exp ?? 0) - (iat ?? 0)).toBeLessThan(86_401);
    expect(jti).toEqual(expect.any(String));
    expect(decodeJwt(second).jti).not.toBe(jti);
  });

  it('grants a requested subset of the client scope, and adds resource to the audience', async () => {
    const response = await requestToken(cloud.emulator, {
      form: { scope: 'api.read', resource: 'https://api.example.test/' },
    });

    const { scope, access_token } = (await response.json()) as Record<string, string>;
    expect(scope).toBe('api.read');
    const { payload } = await verifyWithPublishedKey(access_token ?? '');
    expect(payload.aud).toEqual([`${cloud.emulator.url}/resources`, 'https://api.example.test/']);
    expect(payload.scope).toBe('api.read');
  });
});

describe('a rejected token request (RFC 6749 §5.2, IdentityServer statuses)', () => {
  const form = (fields: Record<string, string>): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const postCredentials = {
    grant_type: 'client_credentials',
    client_id: DEFAULT_CLIENT_ID,
    client_secret: DEFAULT_CLIENT_SECRET,
  };

  it.each<[string, () => RequestInit, string]>([
    [
      'a wrong secret',
      () => form({ ...postCredentials, client_secret: 'wrong-secret' }),
      'invalid_client',
    ],
    [
      'an unknown client id',
      () => form({ ...postCredentials, client_id: 'nobody' }),
      'invalid_client',
    ],
    ['no client credentials', () => form({ grant_type: 'client_credentials' }), 'invalid_client'],
    [
      'Basic credentials that are not base64',
      () => ({
        ...form({ grant_type: 'client_credentials' }),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: 'Basic %%%',
        },
      }),
      'invalid_client',
    ],
    [
      'another grant type',
      () => form({ ...postCredentials, grant_type: 'password' }),
      'unsupported_grant_type',
    ],
    [
      'no grant_type',
      () => form({ client_id: DEFAULT_CLIENT_ID, client_secret: DEFAULT_CLIENT_SECRET }),
      'invalid_request',
    ],
    [
      'a JSON body',
      () => ({
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(postCredentials),
      }),
      'invalid_request',
    ],
    [
      'a parameter sent twice',
      () => ({
        ...form(postCredentials),
        body: `${new URLSearchParams(postCredentials)}&grant_type=client_credentials`,
      }),
      'invalid_request',
    ],
    [
      'both Basic and form credentials',
      () => ({
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: basicAuthorization(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
        },
        body: new URLSearchParams(postCredentials).toString(),
      }),
      'invalid_request',
    ],
    [
      'a scope the client does not hold',
      () => form({ ...postCredentials, scope: 'admin' }),
      'invalid_scope',
    ],
  ])('answers 400 to %s', async (_case, init, error) => {
    const response = await fetch(cloud.emulator.tokenUrl, init());

    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error, error_description: expect.any(String) });
    expect(text).not.toContain('wrong-secret');
    expect(text).not.toContain(DEFAULT_CLIENT_SECRET);
    expect(cloud.emulator.stats.tokenRequests).toMatchObject({ total: 1, rejected: 1, issued: 0 });
  });

  it('answers 405 with Allow: POST to any other method', async () => {
    const response = await fetch(cloud.emulator.tokenUrl);

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('answers 413 to a body no token request would need', async () => {
    const response = await requestToken(cloud.emulator, { form: { padding: 'x'.repeat(100_000) } });

    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    expect(cloud.emulator.stats.tokenRequests.issued).toBe(0);
  });
});
