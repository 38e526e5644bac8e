import type { ServerResponse } from 'node:http';
import {
  CloudTokenExceptionFilter,
  CloudTokenModule,
  CloudTokenService,
  sendCloudAnswer,
} from '@cloud-token/nestjs';
import { CloudTokenHttpBinding } from '@cloud-token/nestjs/http';
import { HttpModule, HttpService } from '@nestjs/axios';
import { Controller, type DynamicModule, Get, Inject, Module, Res } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { firstValueFrom } from 'rxjs';
import { type AnswerPath, cloudPath, type PathSettings } from './answer-path.js';

/** `CloudTokenService.fetch`, its answer passed on with `sendCloudAnswer` (the README's controller). */
@Controller('statistics')
class FetchController {
  constructor(@Inject(CloudTokenService) private readonly cloud: CloudTokenService) {}

  @Get()
  async statistics(@Res() res: ServerResponse): Promise<void> {
    await sendCloudAnswer(res, await this.cloud.fetch(cloudPath));
  }
}

/** The module's own `HttpService`, with `CloudTokenHttpBinding` (the README's service). */
@Controller('statistics')
class HttpController {
  constructor(@Inject(HttpService) private readonly http: HttpService) {}

  @Get()
  async statistics(): Promise<unknown> {
    const { data } = await firstValueFrom(this.http.get(cloudPath));
    return data;
  }
}

@Module({})
class FaultApp {}

/** A Nest application of one controller, with `CloudTokenModule` and the filter as APP_FILTER. */
async function startNest(
  { apiUrl, ...credentials }: PathSettings,
  feature: Omit<DynamicModule, 'module'>,
) {
  const app = await NestFactory.create(
    {
      module: FaultApp,
      imports: [
        CloudTokenModule.forRoot({ ...credentials, baseUrl: apiUrl, isGlobal: true }),
        ...(feature.imports ?? []),
      ],
      controllers: feature.controllers,
      providers: [
        ...(feature.providers ?? []),
        { provide: APP_FILTER, useClass: CloudTokenExceptionFilter },
      ],
    },
    { logger: false },
  );
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { url: `${url}/statistics`, close: () => app.close() };
}

export const nestFetch: AnswerPath = {
  name: '`CloudTokenService.fetch`',
  start: (settings) => startNest(settings, { controllers: [FetchController] }),
};

export const nestHttpService: AnswerPath = {
  name: '`HttpService`',
  start: (settings) =>
    startNest(settings, {
      imports: [HttpModule.register({ baseURL: `${settings.apiUrl}/` })],
      controllers: [HttpController],
      providers: [CloudTokenHttpBinding],
    }),
};
