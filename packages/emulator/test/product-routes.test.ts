import { readFile } from 'node:fs/promises';
import { DEFAULT_CLIENT_ID } from '@cloud-token/emulator';
import { getAccessToken, requestToken, useEmulator } from '@cloud-token/emulator/testing';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { productRoutes } from '../src/product-routes.js';
import { tokenEndpointPaths } from '../src/token-endpoint.js';

const cloud = useEmulator({ beforeAll, beforeEach, afterAll });

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

async function call(method: string, path: string, body?: BodyInit, contentType?: string) {
  const token = await getAccessToken(cloud.emulator);
  const headers = {
    ...bearer(token),
    ...(contentType === undefined ? {} : { 'content-type': contentType }),
  };
  const response = await fetch(`${cloud.emulator.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  return { response, jti: decodeJwt(token).jti };
}

describe('the SDKs’ token paths', () => {
  it.each(['/connect/token', '/v4.0/words/connect/token'])(
    '%s answers a client_credentials request with a token',
    async (path) => {
      const response = await fetch(`${cloud.emulator.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: DEFAULT_CLIENT_ID,
          client_secret: 'emulator-secret',
        }),
      });

      expect(response.status).toBe(200);
      const answer = (await response.json()) as { access_token: string; token_type: string };
      expect(answer.token_type).toBe('Bearer');
      expect(decodeJwt(answer.access_token).client_id).toBe(DEFAULT_CLIENT_ID);
      expect(cloud.emulator.stats.tokenRequests).toMatchObject({ total: 1, issued: 1 });
      expect(cloud.emulator.stats.apiRequests.total).toBe(0);
    },
  );

  it('a wrong secret on the Words path counts toward the same lockout', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await fetch(`${cloud.emulator.url}/v4.0/words/connect/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: DEFAULT_CLIENT_ID,
          client_secret: 'wrong',
        }),
      });
      expect(wrong.status).toBe(400);
    }
    const locked = await requestToken(cloud.emulator, {
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: 'wrong',
    });

    expect(locked.status).toBe(429);
    expect(cloud.emulator.stats.lockouts).toBe(1);
  });

  it('lists exactly these paths', () => {
    expect(tokenEndpointPaths).toEqual(['/connect/token', '/v4.0/words/connect/token']);
  });

  it.each(['/v3.0/cells/connect/token', '/v4.0/words/connect/tokens'])(
    '%s is no token path: an API path that wants a bearer token',
    async (path) => {
      const response = await fetch(`${cloud.emulator.url}${path}`, { method: 'POST' });
      await response.arrayBuffer();

      expect(response.status).toBe(401);
      expect(cloud.emulator.stats.tokenRequests.total).toBe(0);
    },
  );

  it.each(['/connect/tokens', '/words/connect/token', '/oauth2/token'])(
    '%s stays a 404',
    async (path) => {
      const response = await fetch(`${cloud.emulator.url}${path}`, { method: 'POST' });

      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: 'not_found' });
      expect(cloud.emulator.stats.tokenRequests.total).toBe(0);
    },
  );
});

describe('the SDKs’ API calls', () => {
  it('Words statistics: StatDataResponse, with the request description the generic answer has', async () => {
    const { response, jti } = await call('GET', '/v4.0/words/report.docx/statistics?storage=s1');

    expect(response.status).toBe(200);
    expect(response.headers.get('x-emulator-jti')).toBe(jti);
    expect(await response.json()).toMatchObject({
      method: 'GET',
      path: '/v4.0/words/report.docx/statistics',
      query: { storage: 's1' },
      clientId: DEFAULT_CLIENT_ID,
      jti,
      RequestId: 'emulator-report.docx',
      StatData: { WordCount: 1234, PageCount: 3, PageStatData: expect.any(Array) },
    });
  });

  it.each([
    {
      path: '/v4.0/words/convert?format=pdf',
      method: 'PUT',
      type: 'application/pdf',
      start: '%PDF-',
    },
    {
      path: '/v3.0/cells/convert?format=csv',
      method: 'PUT',
      type: 'text/csv; charset=utf-8',
      start: 'converted',
    },
    { path: '/v3.0/slides/convert/pdf', method: 'POST', type: 'application/pdf', start: '%PDF-' },
    {
      path: '/v2.0/conversion?format=html',
      method: 'PUT',
      type: 'text/html; charset=utf-8',
      start: 'converted',
    },
    {
      path: '/v3.0/pdf/a.pdf/convert/doc?format=docx',
      method: 'GET',
      type: expect.stringContaining('wordprocessingml'),
      start: 'converted',
    },
  ])('$method $path answers a converted file', async ({ path, method, type, start }) => {
    const source =
      method === 'GET' ? undefined : Buffer.from('a source document of 37 bytes, padded');

    const { response } = await call(method, path, source, 'application/octet-stream');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toEqual(type);
    const text = await response.text();
    expect(text.startsWith(start)).toBe(true);
    expect(text).toContain(`from ${source?.length ?? 0} bytes`);
  });

  it('PDF pages: a page list (the page count)', async () => {
    const { response } = await call('GET', '/v3.0/pdf/a.pdf/pages');

    expect(await response.json()).toMatchObject({
      Code: 200,
      Pages: { List: [{ Id: 1 }, { Id: 2 }] },
    });
  });

  it('Cells document properties', async () => {
    const { response } = await call('GET', '/v3.0/cells/book.xlsx/documentproperties');

    expect(await response.json()).toMatchObject({
      Code: 200,
      DocumentProperties: { DocumentPropertyList: [{ Name: 'Title', Value: 'book.xlsx' }, {}] },
    });
  });

  it('Conversion: formats and a stored conversion answer JSON arrays, as the SDK reads them', async () => {
    const formats = await call('GET', '/v2.0/conversion/formats');
    const stored = await call(
      'POST',
      '/v2.0/conversion',
      JSON.stringify({ filePath: 'in/report.docx', format: 'pdf' }),
      'application/json',
    );

    expect(await formats.response.json()).toContainEqual({
      sourceFormat: 'docx',
      targetFormats: ['pdf', 'html', 'png'],
    });
    expect(await stored.response.json()).toEqual([
      {
        name: 'in/report.pdf',
        size: 1024,
        path: 'in/report.pdf',
        url: '/conversion/storage/file/in/report.pdf',
      },
    ]);
  });

  it('Viewer: info, view and formats', async () => {
    const info = await call('POST', '/v2.0/viewer/info', '{}', 'application/json');
    const view = await call('POST', '/v2.0/viewer/view', '{}', 'application/json');
    const formats = await call('GET', '/v2.0/viewer/formats');

    expect(await info.response.json()).toMatchObject({
      formatExtension: '.docx',
      pages: [{ number: 1 }, { number: 2 }],
    });
    expect(await view.response.json()).toMatchObject({
      pages: [{ number: 1, path: expect.any(String) }, {}],
    });
    expect(await formats.response.json()).toMatchObject({
      formats: expect.arrayContaining([
        { extension: '.pdf', fileFormat: 'Portable Document Format' },
      ]),
    });
  });

  it('uploads (Words, PDF) answer FilesUploadResult', async () => {
    const words = await call(
      'PUT',
      '/v4.0/words/storage/file/in/doc.docx',
      'bytes',
      'application/octet-stream',
    );
    const pdf = await call(
      'PUT',
      '/v3.0/pdf/storage/file/a.pdf',
      'bytes',
      'application/octet-stream',
    );

    expect(await words.response.json()).toMatchObject({ Uploaded: ['doc.docx'], Errors: [] });
    expect(await pdf.response.json()).toMatchObject({ Uploaded: ['a.pdf'], Errors: [] });
  });

  it('a product route wants a valid token like any API path', async () => {
    const response = await fetch(`${cloud.emulator.url}/v4.0/words/report.docx/statistics`);
    await response.arrayBuffer();

    expect(response.status).toBe(401);
  });

  it('the same path with another method falls back to the generic answer', async () => {
    const { response } = await call('DELETE', '/v4.0/words/report.docx/statistics');

    expect(await response.json()).toEqual({
      method: 'DELETE',
      path: '/v4.0/words/report.docx/statistics',
      query: {},
      clientId: DEFAULT_CLIENT_ID,
      jti: expect.any(String),
    });
  });

  it('faults still come first: a queued 429 answers a product route', async () => {
    cloud.emulator.control.failApiRequests(1, { status: 429, retryAfter: '1' });

    const { response } = await call('GET', '/v4.0/words/report.docx/statistics');
    await response.arrayBuffer();

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('1');
  });
});

it('the README lists every product route', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  for (const route of productRoutes) expect(readme).toContain(route.call);
});
