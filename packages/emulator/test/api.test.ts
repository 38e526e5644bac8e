import { createHash, randomBytes } from 'node:crypto';
import { startEmulator } from '@cloud-token/emulator';
import { getAccessToken, useEmulator } from '@cloud-token/emulator/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const cloud = useEmulator(
  { beforeAll, beforeEach, afterAll },
  { emulator: { tokenTtlSeconds: 60 } },
);

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

describe('an authenticated API request', () => {
  it('without a body: 200 JSON describing the request, and the token jti in x-emulator-jti', async () => {
    const token = await getAccessToken(cloud.emulator);
    const { jti } = decodeJwt(token);

    const response = await fetch(
      `${cloud.emulator.apiUrl}/words/doc.docx?storage=s1&folder=a%20b`,
      {
        method: 'DELETE',
        headers: bearer(token),
      },
    );

    expect(response.status).toBe(200);
    expect(response.headers.get('x-emulator-jti')).toBe(jti);
    expect(await response.json()).toEqual({
      method: 'DELETE',
      path: '/v4.0/words/doc.docx',
      query: { storage: 's1', folder: 'a b' },
      clientId: 'emulator-client',
      jti,
    });
    expect(cloud.emulator.stats.apiRequestLog).toEqual([
      {
        method: 'DELETE',
        url: '/v4.0/words/doc.docx?storage=s1&folder=a%20b',
        status: 200,
        jti,
        hadAuthorization: true,
        tokenPreview: `${token.slice(0, 6)}…${token.slice(-6)}`,
        bodySha256: undefined,
      },
    ]);
  });

  it.each(['PUT', 'POST', 'PATCH'])(
    'with a body (%s): echoes the exact bytes and Content-Type',
    async (method) => {
      const token = await getAccessToken(cloud.emulator);
      const bytes = Buffer.concat([randomBytes(300_000), Buffer.from([0, 0xff, 0xfe, 0x0d, 0x0a])]);

      const response = await fetch(`${cloud.emulator.apiUrl}/storage/file/blob.bin`, {
        method,
        headers: { ...bearer(token), 'content-type': 'application/octet-stream' },
        body: bytes,
      });

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(response.headers.get('x-emulator-jti')).toBe(decodeJwt(token).jti);
      expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
      const digest = createHash('sha256').update(bytes).digest('hex');
      expect(cloud.emulator.stats.apiRequestLog.at(-1)?.bodySha256).toBe(digest);
    },
  );

  it('answers HEAD with headers only', async () => {
    const token = await getAccessToken(cloud.emulator);

    const response = await fetch(`${cloud.emulator.apiUrl}/words`, {
      method: 'HEAD',
      headers: bearer(token),
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-emulator-jti')).toBe(decodeJwt(token).jti);
    expect(await response.text()).toBe('');
  });

  it('answers 405 to a method the API does not have', async () => {
    const token = await getAccessToken(cloud.emulator);

    const response = await fetch(cloud.emulator.apiUrl, {
      method: 'OPTIONS',
      headers: bearer(token),
    });

    expect(response.status).toBe(405);
    expect(cloud.emulator.stats.apiRequests.byStatus[405]).toBe(1);
  });
});

describe('product paths', () => {
  /** The answer to a GET with `token` on `path`, without the jti that differs per call. */
  async function answerOn(path: string, token: string) {
    const response = await fetch(`${cloud.emulator.url}${path}`, { headers: bearer(token) });
    const body = (await response.json()) as Record<string, unknown>;
    return { status: response.status, jti: response.headers.get('x-emulator-jti'), body };
  }

  it.each([
    '/v3.0/cells/book.xlsx/worksheets',
    '/v1/viewer/contract.pdf/pages',
    '/v2.0/pdf/doc.pdf',
    '/v1.0/conversion/convert',
  ])('%s answers like /v4.0/words/…', async (path) => {
    const token = await getAccessToken(cloud.emulator);

    const words = await answerOn('/v4.0/words/doc.docx?storage=s1', token);
    const other = await answerOn(`${path}?storage=s1`, token);

    expect(other).toEqual({
      ...words,
      body: { ...words.body, path },
    });
    expect(other.status).toBe(200);
  });

  it.each(['/v3.0/cells/book.xlsx', '/v1/viewer/contract.pdf'])(
    '%s answers 401 without a token, like /v4.0',
    async (path) => {
      const response = await fetch(`${cloud.emulator.url}${path}`);

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    },
  );

  it.each(['/viewer/x', '/vx/words', '/v/words', '/api/v4.0/words'])(
    '%s is not an API path: 404',
    async (path) => {
      const response = await fetch(`${cloud.emulator.url}${path}`);
      await response.arrayBuffer();

      expect(response.status).toBe(404);
      expect(cloud.emulator.stats.apiRequests.total).toBe(0);
    },
  );
});

describe('401 Unauthorized (RFC 6750)', () => {
  async function expectInvalidToken(headers: Record<string, string>, description: RegExp) {
    const response = await fetch(`${cloud.emulator.apiUrl}/words`, { headers });

    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    expect(await response.json()).toEqual({
      error: 'invalid_token',
      error_description: expect.stringMatching(description),
    });
  }

  it('without an Authorization header', async () => {
    await expectInvalidToken({}, /no bearer/i);
    expect(cloud.emulator.stats.apiRequestLog[0]).toMatchObject({
      status: 401,
      hadAuthorization: false,
      jti: undefined,
    });
  });

  it('with another scheme or a garbage token', async () => {
    const token = await getAccessToken(cloud.emulator);
    await expectInvalidToken({ authorization: `Basic ${token}` }, /no bearer/i);
    await expectInvalidToken(bearer('garbage'), /not a JWT/i);
    const [header, payload] = token.split('.');
    await expectInvalidToken(bearer(`${header}.${payload}.AAAA`), /invalid/i);
    expect(cloud.emulator.stats.apiRequests).toEqual({ total: 3, byStatus: { 401: 3 } });
  });

  it('with a token signed by another issuer key', async () => {
    const other = await startEmulator();
    try {
      await expectInvalidToken(bearer(await getAccessToken(other)), /invalid/i);
    } finally {
      await other.close();
    }
  });

  it('once the token expired on the emulator clock (advanceTime)', async () => {
    const token = await getAccessToken(cloud.emulator);
    cloud.emulator.control.advanceTime(59_000);
    const stillValid = await fetch(cloud.emulator.apiUrl, { headers: bearer(token) });
    expect(stillValid.status).toBe(200);

    cloud.emulator.control.advanceTime(1_000);

    await expectInvalidToken(bearer(token), /expired/i);
  });

  it('once all tokens were revoked (key rotation); new tokens work', async () => {
    const token = await getAccessToken(cloud.emulator);

    cloud.emulator.control.revokeAllTokens();

    await expectInvalidToken(bearer(token), /revoked/i);
    const fresh = await getAccessToken(cloud.emulator);
    expect((await fetch(cloud.emulator.apiUrl, { headers: bearer(fresh) })).status).toBe(200);
  });
});

describe('scaled token lifetime', () => {
  it('expires a 60 s token after 60 ms of emulator time at timeScale 0.001', async () => {
    const scaled = await startEmulator({ tokenTtlSeconds: 60, timeScale: 0.001 });
    try {
      const response = await fetch(scaled.tokenUrl, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'emulator-client',
          client_secret: 'emulator-secret',
        }),
      });
      const { access_token, expires_in } = (await response.json()) as Record<string, string>;
      expect(expires_in).toBe(60);

      scaled.control.advanceTime(60);

      const expired = await fetch(scaled.apiUrl, { headers: bearer(access_token ?? '') });
      expect(expired.status).toBe(401);
    } finally {
      await scaled.close();
    }
  });
});

describe('failApiRequests', () => {
  it('answers the next authenticated requests with the fault, Retry-After included', async () => {
    const token = await getAccessToken(cloud.emulator);
    cloud.emulator.control.failApiRequests(2, { status: 429, retryAfter: '1' });
    cloud.emulator.control.failApiRequests(1, { status: 503 });

    const unauthenticated = await fetch(cloud.emulator.apiUrl);
    const answers = [];
    for (let index = 0; index < 4; index += 1) {
      const response = await fetch(cloud.emulator.apiUrl, { headers: bearer(token) });
      await response.body?.cancel();
      answers.push([response.status, response.headers.get('retry-after')]);
    }

    expect(unauthenticated.status).toBe(401);
    expect(answers).toEqual([
      [429, '1'],
      [429, '1'],
      [503, null],
      [200, null],
    ]);
    expect(cloud.emulator.stats.apiRequests.byStatus).toEqual({ 401: 1, 429: 2, 503: 1, 200: 1 });
  });

  it.each<[unknown, unknown]>([
    [1, { status: 42 }],
    [1, { status: 429, retryAfter: 7 }],
    [-2, { status: 429 }],
  ])('rejects count %o with fault %o at once', (count, fault) => {
    expect(() =>
      cloud.emulator.control.failApiRequests(count as number, fault as { status: number }),
    ).toThrow(/failApiRequests/);
  });
});
