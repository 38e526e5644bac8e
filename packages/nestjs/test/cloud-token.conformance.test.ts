import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendCloudAnswer } from '@cloud-token/core/node';
import { readConformanceCall, runServerAdapterConformance } from '@cloud-token/core/testing';
import {
  CloudTokenExceptionFilter,
  CloudTokenModule,
  CloudTokenService,
} from '@cloud-token/nestjs';
import { All, Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import * as vitest from 'vitest';
import { nestVersion } from './support/nest-major.js';

/** The Express platform's response, as far as the readiness route uses it. */
interface ExpressResponse {
  status(code: number): ExpressResponse;
  set(headers: Readonly<Record<string, string>>): ExpressResponse;
}

/** The conformance app's routes. Explicit `@Inject`: the tests run without decorator metadata. */
@Controller()
class ConformanceController {
  constructor(@Inject(CloudTokenService) private readonly cloud: CloudTokenService) {}

  @All('call')
  async call(@Req() request: IncomingMessage, @Res() response: ServerResponse): Promise<void> {
    const { url, init } = await readConformanceCall(request);
    await sendCloudAnswer(response, await this.cloud.fetch(url, init));
  }

  @Get('readyz')
  async readyz(@Res({ passthrough: true }) response: ExpressResponse): Promise<object> {
    const { status, headers, body } = await this.cloud.readiness();
    response.status(status).set(headers);
    return body;
  }
}

// NestJS has no proxy of its own: an app mounts the Express adapter's.
runServerAdapterConformance(vitest, {
  name: nestVersion,
  proxy: false,
  async mount({ credentials, baseUrl, clock }) {
    const moduleRef = await Test.createTestingModule({
      imports: [CloudTokenModule.forRoot({ ...credentials, baseUrl, clock })],
      controllers: [ConformanceController],
      providers: [{ provide: APP_FILTER, useClass: CloudTokenExceptionFilter }],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    return { url: (await app.getUrl()).replace('[::1]', '127.0.0.1'), close: () => app.close() };
  },
});
