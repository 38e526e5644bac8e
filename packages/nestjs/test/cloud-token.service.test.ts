import { DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { useEmulator } from '@cloud-token/emulator/testing';
import { CloudTokenModule, CloudTokenService } from '@cloud-token/nestjs';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
    const url = await readyzUrl();
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(await first.json()).toMatchObject({ ready: true, store: 'local' });
    expect((await fetch(url)).status).toBe(200);
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
  });

  it('answers 503 with Retry-After while the token endpoint is rate limited, sending no more requests', async () => {
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
    const url = await readyzUrl();
    for (const reason of ['ERR_RATE_LIMITED', 'rate-limited']) {
      const answer = await fetch(url);
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toMatch(/^1[12]\d$/);
      expect(await answer.json()).toEqual({ ready: false, reason, store: 'local' });
    }
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
  });

  it('answers 503 for rejected credentials without echoing the secret', async () => {
    const answer = await fetch(await readyzUrl('wr0ng-s3cret'));
    expect(answer.status).toBe(503);
    const text = await answer.text();
    expect(JSON.parse(text)).toMatchObject({ ready: false, reason: 'ERR_CREDENTIALS_REJECTED' });
    expect(text).not.toContain('wr0ng-s3cret');
  });
});
