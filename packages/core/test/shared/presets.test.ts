import { describe, expect, it } from 'vitest';
import { createAuthorizedFetch } from '../../src/call/authorized-fetch.js';
import { asposeCloud, type CloudPreset, groupDocsCloud } from '../../src/shared/presets.js';
import { clientCredentials } from '../../src/token-endpoint/client-credentials.js';
import { createTokenSource } from '../../src/token-source/token-source.js';

describe('presets', () => {
  it('name the public token endpoints and API bases', () => {
    expect(asposeCloud).toEqual({
      tokenUrl: 'https://api.aspose.cloud/connect/token',
      baseUrl: 'https://api.aspose.cloud/',
    });
    expect(groupDocsCloud).toEqual({
      tokenUrl: 'https://api.groupdocs.cloud/connect/token',
      baseUrl: 'https://api.groupdocs.cloud/',
    });
  });

  it('are frozen', () => {
    expect(Object.isFrozen(asposeCloud)).toBe(true);
    expect(Object.isFrozen(groupDocsCloud)).toBe(true);
  });

  it('spread into clientCredentials, with the token URL overridable alone', () => {
    const grant = clientCredentials({ ...asposeCloud, clientId: 'id', clientSecret: 'secret' });
    expect(grant.tokenUrl.href).toBe(asposeCloud.tokenUrl);
    const viaId = clientCredentials({
      ...groupDocsCloud,
      tokenUrl: 'https://id.groupdocs.cloud/connect/token',
      clientId: 'id',
      clientSecret: 'secret',
    });
    expect(viaId.tokenUrl.host).toBe('id.groupdocs.cloud');
  });

  it('spread with credentials, gives a token source and an authorized fetch that needs no options (issue 8)', async () => {
    const preset: CloudPreset = {
      tokenUrl: 'https://id.aspose.cloud/connect/token',
      baseUrl: 'https://api.aspose.cloud/v4.0/',
    };
    const sent: string[] = [];
    const source = createTokenSource(
      clientCredentials({ ...preset, clientId: 'id', clientSecret: 'secret' }),
      {
        fetch: async () =>
          Response.json({ access_token: 'a.b.c', token_type: 'Bearer', expires_in: 3600 }),
      },
    );
    const api = createAuthorizedFetch(source, {
      fetch: async (input, init) => {
        sent.push(`${String(input)} ${new Headers(init?.headers).get('authorization') ?? 'none'}`);
        return new Response('ok');
      },
    });
    await api('words/a.docx');
    await api('https://elsewhere.example/x');
    expect(sent).toEqual([
      'https://api.aspose.cloud/v4.0/words/a.docx Bearer a.b.c',
      'https://elsewhere.example/x none',
    ]);
    source.close();
  });

  it('spread alone, refuses a relative call outside the versioned API, naming the baseUrl to give (issue 23)', async () => {
    const sent: string[] = [];
    const fetch = async (input: string | URL | Request) => {
      sent.push(String(input));
      return String(input).endsWith('/connect/token')
        ? Response.json({ access_token: 'a.b.c', token_type: 'Bearer', expires_in: 3600 })
        : new Response('not found', { status: 404 });
    };
    const source = createTokenSource(
      clientCredentials({ ...asposeCloud, clientId: 'id', clientSecret: 'secret' }),
      { fetch },
    );
    const api = createAuthorizedFetch(source, { fetch });
    // Was sent to https://api.aspose.cloud/words/report.docx/statistics: a 404, nothing said.
    await expect(api('words/report.docx/statistics')).rejects.toMatchObject({
      code: 'ERR_USAGE',
      message: expect.stringContaining('e.g. https://api.aspose.cloud/v4.0/'),
    });
    expect(sent).toEqual([]);
    // The version in the path, or the product's baseUrl, reaches the API.
    await api('v4.0/words/report.docx/statistics');
    const words = createAuthorizedFetch(source, {
      baseUrl: 'https://api.aspose.cloud/v4.0/',
      fetch,
    });
    await words('words/report.docx/statistics');
    expect(sent.filter((url) => !url.endsWith('/connect/token'))).toEqual([
      'https://api.aspose.cloud/v4.0/words/report.docx/statistics',
      'https://api.aspose.cloud/v4.0/words/report.docx/statistics',
    ]);
    source.close();
  });
});
