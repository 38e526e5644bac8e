import { misroutedPreset, statusesOf } from '@cloud-token/core/testing';
import { DEFAULT_CLIENT_SECRET } from '@cloud-token/emulator';
import { useEmulator } from '@cloud-token/emulator/testing';
import {
  CloudTokenExceptionFilter,
  CloudTokenModule,
  type CloudTokenModuleOptions,
} from '@cloud-token/nestjs';
import type { INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { captureNestLogs } from './support/captured-logger.js';
import { cloudOptions } from './support/cloud-options.js';
import { nestVersion } from './support/nest-major.js';
import { wordsModule } from './support/words-module.js';

const wrongSecret = 'wr0ng-s3cret-value';

describe(`CloudTokenExceptionFilter and Nest's Logger with ${nestVersion}`, () => {
  const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
  const open: INestApplication[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((app) => app.close()));
  });

  /** Starts an app with the filter as APP_FILTER, every line Nest logs kept. */
  async function start(options: CloudTokenModuleOptions) {
    const logs = captureNestLogs();
    const moduleRef = await Test.createTestingModule({
      imports: [
        CloudTokenModule.forRoot({ ...options, isGlobal: true }),
        wordsModule(cloud.emulator.apiUrl),
      ],
      providers: [{ provide: APP_FILTER, useClass: CloudTokenExceptionFilter }],
    })
      .setLogger(logs)
      .compile();
    const app = moduleRef.createNestApplication({ logger: logs });
    open.push(app);
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    return { url, logs };
  }

  const problems = (logs: ReturnType<typeof captureNestLogs>) =>
    logs.lines.filter((line) => line.level !== 'log' && line.level !== 'debug');

  it('starts without a warning when registered with APP_FILTER', async () => {
    const { logs } = await start(cloudOptions(cloud.emulator));
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(problems(logs)).toEqual([]);
  });

  it.each(['http', 'fetch'])(
    'says once that the credentials are refused: 100 requests, one line naming the cause, no secret (%s)',
    async (route) => {
      const { url, logs } = await start({
        ...cloudOptions(cloud.emulator),
        clientSecret: wrongSecret,
      });
      expect(new Set(await statusesOf(`${url}/words/${route}`, 100))).toEqual(new Set([502]));
      expect(problems(logs)).toEqual([
        { level: 'error', text: expect.stringContaining('ERR_CREDENTIALS_REJECTED') },
      ]);
      const all = logs.lines.map((line) => line.text).join('\n');
      expect(all).not.toContain(wrongSecret);
      expect(all).not.toContain(DEFAULT_CLIENT_SECRET);
    },
  );

  it('says once that a preset without a versioned baseUrl misroutes every call, naming the baseUrl to use', async () => {
    const { options, sent } = misroutedPreset(wrongSecret);
    const { url, logs } = await start(options);
    expect(new Set(await statusesOf(`${url}/words/fetch`, 100))).toEqual(new Set([500]));
    expect(problems(logs)).toEqual([
      { level: 'error', text: expect.stringContaining('ERR_USAGE') },
    ]);
    expect(problems(logs)[0]?.text).toContain('https://api.aspose.cloud/v4.0/');
    expect(sent).toEqual([]);
  });
});
