import { realCloudTargetsFromEnv } from '@cloud-token/demo-kit';
import { describe, expect, it } from 'vitest';

describe('realCloudTargetsFromEnv', () => {
  it('gives no target without both credentials of a cloud in the environment', () => {
    expect(realCloudTargetsFromEnv({})).toEqual([]);
    expect(realCloudTargetsFromEnv({ ASPOSE_CLIENT_ID: 'id' })).toEqual([]);
    expect(realCloudTargetsFromEnv({ GROUPDOCS_CLIENT_SECRET: 'secret' })).toEqual([]);
    expect(
      realCloudTargetsFromEnv({ ASPOSE_CLIENT_ID: '', ASPOSE_CLIENT_SECRET: 'secret' }),
    ).toEqual([]);
  });

  it('defaults to each cloud’s public endpoints', () => {
    expect(
      realCloudTargetsFromEnv({
        ASPOSE_CLIENT_ID: 'a-id',
        ASPOSE_CLIENT_SECRET: 'a-secret',
        GROUPDOCS_CLIENT_ID: 'g-id',
        GROUPDOCS_CLIENT_SECRET: 'g-secret',
      }),
    ).toEqual([
      {
        cloud: 'Aspose Cloud',
        tokenUrl: 'https://api.aspose.cloud/connect/token',
        baseUrl: 'https://api.aspose.cloud/',
        clientId: 'a-id',
        clientSecret: 'a-secret',
        probePath: undefined,
      },
      {
        cloud: 'GroupDocs Cloud',
        tokenUrl: 'https://api.groupdocs.cloud/connect/token',
        baseUrl: 'https://api.groupdocs.cloud/',
        clientId: 'g-id',
        clientSecret: 'g-secret',
        probePath: undefined,
      },
    ]);
  });

  it('takes the token URL, the API base URL and the probe path (made relative) from the environment', () => {
    expect(
      realCloudTargetsFromEnv({
        GROUPDOCS_CLIENT_ID: 'id',
        GROUPDOCS_CLIENT_SECRET: 'secret',
        GROUPDOCS_TOKEN_URL: 'https://id.groupdocs.cloud/connect/token',
        GROUPDOCS_BASE_URL: 'https://api.groupdocs.cloud/',
        GROUPDOCS_PROBE_PATH: '/v1/viewer/formats',
      }),
    ).toEqual([
      {
        cloud: 'GroupDocs Cloud',
        tokenUrl: 'https://id.groupdocs.cloud/connect/token',
        baseUrl: 'https://api.groupdocs.cloud/',
        clientId: 'id',
        clientSecret: 'secret',
        probePath: 'v1/viewer/formats',
      },
    ]);
  });

  it('gives no target in CI, whatever credentials it finds', () => {
    const credentials = { ASPOSE_CLIENT_ID: 'id', ASPOSE_CLIENT_SECRET: 'secret' };
    expect(realCloudTargetsFromEnv({ ...credentials, CI: 'true' })).toEqual([]);
    expect(realCloudTargetsFromEnv({ ...credentials, CI: '1' })).toEqual([]);
    expect(realCloudTargetsFromEnv({ ...credentials, CI: 'false' })).toHaveLength(1);
  });
});
