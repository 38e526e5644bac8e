import { DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { useEmulator } from '@cloud-token/emulator/testing';
import { CloudTokenExceptionFilter, CloudTokenModule } from '@cloud-token/nestjs';
import { Controller, Get, Module, NotFoundException } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cloudOptions } from './support/cloud-options.js';
import { useNestApps } from './support/nest-apps.js';
import { nestVersion } from './support/nest-major.js';
import { wordsModule } from './support/words-module.js';

@Controller('other')
class OtherController {
  @Get('missing')
  missing(): never {
    throw new NotFoundException('no such report');
  }

  @Get('broken')
  broken(): never {
    throw new Error('internal detail');
  }
}

@Module({ controllers: [OtherController] })
class OtherModule {}

describe(`CloudTokenExceptionFilter with ${nestVersion}`, () => {
  const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
  const apps = useNestApps();

  function startWithFilter(clientSecret = DEFAULT_CLIENT_SECRET) {
    return apps.start({
      imports: [
        CloudTokenModule.forRoot({ ...cloudOptions(cloud.emulator), clientSecret, isGlobal: true }),
        wordsModule(cloud.emulator.apiUrl),
        OtherModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: CloudTokenExceptionFilter }],
    });
  }

  it.each(['http', 'fetch'])(
    'answers a rate-limited token endpoint with 503, Retry-After and no secret (%s)',
    async (route) => {
      const { url } = await startWithFilter();
      cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '120' });
      const answer = await fetch(`${url}/words/${route}`);
      const body = await answer.text();
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('120');
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(body)).toMatchObject({
        type: 'about:blank',
        status: 503,
        code: 'ERR_RATE_LIMITED',
      });
      expect(body).not.toContain(DEFAULT_CLIENT_SECRET);
      // The cooldown holds the next caller back without another token request.
      const again = await fetch(`${url}/words/${route}`);
      await again.arrayBuffer();
      expect(again.status).toBe(503);
      expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
    },
  );

  it('answers rejected credentials with 502, never echoing the secret', async () => {
    const { url } = await startWithFilter('wrong-secret-value');
    const answer = await fetch(`${url}/words/http`);
    const body = await answer.text();
    expect(answer.status).toBe(502);
    expect(JSON.parse(body)).toMatchObject({ status: 502, code: 'ERR_CREDENTIALS_REJECTED' });
    expect(body).not.toContain('wrong-secret-value');
    expect(cloud.emulator.stats.apiRequests.total).toBe(0);
  });

  it("leaves every other exception to Nest's own handling", async () => {
    const { url } = await startWithFilter();
    const missing = await fetch(`${url}/other/missing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ statusCode: 404, message: 'no such report' });
    const broken = await fetch(`${url}/other/broken`);
    expect(broken.status).toBe(500);
    expect(await broken.text()).not.toContain('internal detail');
  });

  it('rejects a problemType that is not a function, naming it', () => {
    expect(() => new CloudTokenExceptionFilter(undefined, { problemType: 'x' as never })).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: 'problemType' }),
    );
    expect(() => new CloudTokenExceptionFilter(undefined, { problemTyp: 1 } as never)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTIONS', option: 'problemTyp' }),
    );
  });

  it('works as an application filter with its own problem types', async () => {
    const { url } = await apps.start(
      {
        imports: [
          CloudTokenModule.forRoot({ ...cloudOptions(cloud.emulator), isGlobal: true }),
          wordsModule(cloud.emulator.apiUrl),
        ],
      },
      (app) => {
        app.useGlobalFilters(
          new CloudTokenExceptionFilter(app.getHttpAdapter(), {
            problemType: (code) => `https://docs.example.test/problems/${code}`,
          }),
        );
      },
    );
    cloud.emulator.control.failTokenRequests(1, { kind: 'rate-limit', retryAfter: '30' });
    const answer = await fetch(`${url}/words/fetch`);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('30');
    expect(await answer.json()).toMatchObject({
      type: 'https://docs.example.test/problems/ERR_RATE_LIMITED',
      code: 'ERR_RATE_LIMITED',
    });
  });
});
