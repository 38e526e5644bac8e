import { DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { useEmulator } from '@cloud-token/emulator/testing';
import { CloudTokenModule, CloudTokenService } from '@cloud-token/nestjs';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import {
  expectNotReadyWhenRejected,
  expectNotReadyWhileThrottled,
  expectReadyAfterColdStart,
} from '../../core/test/support/readiness-probes.js';
import { cloudOptions } from './support/cloud-options.js';
import { useNestApps } from './support/nest-apps.js';
import { nestVersion } from './support/nest-major.js';

/** The readiness controller the README shows (Express platform). */
@Controller()
class HealthController {
  constructor(@Inject(CloudTokenService) private readonly cloud: CloudTokenService) {}

  @Get('readyz')
  async readyz(@Res({ passthrough: true }) response: ExpressResponse): Promise<object> {
    const { status, headers, body } = await this.cloud.readiness({ timeoutMs: 2_000 });
    response.status(status).set(headers);
    return body;
  }
}

interface ExpressResponse {
  status(code: number): ExpressResponse;
  set(headers: Readonly<Record<string, string>>): ExpressResponse;
}

describe(`CloudTokenService.readiness() with ${nestVersion}`, () => {
  const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
  const apps = useNestApps();

  async function readyzUrl(clientSecret = DEFAULT_CLIENT_SECRET): Promise<string> {
    const { url } = await apps.start({
      imports: [
        CloudTokenModule.forRoot({
          ...cloudOptions(cloud.emulator),
          clientSecret,
          retry: { attempts: 1 },
        }),
      ],
      controllers: [HealthController],
    });
    return `${url}/readyz`;
  }

  it('answers 200 on a cold start after one token request, then from the cached token', async () => {
    await expectReadyAfterColdStart(await readyzUrl(), cloud.emulator);
  });

  it('answers 503 with Retry-After while the token endpoint is rate limited, sending no more requests', async () => {
    await expectNotReadyWhileThrottled(await readyzUrl(), cloud.emulator);
  });

  it('answers 503 for rejected credentials without echoing the secret', async () => {
    await expectNotReadyWhenRejected(await readyzUrl('wr0ng-s3cret'), 'wr0ng-s3cret');
  });
});
