import { inspect } from 'node:util';
import { DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { useEmulator } from '@cloud-token/emulator/testing';
import {
  CLOUD_TOKEN_SOURCE,
  CloudTokenModule,
  CloudTokenService,
  type TokenSource,
} from '@cloud-token/nestjs';
import { CloudTokenHttpBinding } from '@cloud-token/nestjs/http';
import { HttpModule, HttpService } from '@nestjs/axios';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cloudOptions } from './support/cloud-options.js';
import { getMany, useNestApps } from './support/nest-apps.js';
import { nestVersion } from './support/nest-major.js';
import { wordsModule } from './support/words-module.js';

describe(`CloudTokenHttpBinding with ${nestVersion}`, () => {
  const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
  const apps = useNestApps();

  /** ConfigModule + forRootAsync(ConfigService) + a feature module with HttpModule.register(). */
  function startConfiguredApp() {
    return apps.start({
      imports: [
        ConfigModule.forRoot({
          ignoreEnvFile: true,
          load: [() => ({ cloud: cloudOptions(cloud.emulator) })],
        }),
        CloudTokenModule.forRootAsync({
          isGlobal: true,
          imports: [ConfigModule],
          inject: [ConfigService],
          useFactory: (config: ConfigService) => ({
            tokenUrl: config.getOrThrow<string>('cloud.tokenUrl'),
            clientId: config.getOrThrow<string>('cloud.clientId'),
            clientSecret: config.getOrThrow<string>('cloud.clientSecret'),
            baseUrl: config.getOrThrow<string>('cloud.baseUrl'),
          }),
        }),
        wordsModule(cloud.emulator.apiUrl),
      ],
    });
  }

  // Through CloudTokenService.fetch: the server-adapter conformance suite (cloud-token.conformance.test.ts).
  it('answers 200 concurrent requests through its HttpService with one token request', async () => {
    const { url } = await startConfiguredApp();
    const statuses = await getMany(`${url}/words/http`, 200);
    expect(statuses.filter((status) => status === 200)).toHaveLength(200);
    expect(cloud.emulator.stats.tokenRequests.total).toBe(1);
    expect(cloud.emulator.stats.apiRequests.total).toBe(200);
    expect(cloud.emulator.stats.apiRequestLog.every((call) => call.hadAuthorization)).toBe(true);
    expect(new Set(cloud.emulator.stats.apiRequestLog.map((call) => call.jti)).size).toBe(1);
  });

  it.each(['http', 'fetch'])(
    'renews once and replays after the signing key rotates (%s)',
    async (route) => {
      const { url } = await startConfiguredApp();
      expect(await getMany(`${url}/words/${route}`, 1)).toEqual([200]);
      cloud.emulator.control.revokeAllTokens();
      const statuses = await getMany(`${url}/words/${route}`, 50);
      expect(statuses.filter((status) => status === 200)).toHaveLength(50);
      expect(cloud.emulator.stats.tokenRequests.issued).toBe(2);
      // Every refused call was replayed with the one new token.
      expect(cloud.emulator.stats.apiRequests.byStatus[401]).toBeGreaterThan(0);
      expect(cloud.emulator.stats.apiRequests.byStatus[200]).toBe(51);
    },
  );

  it('refuses a plain HttpModule (the global axios instance) and leaves it untouched', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        CloudTokenModule.forRoot({ ...cloudOptions(cloud.emulator), isGlobal: true }),
        HttpModule,
      ],
      providers: [CloudTokenHttpBinding],
    }).compile();
    const globalAxios = moduleRef.get(HttpService).axiosRef;
    // Only the default export of axios carries these; an axios.create() instance does not.
    expect(globalAxios).toHaveProperty('Axios');
    expect(globalAxios).toHaveProperty('isCancel');
    const before = interceptorCounts(globalAxios);
    const app = moduleRef.createNestApplication({ logger: false });
    await expect(app.init()).rejects.toMatchObject({
      code: 'ERR_USAGE',
      message: expect.stringContaining('HttpModule.register()'),
    });
    expect(interceptorCounts(globalAxios)).toEqual(before);
    await app.close();
    expect(cloud.emulator.stats.tokenRequests.total).toBe(0);
  });

  it('ejects its interceptors on module destroy and closes the token source', async () => {
    const { app, url } = await startConfiguredApp();
    expect(await getMany(`${url}/words/http`, 1)).toEqual([200]);
    const http = app.get(HttpService, { strict: false });
    const source = app.get<TokenSource>(CLOUD_TOKEN_SOURCE, { strict: false });
    expect(interceptorCounts(http.axiosRef)).toEqual({ request: 1, response: 1 });
    await app.close();
    expect(interceptorCounts(http.axiosRef)).toEqual({ request: 0, response: 0 });
    await expect(source.getToken()).rejects.toMatchObject({ code: 'ERR_USAGE' });
  });

  it('closes the token source even when ejecting fails, and close() still resolves', async () => {
    const { app } = await startConfiguredApp();
    const http = app.get(HttpService, { strict: false });
    const source = app.get<TokenSource>(CLOUD_TOKEN_SOURCE, { strict: false });
    http.axiosRef.interceptors.request.eject = () => {
      throw new Error('eject failed');
    };
    await expect(app.close()).resolves.toBeUndefined();
    await expect(source.getToken()).rejects.toMatchObject({ code: 'ERR_USAGE' });
  });

  it('keeps the secret out of util.inspect and JSON.stringify of its providers', async () => {
    const { app, url } = await startConfiguredApp();
    expect(await getMany(`${url}/words/http`, 1)).toEqual([200]);
    const shown = [CloudTokenHttpBinding, CloudTokenService, CLOUD_TOKEN_SOURCE, CloudTokenModule]
      .map((token) => app.get(token as never, { strict: false }))
      .map((provider) => `${inspect(provider, { depth: 10 })} ${JSON.stringify(provider)}`)
      .join('\n');
    expect(shown).toContain('CloudTokenHttpBinding');
    expect(shown).not.toContain(DEFAULT_CLIENT_SECRET);
  });

  it('never shows the secret in what a failed call answers', async () => {
    const { url } = await apps.start({
      imports: [
        CloudTokenModule.forRoot({
          ...cloudOptions(cloud.emulator),
          clientSecret: 'wrong-secret-value',
          isGlobal: true,
        }),
        wordsModule(cloud.emulator.apiUrl),
      ],
    });
    const answer = await fetch(`${url}/words/http`);
    const body = await answer.text();
    // Nest's own handler already answers a cloud-token error with its status (no filter here).
    expect(answer.status).toBe(502);
    expect(body).not.toContain('wrong-secret-value');
    expect(body).not.toContain(DEFAULT_CLIENT_SECRET);
    expect(cloud.emulator.stats.apiRequests.total).toBe(0);
  });
});

/** axios's interceptor managers have `forEach` (it skips ejected ones); their types omit it. */
interface Countable {
  forEach(visit: (handler: unknown) => void): void;
}

/** How many interceptors are in use. */
function interceptorCounts(instance: { interceptors: { request: object; response: object } }): {
  request: number;
  response: number;
} {
  const count = (manager: object): number => {
    let used = 0;
    (manager as Countable).forEach(() => {
      used += 1;
    });
    return used;
  };
  return {
    request: count(instance.interceptors.request),
    response: count(instance.interceptors.response),
  };
}
