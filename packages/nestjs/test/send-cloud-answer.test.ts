import type { ServerResponse } from 'node:http';
import { useEmulator } from '@cloud-token/emulator/testing';
import { CloudTokenModule, CloudTokenService, sendCloudAnswer } from '@cloud-token/nestjs';
import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cloudOptions } from './support/cloud-options.js';
import { useNestApps } from './support/nest-apps.js';
import { nestVersion } from './support/nest-major.js';

/** The README's controller: the cloud's answer passed on as it came. */
@Controller('words')
class WordsController {
  constructor(@Inject(CloudTokenService) private readonly cloud: CloudTokenService) {}

  @Get(':name/statistics')
  async statistics(@Param('name') name: string, @Res() res: ServerResponse): Promise<void> {
    const answer = await this.cloud.fetch(`words/${encodeURIComponent(name)}/statistics`);
    await sendCloudAnswer(res, answer);
  }
}

describe(`sendCloudAnswer() with ${nestVersion}`, () => {
  const cloud = useEmulator({ beforeAll, beforeEach, afterAll });
  const apps = useNestApps();

  function start() {
    return apps.start({
      imports: [CloudTokenModule.forRoot({ ...cloudOptions(cloud.emulator), isGlobal: true })],
      controllers: [WordsController],
    });
  }

  it("passes the cloud's answer on: its 200 and body", async () => {
    const { url } = await start();
    const answer = await fetch(`${url}/words/report.docx/statistics`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await answer.json()).toBeTypeOf('object');
    expect(cloud.emulator.stats.apiRequestLog.map((call) => call.url)).toEqual([
      '/v4.0/words/report.docx/statistics',
    ]);
  });

  it.each([429, 503])(
    "passes the cloud's %i on with its Retry-After, never as a 200",
    async (status) => {
      const { url } = await start();
      cloud.emulator.control.failApiRequests(1, { status, retryAfter: '30' });
      const answer = await fetch(`${url}/words/report.docx/statistics`);
      await answer.arrayBuffer();
      expect(answer.status).toBe(status);
      expect(answer.headers.get('retry-after')).toBe('30');
    },
  );
});
