import { realCloudTargetFromEnv } from '@cloud-token/demo-kit';
import { describe, expect, it } from 'vitest';

describe('realCloudTargetFromEnv', () => {
  it('gives no target without both credentials in the environment', () => {
    expect(realCloudTargetFromEnv({})).toBeUndefined();
    expect(realCloudTargetFromEnv({ ASPOSE_CLIENT_ID: 'id' })).toBeUndefined();
    expect(realCloudTargetFromEnv({ ASPOSE_CLIENT_SECRET: 'secret' })).toBeUndefined();
    expect(
      realCloudTargetFromEnv({ ASPOSE_CLIENT_ID: '', ASPOSE_CLIENT_SECRET: 'secret' }),
    ).toBeUndefined();
  });

  it('defaults to Aspose Cloud', () => {
    expect(
      realCloudTargetFromEnv({ ASPOSE_CLIENT_ID: 'id', ASPOSE_CLIENT_SECRET: 'secret' }),
    ).toEqual({
      tokenUrl: 'https://api.aspose.cloud/connect/token',
      baseUrl: 'https://api.aspose.cloud/',
      clientId: 'id',
      clientSecret: 'secret',
      probePath: undefined,
    });
  });

  it('takes the token URL, the API base URL and the probe path from the environment', () => {
    expect(
      realCloudTargetFromEnv({
        ASPOSE_CLIENT_ID: 'id',
        ASPOSE_CLIENT_SECRET: 'secret',
        CLOUD_TOKEN_TOKEN_URL: 'https://id.groupdocs.cloud/connect/token',
        CLOUD_TOKEN_API_BASE_URL: 'https://api.groupdocs.cloud/',
        CLOUD_TOKEN_PROBE_PATH: 'v1/viewer/info',
      }),
    ).toEqual({
      tokenUrl: 'https://id.groupdocs.cloud/connect/token',
      baseUrl: 'https://api.groupdocs.cloud/',
      clientId: 'id',
      clientSecret: 'secret',
      probePath: 'v1/viewer/info',
    });
  });
});
