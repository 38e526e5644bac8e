import { describe, expect, it } from 'vitest';
import { asposeCloud, groupDocsCloud } from '../../src/shared/presets.js';
import { clientCredentials } from '../../src/token-endpoint/client-credentials.js';

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
});
