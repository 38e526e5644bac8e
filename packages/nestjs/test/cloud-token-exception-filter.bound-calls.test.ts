import { useEmulator } from '@cloud-token/emulator/testing';
import { CloudTokenExceptionFilter, CloudTokenModule } from '@cloud-token/nestjs';
import { Controller, Get, HttpException, Inject, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import axios from 'axios';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cloudOptions } from './support/cloud-options.js';
import { useNestApps } from './support/nest-apps.js';
import { nestVersion } from './support/nest-major.js';
import { wordsModule } from './support/words-module.js';

/** Where the application's own calls go: the emulator's API. */
const API_URL = Symbol('api url');

/** Errors of the application's own, which the filter must leave to Nest. */
@Controller('own')
class OwnErrorsController {
  constructor(@Inject(API_URL) private readonly apiUrl: string) {}

  /** An axios instance of the application's own (no token): the API answers 401. */
  @Get('axios')
  async ownAxios(): Promise<unknown> {
    const { data } = await axios.create({ baseURL: `${this.apiUrl}/` }).get('words/report.docx');
    return data;
  }

  @Get('http-exception')
  httpException(): never {
    throw new HttpException({ reason: 'slow down' }, 429);
  }
}

describe(`CloudTokenExceptionFilter and a bound HttpService with ${nestVersion}`, () => {
  const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
  const apps = useNestApps();

  function start() {
    @Module({
      controllers: [OwnErrorsController],
      providers: [{ provide: API_URL, useValue: cloud.emulator.apiUrl }],
    })
    class OwnErrorsModule {}
    return apps.start({
      imports: [
        CloudTokenModule.forRoot({ ...cloudOptions(cloud.emulator), isGlobal: true }),
        wordsModule(cloud.emulator.apiUrl),
        OwnErrorsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: CloudTokenExceptionFilter }],
    });
  }

  it.each([
    [429, '30'],
    [503, '30'],
    [429, 'Wed, 21 Oct 2037 07:28:00 GMT'],
  ])(
    "answers the cloud's %i with Retry-After %s that the call policy gave back as the cloud did",
    async (status, retryAfter) => {
      const { url } = await start();
      cloud.emulator.control.failApiRequests(1, { status, retryAfter });
      const answer = await fetch(`${url}/words/http`);
      expect(answer.status).toBe(status);
      expect(answer.headers.get('retry-after')).toBe(retryAfter);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await answer.json()).toMatchObject({ type: 'about:blank', status });
      // Given back at once: the wait is longer than maxRetryAfterMs.
      expect(cloud.emulator.stats.apiRequests.total).toBe(1);
    },
  );

  it('answers any other failed cloud call 502, without a Retry-After', async () => {
    const { url } = await start();
    cloud.emulator.control.failApiRequests(1, { status: 500, retryAfter: '5' });
    const answer = await fetch(`${url}/words/http`);
    expect(answer.status).toBe(502);
    expect(answer.headers.get('retry-after')).toBeNull();
    expect(await answer.json()).toEqual({
      type: 'about:blank',
      title: 'Bad Gateway',
      status: 502,
      detail: 'A call to the cloud API failed.',
    });
  });

  it("leaves the application's own axios errors and HttpExceptions to Nest, untouched", async () => {
    const { url } = await start();
    const own = await fetch(`${url}/own/axios`);
    expect(own.status).toBe(500);
    expect(await own.json()).toEqual({ statusCode: 500, message: 'Internal server error' });
    const thrown = await fetch(`${url}/own/http-exception`);
    expect(thrown.status).toBe(429);
    expect(thrown.headers.get('retry-after')).toBeNull();
    expect(await thrown.json()).toEqual({ reason: 'slow down' });
  });
});
